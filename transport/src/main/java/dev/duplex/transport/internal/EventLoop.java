package dev.duplex.transport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One event-loop thread with its own {@link Selector}. Each iteration: select (until the next timer is
 * due), handle ready keys (a connection flushes what its read batch produced right after it, so many small
 * frames leave in one gathering write), run queued tasks, fire due timers, then flush every connection that
 * produced output since (sends from tasks, timers and other threads).
 * <p>Owns per-loop resources used only by its thread: the read buffer shared by all its connections (an
 * idle connection holds no read memory), the outgoing-buffer pool, TLS scratch buffers and the mask-key
 * source.
 */
public final class EventLoop implements Executor {
    static final System.Logger LOG = System.getLogger("dev.duplex.transport");
    /** Size of the read buffer shared by the loop's connections. */
    public static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int TLS_BUFFER_SIZE = 80 * 1024;
    private static final int MAX_TASKS_PER_ITERATION = 4096;
    private static final int RUNNING = 0;
    private static final int STOPPING = 1;
    private static final int TERMINATED = 2;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final TimerHeap timers = new TimerHeap();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final BufferPool pool = new BufferPool(256);
    private SocketEndpoint[] flushList = new SocketEndpoint[64];
    private int flushCount;
    private ByteBuffer tlsIn;
    private ByteBuffer tlsOut;
    private MaskKeys maskKeys;
    private long now = System.nanoTime();
    private volatile int state = RUNNING;

    public EventLoop(String name, boolean daemon) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new LoopThread(this::run, name, daemon, pool);
    }

    public void start() {
        thread.start();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** The {@link System#nanoTime()} read at the start of the current iteration. */
    public long now() {
        return now;
    }

    /**
     * Queues a task for the loop thread (from any thread, the loop's own included) and wakes the loop.
     *
     * @throws RejectedExecutionException if the loop has terminated
     */
    @Override
    public void execute(Runnable task) {
        if (!offer(task)) {
            throw new RejectedExecutionException("event loop " + thread.getName() + " has stopped");
        }
    }

    /** Like {@link #execute} but returns false instead of throwing when the loop has terminated. */
    public boolean offer(Runnable task) {
        tasks.add(task);
        if (state == TERMINATED && tasks.remove(task)) {
            return false;
        }
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
        return true;
    }

    /** Schedules {@code task} after {@code delayNanos}; the returned timer can be cancelled. Any thread. */
    public LoopTimer schedule(long delayNanos, Runnable task) {
        LoopTimer timer = LoopTimer.of(System.nanoTime() + delayNanos, task);
        if (inLoop()) {
            timers.schedule(timer, timer.at);
        } else {
            execute(() -> timers.schedule(timer, timer.at));
        }
        return timer;
    }

    /** Queues {@code timer} to fire at {@code at}, or moves it there when it is queued already. Loop thread only. */
    public void scheduleTimer(LoopTimer timer, long at) {
        timers.schedule(timer, at);
    }

    /** Takes {@code timer} out of the queue (it will not fire) if it is queued. Loop thread only. */
    public void removeTimer(LoopTimer timer) {
        timers.remove(timer);
    }

    /** Registers a channel with this loop's selector. Loop thread only. */
    public SelectionKey register(SelectableChannel channel, int ops, Selectable handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /**
     * Calls {@code action} with the handler of every channel registered with this loop (connections, acceptors).
     * Any thread: the selector's key set is safe for concurrent use, and its iteration weakly consistent.
     */
    public void forEachRegistered(Consumer<Object> action) {
        try {
            for (SelectionKey key : selector.keys()) {
                Object handler = key.attachment();
                if (handler != null && key.isValid()) {
                    action.accept(handler);
                }
            }
        } catch (ClosedSelectorException ignored) {
            // the loop has stopped: nothing is registered any more
        }
    }

    /** Asks for {@code c} to be flushed at the end of this iteration. Loop thread only. */
    void scheduleFlush(SocketEndpoint c) {
        if (flushCount == flushList.length) {
            flushList = java.util.Arrays.copyOf(flushList, flushCount * 2);
        }
        flushList[flushCount++] = c;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    BufferPool pool() {
        return pool;
    }

    /** An event loop's thread, carrying the loop's buffer pool for {@link BufferPool#current()}. */
    static final class LoopThread extends Thread {
        final BufferPool pool;

        LoopThread(Runnable body, String name, boolean daemon, BufferPool pool) {
            super(body, name);
            setDaemon(daemon);
            this.pool = pool;
        }
    }

    ByteBuffer tlsIn() {
        if (tlsIn == null) {
            tlsIn = ByteBuffer.allocateDirect(TLS_BUFFER_SIZE);
        }
        return tlsIn;
    }

    ByteBuffer tlsOut() {
        if (tlsOut == null) {
            tlsOut = ByteBuffer.allocateDirect(TLS_BUFFER_SIZE);
        }
        return tlsOut;
    }

    /** The loop's mask-key source (created on first use: server loops never need it). */
    public MaskKeys maskKeys() {
        if (maskKeys == null) {
            maskKeys = new MaskKeys();
        }
        return maskKeys;
    }

    /** Asks the loop to stop: connections are closed at once and queued tasks run (and fail their sends). */
    public void shutdown() {
        if (state == RUNNING) {
            state = STOPPING;
            selector.wakeup();
        }
    }

    /** Completes when the loop thread has ended. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) {
        try {
            terminated.get(timeout, unit);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return terminated.isDone();
        }
    }

    private void run() {
        try {
            while (state == RUNNING) {
                iterate();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " failed", t);
        } finally {
            stopAll();
        }
    }

    private void iterate() throws IOException {
        now = System.nanoTime();
        if (!tasks.isEmpty()) {
            selector.selectNow(onKey);
        } else {
            long wait = timeoutMillis();
            if (wait == 0) {
                selector.select(onKey);
            } else {
                selector.select(onKey, wait);
            }
        }
        wakeupPending.set(false);
        now = System.nanoTime();
        runTasks();
        runTimers();
        flushAll();
    }

    /** Milliseconds until the next timer (at least 1), or 0 for none. */
    private long timeoutMillis() {
        LoopTimer next = timers.peek();
        if (next == null) {
            return 0;
        }
        long nanos = next.at - now;
        return nanos <= 0 ? 1 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void onKey(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        now = System.nanoTime();
        Selectable handler = (Selectable) key.attachment();
        try {
            handler.onReady(key);
        } catch (Throwable t) {
            // A bug (or an Error such as StackOverflowError) costs this connection, not the loop's others.
            LOG.log(System.Logger.Level.ERROR, "unexpected failure handling " + handler, t);
            try {
                handler.abort(t);
            } catch (Throwable ignored) {
                // already reported
            }
        }
    }

    private void runTasks() {
        Runnable task;
        for (int i = 0; i < MAX_TASKS_PER_ITERATION && (task = tasks.poll()) != null; i++) {
            runSafely(task);
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "task failed on " + thread.getName(), t);
        }
    }

    private void runTimers() {
        LoopTimer t;
        while ((t = timers.peek()) != null && t.at - now <= 0) {
            timers.poll();
            if (!t.isCancelled()) {
                try {
                    t.fire();
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.ERROR, "timer failed on " + thread.getName(), e);
                }
            }
        }
    }

    private void flushAll() {
        for (int i = 0; i < flushCount; i++) {
            SocketEndpoint c = flushList[i];
            flushList[i] = null;
            c.flushIfScheduled();
        }
        flushCount = 0;
    }

    private void stopAll() {
        try {
            List<Selectable> handlers = new ArrayList<>();
            try {
                for (SelectionKey key : selector.keys()) {
                    handlers.add((Selectable) key.attachment());
                }
            } catch (ClosedSelectorException ignored) {
                // nothing registered any more
            }
            for (Selectable h : handlers) {
                try {
                    h.abort(new java.io.IOException("event loop stopped"));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "failure while stopping " + h, e);
                }
            }
            flushCount = 0;
            state = TERMINATED;
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task);
            }
            selector.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failure while stopping " + thread.getName(), e);
        } finally {
            state = TERMINATED;
            terminated.complete(null);
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + thread.getName() + ", state=" + switch (state) {
            case RUNNING -> "running";
            case STOPPING -> "stopping";
            default -> "terminated";
        } + ", timers=" + timers.size() + "]";
    }
}
