package dev.duplex.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory that message buffers of many connections draw from together. Every limit in {@link EngineConfig} is
 * per connection; a budget bounds their sum, so that many connections each holding a large, half-received
 * message cannot exhaust the heap. A connection whose message cannot grow because the budget is spent is
 * closed with 1013 (try again later). Thread-safe: one budget is shared by engines on different threads.
 */
public final class MemoryBudget {
    private static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);
    private static final MemoryBudget HALF_HEAP = new MemoryBudget(Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2));

    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    private MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** A budget of {@code bytes}, to share between the engines it is configured on. */
    public static MemoryBudget of(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + bytes);
        }
        return new MemoryBudget(bytes);
    }

    /** No bound beyond each connection's own limits. */
    public static MemoryBudget unlimited() {
        return UNLIMITED;
    }

    /** The default: one budget for the whole JVM, half of the maximum heap (at least 64 MiB). */
    public static MemoryBudget halfHeap() {
        return HALF_HEAP;
    }

    /** Takes {@code bytes} from the budget; false, taking nothing, when that would pass the limit. */
    public boolean tryReserve(long bytes) {
        long now;
        do {
            now = reserved.get();
            if (bytes > limit - now) {
                return false;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        return true;
    }

    /** Gives back bytes taken with {@link #tryReserve}. */
    public void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    public long limit() {
        return limit;
    }

    /** Bytes currently reserved. */
    public long reserved() {
        return reserved.get();
    }

    @Override
    public String toString() {
        return this == UNLIMITED ? "MemoryBudget[unlimited]" : "MemoryBudget[" + reserved() + " of " + limit + " bytes]";
    }
}
