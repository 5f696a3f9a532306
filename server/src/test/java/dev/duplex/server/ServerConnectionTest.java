package dev.duplex.server;

import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.ProtocolException;
import dev.duplex.testsupport.Waits;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server's connections driven by a raw client: messages, protocol errors, closing, timeouts, shutdown. */
@Timeout(30)
class ServerConnectionTest {
    private WebSocketServer server;
    private final Recorder recorder = new Recorder(true);

    private WebSocketServer start(WebSocketServer.Builder builder) throws Exception {
        server = builder.host("127.0.0.1").port(0).eventLoops(2).route("/echo", recorder).build().start();
        return server;
    }

    private RawClient open() throws Exception {
        RawClient c = RawClient.connect(server.port());
        assertThat(c.handshake("/echo").status()).isEqualTo(101);
        return c;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest(name = "size={0}")
    @ValueSource(ints = {0, 125, 126, 65535, 65536, 1 << 20})
    void echoesMaskedFramesOfEverySizeClass(int size) throws Exception {
        start(WebSocketServer.builder());
        try (RawClient c = open()) {
            byte[] payload = new byte[size];
            new Random(size).nextBytes(payload);
            c.sendFrame(true, 2, payload, true);
            RawClient.Frame echoed = c.readFrame();
            assertThat(echoed.opcode()).isEqualTo(2);
            assertThat(echoed.fin()).isTrue();
            assertThat(echoed.payload()).isEqualTo(payload);
        }
    }

    @Test
    void reassemblesFragmentedMessagesWithInterleavedPing() throws Exception {
        start(WebSocketServer.builder());
        try (RawClient c = open()) {
            c.sendFrame(false, 1, "Hel".getBytes(StandardCharsets.UTF_8), true);
            c.sendFrame(true, 9, "p".getBytes(StandardCharsets.UTF_8), true);
            c.sendFrame(true, 0, "lo".getBytes(StandardCharsets.UTF_8), true);
            RawClient.Frame pong = c.readFrame();
            assertThat(pong.opcode()).isEqualTo(10);
            assertThat(pong.text()).isEqualTo("p");
            assertThat(c.readFrame().text()).isEqualTo("Hello");
            assertThat(recorder.await(Recorder.Ping.class).payload()).isEqualTo(StandardCharsets.UTF_8.encode("p"));
        }
    }

    @Test
    void unmaskedClientFrameFailsTheConnectionWith1002() throws Exception {
        start(WebSocketServer.builder());
        try (RawClient c = open()) {
            c.sendFrame(true, 1, "not masked".getBytes(StandardCharsets.UTF_8), false);
            RawClient.Frame close = c.readFrame();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            assertThat(c.awaitEof()).as("the server closes TCP after failing the connection").isTrue();
        }
        assertThat(recorder.await(Recorder.Error.class).error()).isInstanceOf(ProtocolException.class);
        Recorder.Closed closed = recorder.await(Recorder.Closed.class);
        assertThat(closed.code()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
        assertThat(closed.clean()).isFalse();
    }

    @Test
    void clientInitiatedCloseIsEchoedThenServerClosesTcp() throws Exception {
        start(WebSocketServer.builder());
        try (RawClient c = open()) {
            c.sendClose(4001, "bye now");
            RawClient.Frame close = c.readFrame();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(close.closeCode()).isEqualTo(4001);
            assertThat(close.closeReason()).isEqualTo("bye now");
            assertThat(c.awaitEof()).isTrue();
        }
        Recorder.Closed closed = recorder.await(Recorder.Closed.class);
        assertThat(closed).isEqualTo(new Recorder.Closed(4001, "bye now", true));
        awaitNoConnections();
    }

    @Test
    void serverInitiatedCloseCompletesWhenTheClientAnswers() throws Exception {
        start(WebSocketServer.builder());
        try (RawClient c = open()) {
            WebSocket ws = recorder.await(Recorder.Opened.class).ws();
            var closed = ws.close(3000, "done");
            assertThat(ws.isOpen()).isFalse();
            assertThat(ws.sendText("late")).failsWithin(5, TimeUnit.SECONDS);
            RawClient.Frame close = c.readFrame();
            assertThat(close.closeCode()).isEqualTo(3000);
            assertThat(close.closeReason()).isEqualTo("done");
            c.sendClose(3000, "");
            assertThat(closed).succeedsWithin(5, TimeUnit.SECONDS);
            assertThat(c.awaitEof()).isTrue();
        }
        assertThat(recorder.await(Recorder.Closed.class)).isEqualTo(new Recorder.Closed(3000, "", true));
    }

    @Test
    void closeHandshakeTimesOutWhenTheClientNeverAnswers() throws Exception {
        start(WebSocketServer.builder().closeTimeout(Duration.ofMillis(300)));
        try (RawClient c = open()) {
            WebSocket ws = recorder.await(Recorder.Opened.class).ws();
            long start = System.nanoTime();
            var closed = ws.close(1000, "");
            assertThat(c.readFrame().opcode()).isEqualTo(8);
            assertThat(closed).succeedsWithin(5, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(c.awaitEof()).isTrue();
        }
        Recorder.Closed closed = recorder.await(Recorder.Closed.class);
        assertThat(closed.code()).isEqualTo(CloseCodes.ABNORMAL);
        assertThat(closed.clean()).isFalse();
    }

    @Test
    void handshakeTimeoutDropsASilentConnection() throws Exception {
        start(WebSocketServer.builder().handshakeTimeout(Duration.ofMillis(300)));
        try (RawClient c = RawClient.connect(server.port())) {
            c.write("GET /echo HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            assertThat(c.awaitEof()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        }
        awaitNoConnections();
    }

    @Test
    void idleTimeoutClosesWith1001() throws Exception {
        start(WebSocketServer.builder().idleTimeout(Duration.ofMillis(400)));
        try (RawClient c = open()) {
            for (int i = 0; i < 4; i++) {
                Thread.sleep(150);
                c.sendText("still here " + i);
                assertThat(c.readFrame().text()).isEqualTo("still here " + i);
            }
            long start = System.nanoTime();
            RawClient.Frame close = c.readFrame();
            assertThat(close.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            c.sendClose(CloseCodes.GOING_AWAY, "");
            assertThat(c.awaitEof()).isTrue();
        }
        assertThat(recorder.await(Recorder.Closed.class).code()).isEqualTo(CloseCodes.GOING_AWAY);
    }

    @Test
    void gracefulStopSends1001AndWaitsForTheClose() throws Exception {
        start(WebSocketServer.builder());
        try (RawClient a = open(); RawClient b = open()) {
            assertThat(server.connectionCount()).isEqualTo(2);
            Thread stopper = Thread.ofPlatform().start(() -> server.stop(Duration.ofSeconds(10)));
            for (RawClient c : new RawClient[] {a, b}) {
                RawClient.Frame close = c.readFrame();
                assertThat(close.opcode()).isEqualTo(8);
                assertThat(close.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
                c.sendClose(CloseCodes.GOING_AWAY, "");
                // Section 7.1.1: the server closes TCP first; the client closes when it sees that.
                assertThat(c.awaitEof()).isTrue();
                c.close();
            }
            long start = System.nanoTime();
            stopper.join(5000);
            assertThat(stopper.isAlive()).as("stop returns once connections are closed").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(server.connectionCount()).isZero();
        }
        try (var refused = new java.net.Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() ->
                    refused.connect(server.address(), 1000))).isNotNull();
        }
    }

    @Test
    void stopForceClosesConnectionsThatIgnoreTheCloseAfterTheGrace() throws Exception {
        start(WebSocketServer.builder().closeTimeout(Duration.ofSeconds(30)));
        try (RawClient c = open()) {
            long start = System.nanoTime();
            server.stop(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(c.readFrame().closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(c.awaitEof()).isTrue();
        }
        assertThat(recorder.await(Recorder.Closed.class).clean()).isFalse();
    }

    private void awaitNoConnections() throws InterruptedException {
        Waits.until(Duration.ofSeconds(5), () -> server.connectionCount() == 0);
        assertThat(server.connectionCount()).isZero();
    }
}
