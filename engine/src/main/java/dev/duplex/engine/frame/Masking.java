package dev.duplex.engine.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 section 5.3, eight bytes at a time.
 * <p>A masking key is the int formed by its four bytes in wire order (big-endian). {@code keyOffset} is the
 * position within the key (0-3) of the first byte processed, so a payload can be (un)masked in pieces.
 * {@link #maskReference} is the byte-by-byte twin the fast paths are tested against.
 */
public final class Masking {
    /** Eight bytes of an array as one long, in wire order, so that they line up with a widened key. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {
    }

    /** Masks (or unmasks) {@code length} bytes of {@code data} in place from index {@code from}. */
    public static void maskInPlace(byte[] data, int from, int length, int key, int keyOffset) {
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        int i = from;
        int end = from + length;
        if (length >= 8) {
            long m = widen(rotated, ByteOrder.BIG_ENDIAN);
            for (int longEnd = end - 7; i < longEnd; i += 8) {
                LONGS.set(data, i, (long) LONGS.get(data, i) ^ m);
            }
        }
        for (; i < end; i++) {
            data[i] = (byte) (data[i] ^ (rotated >>> (24 - 8 * ((i - from) & 3))));
        }
    }

    /**
     * Copies {@code length} bytes from {@code src} (index {@code srcFrom}) to {@code dst} (absolute index
     * {@code dstFrom}), masking them on the way. The buffer's position does not move.
     */
    public static void maskCopy(byte[] src, int srcFrom, ByteBuffer dst, int dstFrom, int length, int key,
                                int keyOffset) {
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        int i = 0;
        if (length >= 8) {
            long m = widen(rotated, ByteOrder.BIG_ENDIAN);
            boolean bigEndian = dst.order() == ByteOrder.BIG_ENDIAN;
            for (int longEnd = length - 7; i < longEnd; i += 8) {
                long v = (long) LONGS.get(src, srcFrom + i) ^ m;
                dst.putLong(dstFrom + i, bigEndian ? v : Long.reverseBytes(v));
            }
        }
        for (; i < length; i++) {
            dst.put(dstFrom + i, (byte) (src[srcFrom + i] ^ (rotated >>> (24 - 8 * (i & 3)))));
        }
    }

    /** Masks (or unmasks) {@code length} bytes of {@code buf} in place from absolute index {@code from}. */
    public static void maskInPlace(ByteBuffer buf, int from, int length, int key, int keyOffset) {
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        int i = from;
        int end = from + length;
        if (length >= 8) {
            long m = widen(rotated, buf.order());
            int longEnd = end - 7;
            for (; i < longEnd; i += 8) {
                buf.putLong(i, buf.getLong(i) ^ m);
            }
        }
        for (; i < end; i++) {
            buf.put(i, (byte) (buf.get(i) ^ (rotated >>> (24 - 8 * ((i - from) & 3)))));
        }
    }

    /**
     * Copies {@code length} bytes from {@code src} (absolute index {@code srcFrom}) to {@code dst}
     * (absolute index {@code dstFrom}), masking them on the way. Neither buffer's position moves.
     */
    public static void maskCopy(ByteBuffer src, int srcFrom, ByteBuffer dst, int dstFrom, int length, int key,
                                int keyOffset) {
        int rotated = Integer.rotateLeft(key, 8 * (keyOffset & 3));
        int i = 0;
        if (length >= 8) {
            long ms = widen(rotated, src.order());
            boolean sameOrder = src.order() == dst.order();
            int longEnd = length - 7;
            for (; i < longEnd; i += 8) {
                long v = src.getLong(srcFrom + i) ^ ms;
                dst.putLong(dstFrom + i, sameOrder ? v : Long.reverseBytes(v));
            }
        }
        for (; i < length; i++) {
            dst.put(dstFrom + i, (byte) (src.get(srcFrom + i) ^ (rotated >>> (24 - 8 * (i & 3)))));
        }
    }

    /** The key byte by byte, for reference: byte {@code i} is XORed with key byte {@code (i + keyOffset) % 4}. */
    public static void maskReference(byte[] data, int from, int length, int key, int keyOffset) {
        for (int i = 0; i < length; i++) {
            int keyByte = (key >>> (24 - 8 * ((i + keyOffset) & 3))) & 0xFF;
            data[from + i] = (byte) (data[from + i] ^ keyByte);
        }
    }

    private static long widen(int rotatedKey, ByteOrder order) {
        long big = ((long) rotatedKey << 32) | (rotatedKey & 0xFFFFFFFFL);
        return order == ByteOrder.BIG_ENDIAN ? big : Long.reverseBytes(big);
    }
}
