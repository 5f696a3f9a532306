package dev.duplex.transport.internal;

/**
 * An entry of an event loop's timer queue ({@link TimerHeap}). An entry is in the queue at most once; it knows its
 * place there, so the loop can move or remove it in logarithmic time. Cancellation from another thread is lazy:
 * a cancelled entry stays queued and is skipped when due.
 * <p>A connection is its own entry (it extends this class), so that an open connection costs no separate timer
 * object: its single deadline moves in place.
 */
public abstract class LoopTimer {
    /** The {@link System#nanoTime()} at which the timer is due; changed only through the {@link TimerHeap}. */
    long at;
    /** The entry's index in its heap, or -1 when it is not queued. Loop thread only. */
    int heapIndex = -1;
    private volatile boolean cancelled;

    protected LoopTimer(long atNanos) {
        this.at = atNanos;
    }

    /** The {@link System#nanoTime()} at which the timer is due. */
    public long at() {
        return at;
    }

    /** Prevents the timer from firing, if it has not yet. Any thread. */
    public void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** Whether the entry waits in a loop's queue. Loop thread only. */
    boolean isQueued() {
        return heapIndex >= 0;
    }

    /** Runs on the loop thread when due. */
    protected abstract void fire();

    static LoopTimer of(long at, Runnable task) {
        return new LoopTimer(at) {
            @Override
            protected void fire() {
                task.run();
            }
        };
    }
}
