package dev.duplex.client;

import dev.duplex.engine.CloseCodes;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.testsupport.RecordingListener;
import dev.duplex.testsupport.Waits;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The close handshake (RFC 6455 section 7) in both directions, its timeouts, and idle timeouts. */
@Timeout(60)
class CloseTest {
    private Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void clientClosesWithCodeAndReason() throws Exception {
        RecordingListener serverSide = new RecordingListener();
        fixture = new Fixture(false, s -> s.route("/rec", WebSocketHandler.of(serverSide)), c -> c);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/rec"), events).get(10, TimeUnit.SECONDS);

        CompletableFuture<Void> closed = ws.close(4000, "going home");
        assertThat(ws.isOpen()).isFalse();
        assertThat(closed).succeedsWithin(5, TimeUnit.SECONDS);
        // The server echoes the code and reason (section 5.5.1); both sides saw a clean close.
        assertThat(events.await(RecordingListener.Closed.class))
                .isEqualTo(new RecordingListener.Closed(4000, "going home", true));
        assertThat(serverSide.await(RecordingListener.Closed.class))
                .isEqualTo(new RecordingListener.Closed(4000, "going home", true));
        assertThat(ws.close(1000, "again")).isSameAs(closed);
        assertThat(ws.sendText("late")).failsWithin(1, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(WebSocketClosedException.class);
        awaitNoServerConnections();
    }

    @Test
    void serverClosesWithCodeAndReason() throws Exception {
        fixture = new Fixture(false, s -> s.route("/bye", new WebSocketHandler() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.close(4002, "server says " + text);
            }
        }), c -> c);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/bye"), events).get(10, TimeUnit.SECONDS);
        ws.sendText("bye");
        assertThat(events.await(RecordingListener.Closed.class))
                .isEqualTo(new RecordingListener.Closed(4002, "server says bye", true));
        assertThat(ws.isOpen()).isFalse();
        awaitNoServerConnections();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1006, 1015, 2999, 5000})
    void closeCodesThatMayNotBeSentAreRefused(int code) throws Exception {
        fixture = new Fixture(false);
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), new RecordingListener()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ws.close(code, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void noStatusCloseMayNotCarryAReason() throws Exception {
        // 1005 means "a close frame without a body" (RFC 6455 5.5.1): a reason would need a code.
        fixture = new Fixture(false);
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), new RecordingListener()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ws.close(1005, "why")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void closeReasonOver123BytesIsRefused() throws Exception {
        fixture = new Fixture(false);
        WebSocket ws = fixture.client.connect(fixture.uri("/echo"), new RecordingListener()).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ws.close(1000, "é".repeat(62))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.close(1000, "é".repeat(61) + "x")).succeedsWithin(5, TimeUnit.SECONDS);
    }

    @Test
    void clientCloseTimesOutWhenTheServerNeverAnswers() throws Exception {
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofMillis(300)).build();
        try (RawServer server = new RawServer(); client) {
            RecordingListener events = new RecordingListener();
            CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), events);
            server.acceptUpgrade();
            WebSocket ws = connecting.get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            ws.close(1000, "");
            assertThat(server.readFrameOpcode()).isEqualTo(8);
            RecordingListener.Closed closed = events.await(RecordingListener.Closed.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(closed.code()).isEqualTo(CloseCodes.ABNORMAL);
            assertThat(closed.clean()).isFalse();
            assertThat(server.awaitEof()).as("the client closes TCP after the timeout").isTrue();
        }
    }

    @Test
    void clientWaitsForTheServerToCloseTcpThenGivesUpAfterTheCloseTimeout() throws Exception {
        WebSocketClient client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofMillis(500)).build();
        try (RawServer server = new RawServer(); client) {
            RecordingListener events = new RecordingListener();
            CompletableFuture<WebSocket> connecting = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), events);
            server.acceptUpgrade();
            connecting.get(10, TimeUnit.SECONDS);
            // The server sends a close frame but keeps TCP open (section 7.1.1 says it should close it).
            server.socket().getOutputStream().write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
            assertThat(events.await(RecordingListener.Closed.class)).isEqualTo(new RecordingListener.Closed(1000, "", true));
            assertThat(server.readFrameOpcode()).as("the client's close reply").isEqualTo(8);
            server.socket().setSoTimeout(200);
            assertThat(server.awaitEof()).as("the client waits for the server's FIN first").isFalse();
            server.socket().setSoTimeout(5000);
            assertThat(server.awaitEof()).as("then closes after the close timeout").isTrue();
        }
    }

    @Test
    void idleTimeoutClosesWith1001() throws Exception {
        fixture = new Fixture(false, s -> s, c -> c.idleTimeout(Duration.ofMillis(300)));
        RecordingListener events = new RecordingListener();
        fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        RecordingListener.Closed closed = events.await(RecordingListener.Closed.class);
        assertThat(closed.code()).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(closed.clean()).isTrue();
    }

    @Test
    void abortDropsTheConnectionAndThePeerSees1006() throws Exception {
        RecordingListener serverSide = new RecordingListener();
        fixture = new Fixture(false, s -> s.route("/rec", WebSocketHandler.of(serverSide)), c -> c);
        RecordingListener events = new RecordingListener();
        WebSocket ws = fixture.client.connect(fixture.uri("/rec"), events).get(10, TimeUnit.SECONDS);
        serverSide.await(RecordingListener.Opened.class);
        ws.abort();
        assertThat(events.await(RecordingListener.Closed.class).code()).isEqualTo(CloseCodes.ABNORMAL);
        RecordingListener.Closed server = serverSide.await(RecordingListener.Closed.class);
        assertThat(server.code()).isEqualTo(CloseCodes.ABNORMAL);
        assertThat(server.clean()).isFalse();
    }

    @Test
    void gracefulServerStopReaches1001ToTheClient() throws Exception {
        fixture = new Fixture(true);
        RecordingListener events = new RecordingListener();
        fixture.client.connect(fixture.uri("/echo"), events).get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        fixture.server.stop(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(events.await(RecordingListener.Closed.class))
                .isEqualTo(new RecordingListener.Closed(CloseCodes.GOING_AWAY, "server shutting down", true));
    }

    private void awaitNoServerConnections() throws InterruptedException {
        Waits.until(Duration.ofSeconds(5), () -> fixture.server.connectionCount() == 0);
        assertThat(fixture.server.connectionCount()).isZero();
    }
}
