package dev.duplex.engine.extension;

import dev.duplex.engine.ProtocolException;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * DEFLATE decompression for one direction of a connection (RFC 7692 section 7.2.2). Output is produced in
 * pieces of at most {@value #CHUNK} bytes and handed to the sink one piece at a time, so the receiver can stop
 * a decompression bomb as soon as its limit is passed, having held at most one piece.
 * <p>Windows of any size up to 15 bits decode with the JDK's inflater. Without context takeover the
 * inflater goes back to a shared pool after each message.
 */
final class Decompressor {
    static final int CHUNK = 16 * 1024;
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(CHUNK));

    private final boolean contextTakeover;
    private Inflater inflater;

    Decompressor(boolean contextTakeover) {
        this.contextTakeover = contextTakeover;
    }

    /** Decompresses bytes {@code [from, to)} of {@code in}. */
    void decompress(ByteBuffer in, int from, int to, Extension.DecodedSink out) {
        if (inflater == null) {
            inflater = ZlibPool.inflater();
        }
        run(in.slice(from, to - from), out);
    }

    /** Ends a message (or a frame, for per-frame compression): adds the removed tail and drains the output. */
    void finish(boolean endOfMessage, Extension.DecodedSink out) {
        if (inflater == null) {
            inflater = ZlibPool.inflater();
        }
        run(ByteBuffer.wrap(TAIL), out);
        if (endOfMessage && !contextTakeover) {
            ZlibPool.release(inflater);
            inflater = null;
        }
    }

    private void run(ByteBuffer input, Extension.DecodedSink out) {
        ByteBuffer scratch = SCRATCH.get();
        inflater.setInput(input);
        try {
            while (true) {
                scratch.clear();
                int n = inflater.inflate(scratch);
                if (n > 0) {
                    out.accept(scratch, 0, n);
                }
                if (inflater.finished()) {
                    // A final block (BFINAL) ended the stream: what follows starts a new one.
                    int left = input.remaining();
                    inflater.reset();
                    if (left == 0) {
                        return;
                    }
                    inflater.setInput(input);
                    continue;
                }
                if (inflater.needsDictionary()) {
                    throw ProtocolException.invalidPayload("compressed data asks for a preset dictionary");
                }
                if (n == 0) {
                    return; // all input consumed (or no progress possible without more of it)
                }
            }
        } catch (DataFormatException e) {
            throw ProtocolException.invalidPayload("invalid compressed data: " + e.getMessage());
        }
    }

    void close() {
        if (inflater != null) {
            ZlibPool.release(inflater);
            inflater = null;
        }
    }
}
