package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.frame.Masking;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Differential fuzzing of RFC 6455 section 5.3 masking: {@link Masking#maskInPlace} and {@link Masking#maskCopy}
 * (eight bytes at a time through {@code long} views) against the byte-by-byte {@link Masking#maskReference},
 * for every key, key offset, length, alignment, byte order and heap or direct buffer, in one piece and in two
 * pieces continued at the right key offset. Bytes around the masked region must be left alone.
 * <pre>
 * bytes 0-3  the masking key, in wire order
 * byte 4     bits 0-1 key offset; bit 2 source direct; bit 3 source little-endian;
 *            bit 4 destination direct; bit 5 destination little-endian
 * byte 5     low 4 bits: where the region starts in the source; high 4 bits: in the destination
 * byte 6     where the payload is cut in two (byte 6 / 255 of its length)
 * the rest   the payload
 * </pre>
 */
class MaskingFuzzTest {
    private static final byte GUARD = (byte) 0x3C;
    private static final int TAIL = 9;

    @FuzzTest(maxDuration = "8s")
    void masking(byte[] data) {
        if (data.length < 7) {
            return;
        }
        int key = ByteBuffer.wrap(data, 0, 4).getInt();
        int flags = data[4] & 0xFF;
        int keyOffset = flags & 3;
        int srcFrom = data[5] & 0x0F;
        int dstFrom = (data[5] & 0xF0) >>> 4;
        byte[] payload = Arrays.copyOfRange(data, 7, data.length);
        int n = payload.length;
        int cut = (int) ((long) n * (data[6] & 0xFF) / 255);

        byte[] expected = payload.clone();
        Masking.maskReference(expected, 0, n, key, keyOffset);

        ByteBuffer inPlace = region(payload, srcFrom, (flags & 4) != 0, (flags & 8) != 0);
        Masking.maskInPlace(inPlace, srcFrom, n, key, keyOffset);
        check(inPlace, srcFrom, expected, "maskInPlace");
        Masking.maskInPlace(inPlace, srcFrom, n, key, keyOffset);
        check(inPlace, srcFrom, payload, "maskInPlace twice");

        ByteBuffer twoPieces = region(payload, srcFrom, (flags & 4) != 0, (flags & 8) != 0);
        Masking.maskInPlace(twoPieces, srcFrom, cut, key, keyOffset);
        Masking.maskInPlace(twoPieces, srcFrom + cut, n - cut, key, (keyOffset + cut) & 3);
        check(twoPieces, srcFrom, expected, "maskInPlace in two pieces at " + cut);

        ByteBuffer src = region(payload, srcFrom, (flags & 4) != 0, (flags & 8) != 0);
        ByteBuffer dst = region(new byte[n], dstFrom, (flags & 16) != 0, (flags & 32) != 0);
        Masking.maskCopy(src, srcFrom, dst, dstFrom, n, key, keyOffset);
        check(dst, dstFrom, expected, "maskCopy");
        check(src, srcFrom, payload, "maskCopy's source");

        ByteBuffer dst2 = region(new byte[n], dstFrom, (flags & 16) != 0, (flags & 32) != 0);
        Masking.maskCopy(src, srcFrom, dst2, dstFrom, cut, key, keyOffset);
        Masking.maskCopy(src, srcFrom + cut, dst2, dstFrom + cut, n - cut, key, (keyOffset + cut) & 3);
        check(dst2, dstFrom, expected, "maskCopy in two pieces at " + cut);
    }

    /** A buffer holding {@code bytes} at index {@code from}, with guard bytes before and after. */
    private static ByteBuffer region(byte[] bytes, int from, boolean direct, boolean littleEndian) {
        int capacity = from + bytes.length + TAIL;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        b.order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < capacity; i++) {
            b.put(i, GUARD);
        }
        b.put(from, bytes);
        return b;
    }

    private static void check(ByteBuffer b, int from, byte[] expected, String what) {
        if (b.position() != 0 || b.limit() != b.capacity()) {
            throw new FuzzFailure(what + " moved the buffer's position or limit: " + b);
        }
        for (int i = 0; i < b.capacity(); i++) {
            boolean inside = i >= from && i < from + expected.length;
            byte want = inside ? expected[i - from] : GUARD;
            if (b.get(i) != want) {
                throw new FuzzFailure(what + ": byte " + i + " of a " + (b.isDirect() ? "direct " : "heap ") + b.order()
                        + " buffer is " + b.get(i) + ", expected " + want + (inside ? "" : " (outside the region)"));
            }
        }
    }
}
