package dev.duplex.transport.internal;

import dev.duplex.engine.OutputBuffer;

import java.nio.ByteBuffer;

/**
 * The outgoing bytes of one connection: a chain of pooled chunks that the engine writes frames into,
 * drained by gathering writes. Chunks go back to the pool as soon as they are written, so an idle
 * connection holds none.
 * <p>Chunks are kept in write mode (position = end of data); the head chunk's already-written prefix is
 * {@code headRead}. {@link #prepare()} turns them into read mode for a write and {@link #finish(long)}
 * turns them back. Loop thread only: chunks come from and go back to the running loop's {@link BufferPool}.
 */
public final class OutputChain implements OutputBuffer {
    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    // Five fields (40 bytes an instance): the pool is the current loop thread's (BufferPool.current()), and the
    // bytes produced are derived from the tail chunk's position rather than synced into a counter.
    private ByteBuffer[] chunks = NONE;
    private int count;
    private int headRead;
    /** Bytes produced into chunks before the tail chunk (so {@code produced = base + tail.position()}). */
    private long base;
    private long written;

    public OutputChain() {
    }

    @Override
    public ByteBuffer writable(int minBytes) {
        if (count > 0) {
            ByteBuffer tail = chunks[count - 1];
            if (tail.remaining() >= minBytes) {
                return tail;
            }
            base += tail.position();
        }
        if (count == chunks.length) {
            ByteBuffer[] grown = new ByteBuffer[Math.max(4, count * 2)];
            System.arraycopy(chunks, 0, grown, 0, count);
            chunks = grown;
        }
        ByteBuffer chunk = BufferPool.current().acquire();
        chunks[count++] = chunk;
        return chunk;
    }

    /** Copies {@code src}'s remaining bytes into the chain (for handshake responses and the like). */
    public void append(ByteBuffer src) {
        while (src.hasRemaining()) {
            ByteBuffer dst = writable(1);
            int n = Math.min(dst.remaining(), src.remaining());
            dst.put(dst.position(), src, src.position(), n);
            dst.position(dst.position() + n);
            src.position(src.position() + n);
        }
    }

    /** The total bytes produced so far (what the engine wrote included). Outside a write only. */
    public long sync() {
        return count == 0 ? base : base + chunks[count - 1].position();
    }

    /** Total bytes handed to the socket so far. */
    public long written() {
        return written;
    }

    /** Bytes produced and not yet written. */
    public long pending() {
        return sync() - written;
    }

    public boolean isEmpty() {
        return sync() == written;
    }

    /** The chunk array, valid between {@link #prepare()} and {@link #finish(long)}. */
    public ByteBuffer[] chunks() {
        return chunks;
    }

    /** Turns the chunks into read mode for a gathering write; returns how many there are. */
    public int prepare() {
        for (int i = 0; i < count; i++) {
            ByteBuffer b = chunks[i];
            b.limit(b.position()).position(i == 0 ? headRead : 0);
        }
        return count;
    }

    /** After a write of {@code bytes}: releases drained chunks and turns the rest back into write mode. */
    public void finish(long bytes) {
        written += bytes;
        int drained = 0;
        while (drained < count && !chunks[drained].hasRemaining()) {
            drained++;
        }
        if (drained == count && count > 0) {
            // Every chunk is written: the tail's bytes (its limit, in read mode) join the base.
            base += chunks[count - 1].limit();
        }
        BufferPool pool = drained > 0 ? BufferPool.current() : null;
        for (int i = 0; i < drained; i++) {
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        if (drained > 0) {
            System.arraycopy(chunks, drained, chunks, 0, count - drained);
            for (int i = count - drained; i < count; i++) {
                chunks[i] = null;
            }
            count -= drained;
        }
        if (count == 0) {
            headRead = 0;
            // An idle connection holds no chunk array either (one small allocation when output starts again).
            chunks = NONE;
            return;
        }
        headRead = chunks[0].position();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = chunks[i];
            b.position(b.limit()).limit(b.capacity());
        }
    }

    /** Gives every chunk back to the pool, dropping unwritten bytes (the connection is closed). */
    public void release() {
        long produced = sync();
        BufferPool pool = count > 0 ? BufferPool.current() : null;
        for (int i = 0; i < count; i++) {
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        count = 0;
        headRead = 0;
        chunks = NONE;
        base = produced;
        written = produced;
    }

    @Override
    public String toString() {
        return "OutputChain[chunks=" + count + ", pending=" + (count == 0 ? base - written : pending())
                + ", written=" + written + "]";
    }
}
