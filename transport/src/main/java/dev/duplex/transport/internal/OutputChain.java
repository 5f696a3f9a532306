package dev.duplex.transport.internal;

import dev.duplex.engine.OutputBuffer;

import java.nio.ByteBuffer;

/**
 * The outgoing bytes of one connection: a chain of pooled chunks that the engine writes frames into,
 * drained by gathering writes. Chunks go back to the pool as soon as they are written, so an idle
 * connection holds none.
 * <p>Chunks are kept in write mode (position = end of data); the head chunk's already-written prefix is
 * {@code headRead}. {@link #prepare()} turns them into read mode for a write and {@link #finish(long)}
 * turns them back. Loop thread only.
 */
public final class OutputChain implements OutputBuffer {
    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    private final BufferPool pool;
    private ByteBuffer[] chunks = NONE;
    private int count;
    private int headRead;
    private int tailMark;
    private long produced;
    private long written;

    public OutputChain(BufferPool pool) {
        this.pool = pool;
    }

    @Override
    public ByteBuffer writable(int minBytes) {
        if (count > 0) {
            ByteBuffer tail = chunks[count - 1];
            sync(tail);
            if (tail.remaining() >= minBytes) {
                return tail;
            }
        }
        if (count == chunks.length) {
            ByteBuffer[] grown = new ByteBuffer[Math.max(4, count * 2)];
            System.arraycopy(chunks, 0, grown, 0, count);
            chunks = grown;
        }
        ByteBuffer chunk = pool.acquire();
        chunks[count++] = chunk;
        tailMark = 0;
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
        sync();
    }

    /** Accounts for what the engine wrote and returns the total bytes produced so far. */
    public long sync() {
        if (count > 0) {
            sync(chunks[count - 1]);
        }
        return produced;
    }

    private void sync(ByteBuffer tail) {
        int p = tail.position();
        produced += p - tailMark;
        tailMark = p;
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
        sync();
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
            pool.release(chunks[drained]);
            chunks[drained] = null;
            drained++;
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
            tailMark = 0;
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
        for (int i = 0; i < count; i++) {
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        count = 0;
        headRead = 0;
        tailMark = 0;
        chunks = NONE;
        written = produced;
    }

    @Override
    public String toString() {
        return "OutputChain[chunks=" + count + ", pending=" + (produced - written) + ", written=" + written + "]";
    }
}
