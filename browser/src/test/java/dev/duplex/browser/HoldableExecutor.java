package dev.duplex.browser;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * An event executor that a test can hold: while held, tasks wait (in order) instead of running, as a page's
 * script keeps running before the browser's queued tasks. Lets a test observe the state that a method sets
 * synchronously (such as {@code readyState == CLOSING} right after {@code close()}) before an event task that
 * races with it (the close event, which sets {@code CLOSED}) has run.
 */
final class HoldableExecutor implements Executor {
    private final Executor inner;
    private final Queue<Runnable> held = new ArrayDeque<>();
    private boolean holding;

    HoldableExecutor(Executor inner) {
        this.inner = inner;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (holding) {
                held.add(task);
                return;
            }
        }
        inner.execute(task);
    }

    /** The default environment with its events going through a new executor that holds them from the start. */
    static HoldableExecutor held() {
        HoldableExecutor tasks = new HoldableExecutor(WebSocketEnvironment.defaults().eventExecutor());
        tasks.hold();
        return tasks;
    }

    /** The default environment, with events through this executor. */
    WebSocketEnvironment environment() {
        return WebSocketEnvironment.builder().eventExecutor(this).build();
    }

    synchronized void hold() {
        holding = true;
    }

    /** Stops holding and hands the waiting tasks on, in order. */
    void release() {
        Queue<Runnable> run;
        synchronized (this) {
            holding = false;
            run = new ArrayDeque<>(held);
            held.clear();
        }
        run.forEach(inner::execute);
    }
}
