package dev.duplex.engine;

import dev.duplex.engine.extension.Extension;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The negotiated extensions of one connection, applied in order to outgoing frames and in reverse order to
 * incoming ones (RFC 6455 section 9.1). Two extensions may not use the same RSV bit.
 */
final class ExtensionChain {
    private final Extension[] extensions;
    private final boolean[] decoding;
    private final int rsvBits;
    /** Where the innermost decoded bytes go (the engine). */
    private final Extension.DecodedSink sink;

    ExtensionChain(List<Extension> list, Extension.DecodedSink sink) {
        this.extensions = list.toArray(Extension[]::new);
        this.sink = sink;
        this.decoding = new boolean[extensions.length];
        int bits = 0;
        for (Extension e : extensions) {
            if ((bits & e.rsvBits()) != 0) {
                throw new IllegalArgumentException("two extensions claim the same RSV bit: " + list);
            }
            bits |= e.rsvBits();
        }
        this.rsvBits = bits;
    }

    int rsvBits() {
        return rsvBits;
    }

    /** Starts an incoming data frame; true when any extension decodes its payload. */
    boolean beginFrame(boolean first, boolean fin, int rsv) {
        boolean any = false;
        for (int i = 0; i < extensions.length; i++) {
            decoding[i] = extensions[i].beginFrame(first, fin, rsv & extensions[i].rsvBits());
            any |= decoding[i];
        }
        return any;
    }

    void decode(ByteBuffer in, int from, int to) {
        decodeFrom(extensions.length - 1, in, from, to);
    }

    private void decodeFrom(int i, ByteBuffer in, int from, int to) {
        while (i >= 0 && !decoding[i]) {
            i--;
        }
        if (i < 0) {
            sink.accept(in, from, to);
            return;
        }
        if (i == 0) {
            extensions[0].decode(in, from, to, sink);
            return;
        }
        int next = i - 1;
        extensions[i].decode(in, from, to, (b, f, t) -> decodeFrom(next, b, f, t));
    }

    /** Ends an incoming data frame: each extension flushes what it still holds, outermost first. */
    void endFrame(boolean endOfMessage) {
        for (int i = extensions.length - 1; i >= 0; i--) {
            int next = i - 1;
            Extension.DecodedSink downstream = next < 0 ? sink : (b, f, t) -> decodeFrom(next, b, f, t);
            extensions[i].endFrame(decoding[i], endOfMessage, downstream);
        }
    }

    /** Transforms an outgoing frame payload through every extension; returns the payload and its RSV bits. */
    Extension.Encoded encode(ByteBuffer data, boolean first, boolean last) {
        int rsv = 0;
        ByteBuffer payload = data;
        for (Extension e : extensions) {
            Extension.Encoded encoded = e.encode(payload, first, last);
            payload = encoded.payload();
            rsv |= encoded.rsv();
        }
        return new Extension.Encoded(payload, rsv);
    }

    void close() {
        for (Extension e : extensions) {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                // releasing native memory must not hide the reason the connection closed
            }
        }
    }

    @Override
    public String toString() {
        return List.of(extensions).toString();
    }
}
