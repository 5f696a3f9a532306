package dev.duplex.transport.internal;

import java.nio.ByteBuffer;

/**
 * Direct buffers of {@link #CHUNK} bytes for outgoing data, owned by one event loop (no locks; see {@link #current()}). Chunks are
 * cut from larger slabs to make allocation cheap; up to {@code maxPooled} free chunks are kept, the others
 * are left to the garbage collector.
 */
public final class BufferPool {
    /** Size of one chunk: a TLS record's worth of plaintext. */
    public static final int CHUNK = 16 * 1024;
    private static final int CHUNKS_PER_SLAB = 8;

    private final ByteBuffer[] free;
    private int size;
    private long allocated;

    /** For code that runs outside an event loop (tests, tools): a small pool per thread. */
    private static final ThreadLocal<BufferPool> OTHER_THREADS = ThreadLocal.withInitial(() -> new BufferPool(16));

    /**
     * The pool of the event loop running the current thread, or a small pool of the current thread's own when it is
     * not a loop thread. Looked up rather than kept in each connection's {@link OutputChain}: every field there is
     * multiplied by the number of connections, and chunks are taken and given back only a few times per write.
     */
    public static BufferPool current() {
        return Thread.currentThread() instanceof EventLoop.LoopThread t ? t.pool : OTHER_THREADS.get();
    }

    public BufferPool(int maxPooled) {
        this.free = new ByteBuffer[Math.max(maxPooled, CHUNKS_PER_SLAB)];
    }

    /** A cleared chunk. */
    public ByteBuffer acquire() {
        if (size == 0) {
            allocateSlab();
        }
        ByteBuffer b = free[--size];
        free[size] = null;
        return b.clear();
    }

    /** Gives a chunk back; the caller must not touch it afterwards. */
    public void release(ByteBuffer chunk) {
        if (size < free.length) {
            free[size++] = chunk;
        }
    }

    /** Chunks currently free in the pool. */
    public int pooled() {
        return size;
    }

    /** Chunks allocated since creation. */
    public long allocated() {
        return allocated;
    }

    private void allocateSlab() {
        ByteBuffer slab = ByteBuffer.allocateDirect(CHUNK * CHUNKS_PER_SLAB);
        for (int i = 0; i < CHUNKS_PER_SLAB && size < free.length; i++) {
            free[size++] = slab.slice(i * CHUNK, CHUNK);
            allocated++;
        }
    }

    @Override
    public String toString() {
        return "BufferPool[pooled=" + size + ", allocated=" + allocated + "]";
    }
}
