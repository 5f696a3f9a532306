package dev.duplex.testsupport;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Events as short strings ({@code "text hello"}, {@code "close 1000 clean"}), taken in order with a bound of
 * {@link #TIMEOUT}: a peer of any kind (another library, another class loader) can report through it, and a test
 * compares what it takes as text. Where nothing comes in time the event is {@code "timeout"}, so that the
 * comparison fails with a readable message. Thread-safe.
 */
public final class EventLog {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** What {@link #next} and {@link #nextStartingWith} return when nothing (suitable) came in time. */
    public static final String TIMED_OUT = "timeout";

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    public void add(String event) {
        queue.add(event);
    }

    /** The queue itself, for code that may only see JDK types (a peer loaded by another class loader). */
    public BlockingQueue<String> queue() {
        return queue;
    }

    /** The next event, or {@value #TIMED_OUT} after {@link #TIMEOUT}. */
    public String next() throws InterruptedException {
        String e = queue.poll(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        return e == null ? TIMED_OUT : e;
    }

    /** Skips events until one starting with {@code prefix}; {@value #TIMED_OUT} if none comes in time. */
    public String nextStartingWith(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String e = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.startsWith(prefix)) {
                return e;
            }
        }
        return TIMED_OUT;
    }

    @Override
    public String toString() {
        return "EventLog" + queue;
    }
}
