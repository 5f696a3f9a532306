package dev.duplex.interop.hostile;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Writes batches on a thread of its own until stopped, the connection fails, or {@code maxBytes} are written;
 * records how far it got and when it last made progress. Batch {@code n} (from 0) is {@code batches.apply(n)}.
 */
final class WriteFlood {
    interface Sink {
        void send(byte[] bytes) throws IOException;
    }

    final AtomicLong written = new AtomicLong();
    final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<IOException> failure = new AtomicReference<>();
    final Thread thread;

    WriteFlood(Sink sink, LongFunction<byte[]> batches, long maxBytes) {
        thread = Thread.ofPlatform().daemon().name("write-flood").start(() -> {
            try {
                for (long n = 0; !stop.get() && written.get() < maxBytes; n++) {
                    byte[] batch = batches.apply(n);
                    sink.send(batch);
                    written.addAndGet(batch.length);
                    lastProgress.set(System.nanoTime());
                }
            } catch (IOException e) {
                failure.set(e);
            }
        });
    }

    /** Waits until the writer has been blocked for {@code stalled}; false if it ended or time ran out first. */
    boolean awaitBlocked(Duration stalled, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                return false;
            }
            if (System.nanoTime() - lastProgress.get() > stalled.toNanos()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits for the writer to end (done, or its connection failed); false if it is still writing. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }
}
