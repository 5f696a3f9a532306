package dev.duplex.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the payload of a fragmented or partly received data message. Memory grows with the bytes
 * actually received, never with the length a header announces, is drawn from a shared {@link MemoryBudget},
 * and is released after each message.
 */
final class MessageAssembler {
    private static final int FIRST_CAPACITY = 1024;
    private final MemoryBudget budget;
    private byte[] bytes;
    private int size;

    MessageAssembler(MemoryBudget budget) {
        this.budget = budget;
    }

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

    /** Hands the bytes over as an exactly sized array (the receiver owns it now) and forgets them. */
    byte[] take() {
        byte[] out = bytes == null ? new byte[0] : bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
        clear();
        return out;
    }

    void clear() {
        if (bytes != null) {
            budget.release(bytes.length);
        }
        bytes = null;
        size = 0;
    }

    private void ensure(int more) {
        int need = size + more;
        int have = bytes == null ? 0 : bytes.length;
        if (need <= have) {
            return;
        }
        int capacity = bytes == null ? Math.max(need, FIRST_CAPACITY)
                : Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8L, have * 2L));
        if (!budget.tryReserve(capacity - have)) {
            // Grow only as far as needed before giving up: a shared budget may still allow that.
            capacity = need;
            if (!budget.tryReserve(capacity - have)) {
                throw ProtocolException.tryAgainLater("the server's memory budget for messages ("
                        + budget.limit() + " bytes) is spent");
            }
        }
        bytes = bytes == null ? new byte[capacity] : Arrays.copyOf(bytes, capacity);
    }
}
