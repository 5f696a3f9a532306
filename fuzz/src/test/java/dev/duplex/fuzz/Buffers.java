package dev.duplex.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The shapes of {@link ByteBuffer} a transport may hand to the engine. Every shape but {@link #HEAP} has bytes
 * around the region {@code [position, limit)}, so code that indexes relative to the wrong origin reads or
 * writes the wrong bytes; {@link #guardsIntact} tells whether those bytes were left alone.
 */
enum Buffers {
    /** {@code ByteBuffer.wrap(bytes)}: position 0, array offset 0. */
    HEAP,
    /** A heap buffer whose position is 3 and whose limit is 2 bytes before its capacity. */
    HEAP_WINDOW,
    /** A direct buffer with the same window. */
    DIRECT_WINDOW,
    /** A little-endian slice with array offset 5: absolute index 0 is array index 5. */
    LITTLE_ENDIAN_SLICE;

    static final byte GUARD = (byte) 0xA5;
    private static final int BEFORE = 3;
    private static final int AFTER = 2;
    private static final int SLICE_OFFSET = 5;

    static Buffers of(int bits) {
        return values()[bits & 3];
    }

    /** A buffer whose remaining bytes are a copy of {@code [from, to)} of {@code bytes}. */
    ByteBuffer wrap(byte[] bytes, int from, int to) {
        int n = to - from;
        return switch (this) {
            case HEAP -> ByteBuffer.wrap(Arrays.copyOfRange(bytes, from, to));
            case HEAP_WINDOW -> {
                byte[] array = guarded(BEFORE + n + AFTER);
                System.arraycopy(bytes, from, array, BEFORE, n);
                yield ByteBuffer.wrap(array, BEFORE, n);
            }
            case DIRECT_WINDOW -> {
                ByteBuffer b = ByteBuffer.allocateDirect(BEFORE + n + AFTER);
                for (int i = 0; i < b.capacity(); i++) {
                    b.put(i, GUARD);
                }
                b.put(BEFORE, bytes, from, n);
                yield b.position(BEFORE).limit(BEFORE + n);
            }
            case LITTLE_ENDIAN_SLICE -> {
                byte[] array = guarded(SLICE_OFFSET + n + AFTER);
                System.arraycopy(bytes, from, array, SLICE_OFFSET, n);
                yield ByteBuffer.wrap(array, SLICE_OFFSET, n).slice().order(ByteOrder.LITTLE_ENDIAN);
            }
        };
    }

    /** Whether the bytes outside the window handed out by {@link #wrap} still hold {@link #GUARD}. */
    boolean guardsIntact(ByteBuffer b, int windowLength) {
        return switch (this) {
            case HEAP, LITTLE_ENDIAN_SLICE -> this == HEAP || guardsIntact(b.array(), SLICE_OFFSET, windowLength);
            case HEAP_WINDOW -> guardsIntact(b.array(), BEFORE, windowLength);
            case DIRECT_WINDOW -> {
                ByteBuffer whole = b.duplicate().clear();
                for (int i = 0; i < whole.capacity(); i++) {
                    if ((i < BEFORE || i >= BEFORE + windowLength) && whole.get(i) != GUARD) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private static boolean guardsIntact(byte[] array, int start, int windowLength) {
        for (int i = 0; i < array.length; i++) {
            if ((i < start || i >= start + windowLength) && array[i] != GUARD) {
                return false;
            }
        }
        return true;
    }

    private static byte[] guarded(int size) {
        byte[] array = new byte[size];
        Arrays.fill(array, GUARD);
        return array;
    }
}
