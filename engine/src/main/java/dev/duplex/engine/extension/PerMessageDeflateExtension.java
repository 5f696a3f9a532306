package dev.duplex.engine.extension;

import dev.duplex.engine.ProtocolException;

import java.nio.ByteBuffer;

/** permessage-deflate on one connection (RFC 7692 sections 6 and 7.2). */
final class PerMessageDeflateExtension implements Extension {
    private static final int RSV1 = 0b100;

    private final ExtensionParameters agreed;
    private final Compressor compressor;
    private final Decompressor decompressor;
    private final int minSize;
    private boolean receivingCompressed;
    private boolean sendingCompressed;

    PerMessageDeflateExtension(ExtensionParameters agreed, Compressor compressor, Decompressor decompressor, int minSize) {
        this.agreed = agreed;
        this.compressor = compressor;
        this.decompressor = decompressor;
        this.minSize = minSize;
    }

    @Override
    public String name() {
        return PerMessageDeflate.NAME;
    }

    @Override
    public int rsvBits() {
        return RSV1;
    }

    @Override
    public ExtensionParameters agreed() {
        return agreed;
    }

    /** Section 6: RSV1 marks the first frame of a compressed message, and only that frame. */
    @Override
    public boolean beginFrame(boolean firstOfMessage, boolean fin, int rsv) {
        boolean rsv1 = (rsv & RSV1) != 0;
        if (firstOfMessage) {
            receivingCompressed = rsv1;
        } else if (rsv1) {
            throw ProtocolException.protocolError("RSV1 set on a continuation frame (RFC 7692 section 6.1)");
        }
        return receivingCompressed;
    }

    @Override
    public void decode(ByteBuffer in, int from, int to, DecodedSink out) {
        decompressor.decompress(in, from, to, out);
    }

    @Override
    public void endFrame(boolean decoded, boolean endOfMessage, DecodedSink out) {
        if (decoded && endOfMessage) {
            decompressor.finish(true, out);
        }
    }

    @Override
    public Encoded encode(ByteBuffer data, boolean firstOfMessage, boolean lastOfMessage) {
        if (firstOfMessage) {
            sendingCompressed = !(lastOfMessage && data.remaining() < minSize);
        }
        if (!sendingCompressed) {
            return new Encoded(data, 0);
        }
        return new Encoded(compressor.compress(data, lastOfMessage), firstOfMessage ? RSV1 : 0);
    }

    @Override
    public void close() {
        compressor.close();
        decompressor.close();
    }

    @Override
    public String toString() {
        return "PerMessageDeflateExtension[" + agreed + "]";
    }
}
