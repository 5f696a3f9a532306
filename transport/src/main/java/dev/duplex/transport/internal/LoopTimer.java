package dev.duplex.transport.internal;

/**
 * An entry of an event loop's timer queue. Cancellation is lazy: a cancelled entry stays queued and is
 * skipped when due.
 */
public abstract class LoopTimer implements Comparable<LoopTimer> {
    final long at;
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

    /** Runs on the loop thread when due. */
    protected abstract void fire();

    @Override
    public int compareTo(LoopTimer other) {
        return Long.compare(at - other.at, 0);
    }

    static LoopTimer of(long at, Runnable task) {
        return new LoopTimer(at) {
            @Override
            protected void fire() {
                task.run();
            }
        };
    }
}
