package dev.duplex.transport.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Futures of sends waiting for their bytes to be written, each keyed by the chain offset its last byte
 * ends at. A ring of two parallel arrays, so that recording a send allocates nothing. Loop thread only.
 */
public final class SendCompletions {
    private static final long[] NO_ENDS = new long[0];
    private static final CompletableFuture<?>[] NO_FUTURES = new CompletableFuture<?>[0];

    private long[] ends = NO_ENDS;
    private CompletableFuture<?>[] futures = NO_FUTURES;
    private int head;
    private int size;

    /** Records that {@code future} completes once the chain has written {@code end} bytes. */
    public void add(long end, CompletableFuture<?> future) {
        if (size == ends.length) {
            grow();
        }
        int i = (head + size) & (ends.length - 1);
        ends[i] = end;
        futures[i] = future;
        size++;
    }

    /** Completes every future whose bytes are all written. */
    public void completeUpTo(long written) {
        while (size > 0 && ends[head] <= written) {
            CompletableFuture<?> f = futures[head];
            futures[head] = null;
            head = (head + 1) & (ends.length - 1);
            size--;
            f.complete(null);
        }
    }

    /**
     * Hands every future whose bytes are all past {@code moved} on to {@code next}: an HTTP/2 stream's bytes are
     * "written" once they are framed into the connection's output, and its futures complete when that is written.
     */
    public void transferUpTo(long moved, Carrier next) {
        while (size > 0 && ends[head] <= moved) {
            CompletableFuture<?> f = futures[head];
            futures[head] = null;
            head = (head + 1) & (ends.length - 1);
            size--;
            next.track(f);
        }
    }

    /** Fails every remaining future. */
    public void failAll(Throwable cause) {
        while (size > 0) {
            CompletableFuture<?> f = futures[head];
            futures[head] = null;
            head = (head + 1) & (ends.length - 1);
            size--;
            f.completeExceptionally(cause);
        }
    }

    public int size() {
        return size;
    }

    private void grow() {
        int n = Math.max(4, ends.length * 2);
        long[] e = new long[n];
        CompletableFuture<?>[] f = new CompletableFuture<?>[n];
        for (int k = 0; k < size; k++) {
            int i = (head + k) & (ends.length - 1);
            e[k] = ends[i];
            f[k] = futures[i];
        }
        ends = e;
        futures = f;
        head = 0;
    }
}
