package dev.duplex.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the payload of a fragmented or partly received data message. Memory grows with the bytes
 * actually received, never with the length a header announces, and is released after each message.
 */
final class MessageAssembler {
    private static final int FIRST_CAPACITY = 1024;
    private byte[] bytes;
    private int size;

    void append(ByteBuffer buf, int from, int to) {
        int n = to - from;
        ensure(n);
        buf.get(from, bytes, size, n);
        size += n;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    /** Hands the bytes over as an exactly sized array and forgets them. */
    byte[] take() {
        byte[] out = bytes == null ? new byte[0] : bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
        bytes = null;
        size = 0;
        return out;
    }

    void clear() {
        bytes = null;
        size = 0;
    }

    private void ensure(int more) {
        int need = size + more;
        if (bytes == null) {
            bytes = new byte[Math.max(need, FIRST_CAPACITY)];
        } else if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8L, bytes.length * 2L)));
        }
    }
}
