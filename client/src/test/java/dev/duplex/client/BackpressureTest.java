package dev.duplex.client;

import dev.duplex.engine.CloseCodes;
import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.SendBufferOverflowException;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer that stops reading: the outgoing-buffer limit and {@link OverflowPolicy}. */
@Timeout(60)
class BackpressureTest {
    private static final long LIMIT = 1 << 20;

    /** Sends 256 KiB messages to a server that never reads until one is refused; returns all futures. */
    private static List<CompletableFuture<Void>> sendUntilRefused(WebSocket ws) {
        ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            CompletableFuture<Void> f = ws.sendBinary(chunk);
            sends.add(f);
            if (f.isCompletedExceptionally()) {
                return sends;
            }
        }
        throw new AssertionError("no send refused after 500 MiB");
    }

    /** Whether the buffer stays over the limit: the socket is full. */
    private static boolean stuck(WebSocket ws) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            Thread.sleep(100);
            if (ws.bufferedAmount() <= LIMIT) {
                return false;
            }
        }
        return true;
    }

    private static Throwable cause(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void failSendRefusesTheSendButKeepsTheConnection() throws Exception {
        try (RawServer server = new RawServer();
             WebSocketClient client = WebSocketClient.builder().eventLoops(1).maxBufferedBytes(LIMIT)
                     .overflowPolicy(OverflowPolicy.FAIL_SEND).build()) {
            CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                    new RecordingListener());
            server.acceptUpgrade();
            WebSocket ws = connecting.get(10, TimeUnit.SECONDS);
            ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            SendBufferOverflowException refused = null;
            // Refusals come as soon as more than the limit waits; keep going until the socket is full too, so
            // the buffer stays over the limit.
            for (int i = 0; i < 2000 && (refused == null || !stuck(ws)); i++) {
                CompletableFuture<Void> f = ws.sendBinary(chunk);
                sends.add(f);
                if (f.isCompletedExceptionally()) {
                    refused = (SendBufferOverflowException) cause(f);
                }
            }
            assertThat(refused).isNotNull();
            assertThat(refused.limit()).isEqualTo(LIMIT);
            assertThat(refused.bufferedAmount()).isGreaterThan(LIMIT);
            assertThat(ws.bufferedAmount()).isGreaterThan(LIMIT).isLessThanOrEqualTo(LIMIT + chunk.capacity() + 1024);
            assertThat(ws.isOpen()).as("FAIL_SEND keeps the connection").isTrue();
            assertThat(ws.sendBinary(chunk)).isCompletedExceptionally();
            assertThat(ws.sendPing(ByteBuffer.allocate(1))).as("control frames are never refused").isNotCompletedExceptionally();

            ws.abort();
            for (CompletableFuture<Void> f : sends) {
                Throwable failure = f.handle((ok, t) -> t).get(5, TimeUnit.SECONDS);
                if (failure != null) {
                    assertThat(failure).as("never silently dropped")
                            .isInstanceOfAny(SendBufferOverflowException.class, WebSocketClosedException.class);
                }
            }
        }
    }

    @Test
    void closePolicyRefusesTheSendAndDropsTheSlowPeer() throws Exception {
        try (RawServer server = new RawServer();
             WebSocketClient client = WebSocketClient.builder().eventLoops(1).maxBufferedBytes(LIMIT)
                     .closeTimeout(Duration.ofMillis(300)).build()) {
            RecordingListener events = new RecordingListener();
            CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                    events);
            server.acceptUpgrade();
            WebSocket ws = connecting.get(10, TimeUnit.SECONDS);
            List<CompletableFuture<Void>> sends = sendUntilRefused(ws);
            assertThat(cause(sends.get(sends.size() - 1))).isInstanceOf(SendBufferOverflowException.class);
            assertThat(ws.isOpen()).isFalse();
            RecordingListener.Closed closed = events.await(RecordingListener.Closed.class);
            assertThat(closed.code()).as("the close frame could not reach the peer").isEqualTo(CloseCodes.ABNORMAL);
            assertThat(closed.clean()).isFalse();
            int completed = 0;
            for (CompletableFuture<Void> f : sends) {
                assertThat(f).as("no send is left pending").isDone();
                if (!f.isCompletedExceptionally()) {
                    completed++;
                } else {
                    assertThat(cause(f)).isInstanceOfAny(SendBufferOverflowException.class, WebSocketClosedException.class);
                }
            }
            assertThat(completed).isLessThan(sends.size());
        }
    }
}
