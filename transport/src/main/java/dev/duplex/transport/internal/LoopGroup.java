package dev.duplex.transport.internal;

import dev.duplex.transport.EventLoopGroup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The event loops of a server or client, handed out round-robin to new connections. */
public final class LoopGroup implements EventLoopGroup {
    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    public LoopGroup(int threads, String namePrefix, boolean daemon) {
        if (threads < 1) {
            throw new IllegalArgumentException("an event-loop group needs at least one thread, got " + threads);
        }
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(namePrefix + "-" + i, daemon);
        }
        for (EventLoop loop : loops) {
            loop.start();
        }
    }

    /** The loop for the next connection. */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /** The loop at {@code index}. */
    public EventLoop loop(int index) {
        return loops[index];
    }

    @Override
    public int size() {
        return loops.length;
    }

    /** Whether the calling thread is one of this group's loops. */
    public boolean inGroup() {
        for (EventLoop loop : loops) {
            if (loop.inLoop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
        if (inGroup()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (EventLoop loop : loops) {
            loop.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "LoopGroup[loops=" + loops.length + "]";
    }
}
