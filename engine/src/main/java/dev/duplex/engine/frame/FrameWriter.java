package dev.duplex.engine.frame;

import dev.duplex.engine.OutputBuffer;

import java.nio.ByteBuffer;

/** Writes RFC 6455 frames (section 5.2) into an {@link OutputBuffer}, masking them when asked. */
public final class FrameWriter {
    private FrameWriter() {
    }

    /**
     * Writes one frame whose payload is {@code [from, to)} of {@code payload} (absolute indexes, the buffer's
     * position is not moved and its bytes are not changed).
     *
     * @param mask true to mask with {@code maskKey} (clients, section 5.3)
     */
    public static void write(OutputBuffer out, boolean fin, int rsv, int opcode, ByteBuffer payload, int from,
                             int to, boolean mask, int maskKey) {
        ByteBuffer b = writeHeader(out, fin, rsv, opcode, to - from, mask, maskKey);
        writePayload(out, b, payload, from, to, mask, maskKey);
    }

    /** Writes one frame whose payload is {@code [from, to)} of {@code payload}, which is not changed. */
    public static void write(OutputBuffer out, boolean fin, int rsv, int opcode, byte[] payload, int from, int to,
                             boolean mask, int maskKey) {
        ByteBuffer b = writeHeader(out, fin, rsv, opcode, to - from, mask, maskKey);
        writePayload(out, b, payload, from, to, mask, maskKey);
    }

    /**
     * Copies (and masks) the payload, a {@code ByteBuffer} or a {@code byte[]}, into {@code b} and further
     * writable buffers. The kind is checked once per output chunk, not per byte.
     */
    private static void writePayload(OutputBuffer out, ByteBuffer b, Object payload, int from, int to, boolean mask,
                                     int maskKey) {
        int length = to - from;
        int done = 0;
        while (done < length) {
            if (!b.hasRemaining()) {
                b = out.writable(1);
            }
            int n = Math.min(b.remaining(), length - done);
            int at = b.position();
            if (payload instanceof byte[] array) {
                if (mask) {
                    Masking.maskCopy(array, from + done, b, at, n, maskKey, done & 3);
                } else {
                    b.put(at, array, from + done, n);
                }
            } else {
                ByteBuffer buffer = (ByteBuffer) payload;
                if (mask) {
                    Masking.maskCopy(buffer, from + done, b, at, n, maskKey, done & 3);
                } else {
                    b.put(at, buffer, from + done, n);
                }
            }
            b.position(at + n);
            done += n;
        }
    }

    /** The header of a frame with a payload of {@code length} bytes; returns the buffer to go on in. */
    private static ByteBuffer writeHeader(OutputBuffer out, boolean fin, int rsv, int opcode, int length,
                                          boolean mask, int maskKey) {
        ByteBuffer b = out.writable(14);
        b.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode));
        int maskBit = mask ? 0x80 : 0;
        if (length <= 125) {
            b.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            b.put((byte) (maskBit | 126));
            putBigEndian(b, length, 2);
        } else {
            b.put((byte) (maskBit | 127));
            putBigEndian(b, length, 8);
        }
        if (mask) {
            putBigEndian(b, maskKey & 0xFFFFFFFFL, 4);
        }
        return b;
    }

    private static void putBigEndian(ByteBuffer b, long value, int bytes) {
        for (int k = bytes - 1; k >= 0; k--) {
            b.put((byte) (value >>> (8 * k)));
        }
    }
}
