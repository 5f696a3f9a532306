package dev.duplex.browser;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The task queue of one socket, the "WebSocket task source" (https://websockets.spec.whatwg.org/#feedback-from-the-protocol):
 * runs tasks one at a time, in submission order, on another executor. A task may run on a different thread
 * than the one before it, but never concurrently with it, and everything a task did is visible to the next
 * one. A task that throws is logged and the next one still runs.
 * <h2>Run to completion</h2>
 * A page's script adds its listeners right after {@code new WebSocket(...)}, safe in the knowledge that no
 * task runs before the script is finished. The Java counterpart: tasks are held until the thread that
 * created the socket <em>yields</em>: it blocks or waits (any state but {@code RUNNABLE}), ends, or, when it
 * is itself running a socket task, finishes that task. A thread that never yields holds them at most
 * {@link #MAX_HOLD_NANOS}.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final int BATCH = 64;
    static final long MAX_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** On a thread running tasks: how many it has finished (so a socket created inside a task knows when it ended). */
    private static final ThreadLocal<AtomicLong> TASKS_DONE = new ThreadLocal<>();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r ->
            Thread.ofPlatform().daemon().name("duplex-websocket-hold").unstarted(r));

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean checkPending = new AtomicBoolean();

    private volatile Thread creator;
    private final long createdAt = System.nanoTime();
    private final AtomicLong creatorTasks;
    private final long creatorTaskMark;

    /** A queue whose tasks are held until the calling thread yields. */
    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
        this.creator = Thread.currentThread();
        this.creatorTasks = TASKS_DONE.get();
        this.creatorTaskMark = creatorTasks == null ? 0 : creatorTasks.get();
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (creator != null) {
            if (!creatorYielded()) {
                if (checkPending.compareAndSet(false, true)) {
                    TIMER.schedule(() -> {
                        checkPending.set(false);
                        schedule();
                    }, 1, TimeUnit.MILLISECONDS);
                }
                return;
            }
            creator = null;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(this::drain);
            } catch (RuntimeException e) {
                // The delegate refused (for example it was shut down): run here rather than lose events.
                LOG.log(System.Logger.Level.WARNING, "event executor refused a task; running it on the caller", e);
                drain();
            }
        }
    }

    private boolean creatorYielded() {
        Thread t = creator;
        if (t == null) {
            return true;
        }
        if (creatorTasks != null && creatorTasks.get() != creatorTaskMark) {
            return true;
        }
        Thread.State state = t.getState();
        return state != Thread.State.RUNNABLE && state != Thread.State.NEW
                || System.nanoTime() - createdAt > MAX_HOLD_NANOS;
    }

    private void drain() {
        AtomicLong done = TASKS_DONE.get();
        if (done == null) {
            done = new AtomicLong();
            TASKS_DONE.set(done);
        }
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError vme) {
                        throw vme;
                    }
                    LOG.log(System.Logger.Level.WARNING, "WebSocket event task failed", e);
                } finally {
                    done.incrementAndGet();
                }
            }
        } finally {
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
