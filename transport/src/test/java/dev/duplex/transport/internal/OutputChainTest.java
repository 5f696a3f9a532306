package dev.duplex.transport.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** The outgoing chain: bytes come out in order across chunks and partial writes, and chunks go back to the pool. */
class OutputChainTest {
    /** Outside an event loop the chain uses the current thread's own pool. */
    private final BufferPool pool = BufferPool.current();
    private final OutputChain chain = new OutputChain();

    /** Takes at most {@code max} bytes from the prepared chunks, like a socket that accepts only that much. */
    private long drain(ByteArrayOutputStream sink, long max) {
        int n = chain.prepare();
        long taken = 0;
        for (int i = 0; i < n && taken < max; i++) {
            ByteBuffer b = chain.chunks()[i];
            while (b.hasRemaining() && taken < max) {
                sink.write(b.get());
                taken++;
            }
        }
        chain.finish(taken);
        return taken;
    }

    @Test
    void bytesComeOutInOrderAcrossChunksAndPartialWrites() {
        byte[] data = new byte[3 * BufferPool.CHUNK + 123];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        chain.append(ByteBuffer.wrap(data, 0, 1000));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertThat(drain(sink, 300)).isEqualTo(300);
        chain.append(ByteBuffer.wrap(data, 1000, data.length - 1000));
        assertThat(chain.pending()).isEqualTo(data.length - 300);
        while (!chain.isEmpty()) {
            drain(sink, 5000);
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
        assertThat(chain.written()).isEqualTo(data.length);
    }

    @Test
    void drainedChunksReturnToThePoolSoAnIdleChainHoldsNone() {
        chain.append(ByteBuffer.allocate(2 * BufferPool.CHUNK + 10));
        int pooledWhileFull = pool.pooled();
        drain(new ByteArrayOutputStream(), Long.MAX_VALUE);
        assertThat(chain.isEmpty()).isTrue();
        assertThat(pool.pooled()).isEqualTo(pooledWhileFull + 3);
        assertThat(chain.toString()).contains("chunks=0");
    }

    @Test
    void writableGivesTheTailWhileItHasRoomAndCountsWhatTheEngineWrote() {
        ByteBuffer first = chain.writable(14);
        first.put(new byte[100]);
        assertThat(chain.writable(14)).isSameAs(first);
        first.position(first.limit() - 5);
        ByteBuffer second = chain.writable(14);
        assertThat(second).isNotSameAs(first);
        second.put(new byte[10]);
        assertThat(chain.sync()).isEqualTo(BufferPool.CHUNK - 5 + 10);
    }

    @Test
    void producedAndWrittenCountsSurviveDrainsAndNewChunks() {
        long total = 0;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        for (int round = 0; round < 5; round++) {
            int n = 1 + round * (BufferPool.CHUNK / 2 + 17); // sometimes inside one chunk, sometimes across two
            chain.append(ByteBuffer.allocate(n));
            total += n;
            assertThat(chain.sync()).isEqualTo(total);
            assertThat(chain.pending()).isEqualTo(total - chain.written());
            if (round % 2 == 0) {
                while (!chain.isEmpty()) {
                    drain(sink, 7_000); // partial writes, then the last one empties the chain
                }
                assertThat(chain.toString()).contains("chunks=0");
            } else {
                drain(sink, 3);
            }
            assertThat(chain.sync()).isEqualTo(total);
            assertThat(chain.written()).isEqualTo(sink.size());
        }
    }

    @Test
    void aLoopThreadUsesItsLoopsPool() throws Exception {
        EventLoop loop = new EventLoop("chain-test", true);
        loop.start();
        try {
            java.util.concurrent.CompletableFuture<Boolean> same = new java.util.concurrent.CompletableFuture<>();
            loop.execute(() -> same.complete(BufferPool.current() == loop.pool()));
            assertThat(same.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(BufferPool.current()).isNotSameAs(loop.pool());
        } finally {
            loop.shutdown();
            loop.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void releaseDropsEverythingAndReturnsChunks() {
        chain.append(ByteBuffer.allocate(BufferPool.CHUNK * 2));
        int before = pool.pooled();
        chain.release();
        assertThat(pool.pooled()).isEqualTo(before + 2);
        assertThat(chain.isEmpty()).isTrue();
    }
}
