package dev.duplex.http2;

import java.nio.ByteBuffer;

/**
 * The 9-octet frame header of RFC 9113 section 4.1: a 24-bit payload length, an 8-bit type, 8 bits of flags,
 * one reserved bit (ignored on receipt, sent as 0) and a 31-bit stream identifier.
 *
 * @param type the raw type code; {@link FrameType#of(int)} is null for extension types
 */
record FrameHeader(int length, int type, int flags, int streamId) {
    static final int SIZE = 9;
    /** The largest 31-bit stream identifier and window size (sections 5.1.1, 6.9.1). */
    static final int MAX_31 = 0x7fffffff;

    /** Reads a header from the next 9 bytes of {@code in}, ignoring the reserved bit (section 4.1). */
    static FrameHeader read(ByteBuffer in) {
        int length = (in.get() & 0xff) << 16 | (in.get() & 0xff) << 8 | in.get() & 0xff;
        int type = in.get() & 0xff;
        int flags = in.get() & 0xff;
        int streamId = in.getInt() & MAX_31;
        return new FrameHeader(length, type, flags, streamId);
    }

    static void write(ByteBuffer out, int length, FrameType type, int flags, int streamId) {
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        out.put((byte) type.code()).put((byte) flags).putInt(streamId & MAX_31);
    }

    FrameType frameType() {
        return FrameType.of(type);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        FrameType t = frameType();
        return (t == null ? "UNKNOWN(0x" + Integer.toHexString(type) + ")" : t.name()) + "[stream=" + streamId
                + ", length=" + length + ", flags=0x" + Integer.toHexString(flags) + "]";
    }
}
