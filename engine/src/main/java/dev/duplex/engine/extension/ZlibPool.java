package dev.duplex.engine.extension;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Keeps a bounded number of idle zlib compressors and decompressors (each holds native memory: about
 * 256 KiB for a deflater, 40 KiB for an inflater) so that connections without context takeover, or idle
 * between messages, do not each hold one. Thread-safe.
 */
final class ZlibPool {
    private static final int MAX_IDLE = 64;

    private static final ConcurrentLinkedQueue<Deflater> DEFLATERS = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Inflater> INFLATERS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_DEFLATERS = new AtomicInteger();
    private static final AtomicInteger IDLE_INFLATERS = new AtomicInteger();

    private ZlibPool() {
    }

    /** A raw (no zlib header) deflater at {@code level}, fresh or reset. */
    static Deflater deflater(int level) {
        Deflater d = DEFLATERS.poll();
        if (d == null) {
            return new Deflater(level, true);
        }
        IDLE_DEFLATERS.decrementAndGet();
        d.setLevel(level);
        return d;
    }

    /** A raw inflater, fresh or reset. */
    static Inflater inflater() {
        Inflater i = INFLATERS.poll();
        if (i == null) {
            return new Inflater(true);
        }
        IDLE_INFLATERS.decrementAndGet();
        return i;
    }

    static void release(Deflater d) {
        if (d == null) {
            return;
        }
        if (IDLE_DEFLATERS.incrementAndGet() <= MAX_IDLE) {
            d.reset();
            DEFLATERS.add(d);
        } else {
            IDLE_DEFLATERS.decrementAndGet();
            d.end();
        }
    }

    static void release(Inflater i) {
        if (i == null) {
            return;
        }
        if (IDLE_INFLATERS.incrementAndGet() <= MAX_IDLE) {
            i.reset();
            INFLATERS.add(i);
        } else {
            IDLE_INFLATERS.decrementAndGet();
            i.end();
        }
    }
}
