package dev.duplex.browser;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on another executor: the "WebSocket task source" of one
 * socket (https://websockets.spec.whatwg.org/#feedback-from-the-protocol). A task may run on a different
 * thread than the one before it, but never concurrently with it, and everything a task did is visible to
 * the next one. A task that throws is logged and the next one still runs.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final int BATCH = 64;

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
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

    private void drain() {
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
