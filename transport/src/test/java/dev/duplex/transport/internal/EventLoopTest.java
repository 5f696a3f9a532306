package dev.duplex.transport.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class EventLoopTest {
    private final EventLoop loop = new EventLoop("test-loop", true);

    EventLoopTest() {
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void tasksFromManyThreadsRunOnTheLoopInEachThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        List<Long> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        Thread[] senders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long id = t;
            senders[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    long value = id << 32 | i;
                    loop.execute(() -> {
                        assertThat(loop.inLoop()).isTrue();
                        order.add(value);
                        done.countDown();
                    });
                }
            });
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        long[] next = new long[threads];
        for (long v : order) {
            int t = (int) (v >>> 32);
            assertThat(v & 0xFFFFFFFFL).isEqualTo(next[t]++);
        }
    }

    @Test
    void timersFireInDeadlineOrderAndCancelledOnesDoNot() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        long ms = TimeUnit.MILLISECONDS.toNanos(1);
        loop.schedule(150 * ms, () -> { fired.add("c"); done.countDown(); });
        loop.schedule(50 * ms, () -> { fired.add("a"); done.countDown(); });
        LoopTimer cancelled = loop.schedule(100 * ms, () -> fired.add("cancelled"));
        loop.schedule(100 * ms, () -> { fired.add("b"); done.countDown(); });
        cancelled.cancel();
        long start = System.nanoTime();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(140 * ms);
        Thread.sleep(50);
        assertThat(fired).containsExactly("a", "b", "c");
    }

    @Test
    void afterShutdownTasksAreRefused() {
        loop.shutdown();
        assertThat(loop.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.offer(() -> { })).isFalse();
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }
}
