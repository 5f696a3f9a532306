package dev.duplex.transport.internal;

import dev.duplex.engine.CloseCodes;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketClosedException;
import dev.duplex.transport.WebSocketListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket API of a connection, at the transport level (no HTTP handshake). */
@Timeout(30)
class SessionTest {

    @Test
    void listenerExceptionGoesToOnErrorAndClosesWith1011() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            RecordingListener serverEvents = new RecordingListener() {
                @Override
                public void onText(WebSocket ws, String text) {
                    super.onText(ws, text);
                    throw new IllegalStateException("application bug");
                }
            };
            RecordingListener client = new RecordingListener();
            Loopback.Pair pair = loopback.connect(serverEvents, client);
            pair.client().sendText("boom");
            assertThat(serverEvents.await(RecordingListener.Error.class).error()).hasMessage("application bug");
            assertThat(client.await(RecordingListener.Closed.class))
                    .isEqualTo(new RecordingListener.Closed(CloseCodes.INTERNAL_ERROR, "internal error", true));
            assertThat(serverEvents.await(RecordingListener.Closed.class).code()).isEqualTo(CloseCodes.INTERNAL_ERROR);
        }
    }

    @Test
    void sendsFromInsideCallbacksAreOrderedAndFlushedTogether() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            WebSocketListener server = new WebSocketListener() {
                @Override
                public void onText(WebSocket ws, String text) {
                    for (int i = 0; i < 100; i++) {
                        ws.sendText(text + i);
                    }
                }
            };
            RecordingListener client = new RecordingListener();
            Loopback.Pair pair = loopback.connect(server, client);
            pair.client().sendText("m");
            for (int i = 0; i < 100; i++) {
                assertThat(client.await(RecordingListener.Text.class).text()).isEqualTo("m" + i);
            }
        }
    }

    @Test
    void everySendCompletesOrFailsWhenTheConnectionDrops() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            RecordingListener client = new RecordingListener();
            Loopback.Pair pair = loopback.connect(new RecordingListener(), client);
            WebSocket ws = pair.client();
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            MessageWriter unfinished = ws.startMessage(MessageType.BINARY);
            sends.add(unfinished.write(ByteBuffer.allocate(10), false));
            for (int i = 0; i < 50; i++) {
                sends.add(ws.sendBinary(ByteBuffer.allocate(100_000)));
            }
            ws.abort();
            // The first piece may have reached the socket before the abort; it completes either way.
            sends.get(0).handle((ok, e) -> e).get(5, TimeUnit.SECONDS);
            for (CompletableFuture<Void> f : sends.subList(1, sends.size())) {
                Throwable t = f.handle((ok, e) -> e).get(5, TimeUnit.SECONDS);
                assertThat(t).as("whole messages wait behind the unfinished stream, then fail")
                        .isInstanceOf(WebSocketClosedException.class);
            }
            assertThat(client.await(RecordingListener.Closed.class).code()).isEqualTo(CloseCodes.ABNORMAL);
            assertThat(ws.sendText("after")).failsWithin(1, TimeUnit.SECONDS)
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(WebSocketClosedException.class);
            assertThat(ws.bufferedAmount()).isZero();
        }
    }

    @Test
    void closeValidatesCodeAndReason() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            Loopback.Pair pair = loopback.connect(new RecordingListener(), new RecordingListener());
            WebSocket ws = pair.client();
            for (int bad : new int[] {-1, 0, 999, 1004, 1006, 1015, 1016, 2999, 5000, 65535}) {
                assertThatThrownBy(() -> ws.close(bad, "")).as("code %d", bad).isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> ws.close(1005, "a reason without a code")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ws.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ws.close(1000, "\uD800")).isInstanceOf(IllegalArgumentException.class);
            assertThat(ws.isOpen()).isTrue();
            assertThat(ws.close(1012, "x".repeat(123))).succeedsWithin(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("RFC 6455 5.5.1: close(1005) sends a close frame without a body; the peer reports 1005, clean")
    void closeWithoutStatus() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            RecordingListener server = new RecordingListener();
            RecordingListener client = new RecordingListener();
            Loopback.Pair pair = loopback.connect(client, server);
            server.next(RecordingListener.Opened.class);
            client.next(RecordingListener.Opened.class);
            assertThat(pair.client().close(1005, null)).succeedsWithin(5, TimeUnit.SECONDS);
            assertThat(server.next(RecordingListener.Closed.class)).isEqualTo(new RecordingListener.Closed(1005, "", true));
            assertThat(client.next(RecordingListener.Closed.class)).isEqualTo(new RecordingListener.Closed(1005, "", true));
        }
    }

    @Test
    @DisplayName("RFC 6455 5.5.1: onCloseReceived reports the peer's close frame before onClose")
    void closeReceivedComesBeforeClose() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            java.util.concurrent.LinkedBlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
            WebSocketListener watcher = new WebSocketListener() {
                @Override
                public void onCloseReceived(WebSocket ws, int code, String reason) {
                    seen.add("closeReceived " + code + " " + reason + " open=" + ws.isOpen());
                }

                @Override
                public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                    seen.add("close " + code + " " + reason + " " + clean);
                }
            };
            RecordingListener server = new RecordingListener();
            Loopback.Pair pair = loopback.connect(server, watcher); // (server listener, client listener)
            server.next(RecordingListener.Opened.class);
            pair.server().close(4001, "bye");                        // the server starts the closing handshake
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("closeReceived 4001 bye open=false");
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("close 4001 bye true");
        }
    }

    @Test
    void attachmentAndAddresses() throws Exception {
        try (Loopback loopback = new Loopback(true)) {
            Loopback.Pair pair = loopback.connect(new RecordingListener(), new RecordingListener());
            WebSocket ws = pair.client();
            assertThat(ws.<Object>attachment()).isNull();
            ws.attach("state");
            assertThat(ws.<String>attachment()).isEqualTo("state");
            assertThat(ws.remoteAddress()).isEqualTo(pair.server().localAddress());
            assertThat(ws.localAddress()).isEqualTo(pair.server().remoteAddress());
            assertThat(ws.subprotocol()).isEmpty();
            assertThat(ws.toString()).contains("CLIENT", "open");

            // Still known once the sockets are closed (a server logs who it was when the connection ends).
            InetSocketAddress remote = ws.remoteAddress();
            InetSocketAddress local = ws.localAddress();
            ws.close().get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 5_000_000_000L;
            Connection client = (Connection) ((WebSocketSession) ws).carrier();
            Connection server = (Connection) ((WebSocketSession) pair.server()).carrier();
            while (!(client.isClosed() && server.isClosed()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(client.isClosed()).isTrue();
            assertThat(ws.remoteAddress()).isEqualTo(remote).isEqualTo(pair.server().localAddress());
            assertThat(ws.localAddress()).isEqualTo(local).isEqualTo(pair.server().remoteAddress());
        }
    }

    @Test
    void textStreamSplitInsideACodePointIsReassembled() throws Exception {
        try (Loopback loopback = new Loopback(false)) {
            RecordingListener server = new RecordingListener();
            Loopback.Pair pair = loopback.connect(server, new RecordingListener());
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
            MessageWriter w = pair.client().startMessage(MessageType.TEXT);
            for (int i = 0; i < euro.length; i++) {
                w.write(ByteBuffer.wrap(euro, i, 1), i == euro.length - 1);
            }
            assertThat(server.await(RecordingListener.Text.class).text()).isEqualTo("€");
        }
    }
}
