package dev.duplex.client;

import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.testsupport.RecordingListener;
import dev.duplex.transport.tls.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * WebSockets over HTTP/2 (RFC 8441) between Duplex's client and server: cleartext with prior knowledge and TLS with
 * ALPN, several WebSockets sharing one connection, messages, close codes in both directions, subprotocols and
 * permessage-deflate, and the fall back to HTTP/1.1.
 */
class Http2Test {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.forLocalhost();
    private static final ConcurrentLinkedQueue<WebSocket> SERVER_SIDE = new ConcurrentLinkedQueue<>();
    private static WebSocketServer plain;
    private static WebSocketServer secure;
    private static WebSocketServer http1Only;

    @BeforeAll
    static void start() throws Exception {
        plain = server(b -> b).start();
        secure = server(b -> b.tls(CERT.serverContext())).start();
        http1Only = server(b -> b.tls(CERT.serverContext()).http2(false)).start();
    }

    private static WebSocketServer server(java.util.function.UnaryOperator<WebSocketServer.Builder> custom) {
        return custom.apply(WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .closeTimeout(Duration.ofSeconds(2)).extensions(PerMessageDeflate.defaults())
                .route("/echo", new Fixture.Echo() {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        return request.subprotocols().contains("chat") ? HandshakeDecision.accept("chat")
                                : HandshakeDecision.accept();
                    }

                    @Override
                    public void onOpen(WebSocket ws) {
                        SERVER_SIDE.add(ws);
                    }
                })
                .route("/bye", new WebSocketHandler() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.close(4001, "bye " + text);
                    }
                })).build();
    }

    @AfterAll
    static void stop() {
        plain.stop(Duration.ofSeconds(1));
        secure.stop(Duration.ofSeconds(1));
        http1Only.stop(Duration.ofSeconds(1));
    }

    private static WebSocketClient client() {
        return WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofSeconds(2))
                .tls(CERT.clientContext()).extensions(PerMessageDeflate.defaults()).build();
    }

    private static ConnectOptions options(Http2Policy policy, String... subprotocols) {
        return ConnectOptions.builder().http2(policy).subprotocols(subprotocols).build();
    }

    /** RFC 8441 sections 4-5: three WebSockets to one origin are three streams of one cleartext HTTP/2 connection. */
    @Test
    void priorKnowledgeSharesOneConnection() throws Exception {
        try (WebSocketClient client = client()) {
            URI uri = URI.create("ws://127.0.0.1:" + plain.port() + "/echo");
            List<RecordingListener> listeners = new ArrayList<>();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RecordingListener events = new RecordingListener();
                listeners.add(events);
                sockets.add(client.connect(uri, options(Http2Policy.PRIOR_KNOWLEDGE), events).get(10, TimeUnit.SECONDS));
                events.next(RecordingListener.Opened.class);
            }
            for (WebSocket ws : sockets) {
                assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            }
            assertThat(plain.connectionCount()).as("TCP connections at the server").isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                sockets.get(i).sendText("hello " + i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(listeners.get(i).next(RecordingListener.Text.class).text()).isEqualTo("hello " + i);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(sockets.get(i).close(1000, "done " + i)).succeedsWithin(5, TimeUnit.SECONDS);
                assertThat(listeners.get(i).next(RecordingListener.Closed.class))
                        .isEqualTo(new RecordingListener.Closed(1000, "done " + i, true));
            }
        }
    }

    /** RFC 8441 section 5 over TLS with ALPN h2 (RFC 9113 section 3.2): large messages both ways, flow control. */
    @Test
    void tlsWithAlpnCarriesLargeMessages() throws Exception {
        try (WebSocketClient client = client()) {
            RecordingListener events = new RecordingListener();
            WebSocket ws = client.connect(URI.create("wss://localhost:" + secure.port() + "/echo"),
                    options(Http2Policy.IF_OFFERED, "chat"), events).get(10, TimeUnit.SECONDS);
            events.next(RecordingListener.Opened.class);
            assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(ws.subprotocol()).isEqualTo("chat");
            assertThat(ws.extensions()).startsWith("permessage-deflate");
            byte[] bytes = new byte[3 << 20]; // more than every default window (stream 64 KiB at first, 1 MiB)
            new Random(7).nextBytes(bytes);
            ws.sendBinary(ByteBuffer.wrap(bytes));
            assertThat(events.next(RecordingListener.Binary.class).data()).isEqualTo(ByteBuffer.wrap(bytes));
            String text = "ü".repeat(1 << 19);
            ws.sendText(text);
            assertThat(events.next(RecordingListener.Text.class).text()).isEqualTo(text);
            assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(1 << 20);
            assertThat(ws.close()).succeedsWithin(5, TimeUnit.SECONDS);
            assertThat(events.next(RecordingListener.Closed.class)).isEqualTo(new RecordingListener.Closed(1000, "", true));
        }
    }

    /** RFC 6455 section 7 over a stream: the server closes with its code and reason; both sides see a clean close. */
    @Test
    void serverInitiatedClose() throws Exception {
        try (WebSocketClient client = client()) {
            RecordingListener events = new RecordingListener();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/bye"),
                    options(Http2Policy.PRIOR_KNOWLEDGE), events).get(10, TimeUnit.SECONDS);
            events.next(RecordingListener.Opened.class);
            assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            ws.sendText("now");
            assertThat(events.next(RecordingListener.Closed.class))
                    .isEqualTo(new RecordingListener.Closed(4001, "bye now", true));
        }
    }

    /**
     * A server stopping gracefully closes the WebSockets on its HTTP/2 connections with 1001 (going away), then sends
     * GOAWAY (RFC 9113 section 6.8); each client WebSocket sees a clean 1001, and a new WebSocket to the next server
     * on that address opens a new connection.
     */
    @Test
    void stoppingServerClosesStreamsWith1001() throws Exception {
        WebSocketServer stopping = server(b -> b).start();
        try (WebSocketClient client = client()) {
            URI uri = URI.create("ws://127.0.0.1:" + stopping.port() + "/echo");
            RecordingListener a = new RecordingListener();
            RecordingListener b = new RecordingListener();
            client.connect(uri, options(Http2Policy.PRIOR_KNOWLEDGE), a).get(10, TimeUnit.SECONDS);
            client.connect(uri, options(Http2Policy.PRIOR_KNOWLEDGE), b).get(10, TimeUnit.SECONDS);
            a.next(RecordingListener.Opened.class);
            b.next(RecordingListener.Opened.class);
            assertThat(stopping.connectionCount()).isEqualTo(1);
            stopping.stop(Duration.ofSeconds(5));
            for (RecordingListener events : List.of(a, b)) {
                assertThat(events.next(RecordingListener.Closed.class))
                        .isEqualTo(new RecordingListener.Closed(1001, "server shutting down", true));
            }
            assertThat(stopping.connectionCount()).isZero();
        }
    }

    /** A server that does not choose h2 by ALPN gets the WebSocket over HTTP/1.1, on that same connection. */
    @Test
    void fallsBackToHttp1WhenTheServerDoesNotSpeakHttp2() throws Exception {
        try (WebSocketClient client = client()) {
            RecordingListener events = new RecordingListener();
            WebSocket ws = client.connect(URI.create("wss://localhost:" + http1Only.port() + "/echo"),
                    options(Http2Policy.IF_OFFERED), events).get(10, TimeUnit.SECONDS);
            events.next(RecordingListener.Opened.class);
            assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
            ws.sendText("over 1.1");
            assertThat(events.next(RecordingListener.Text.class).text()).isEqualTo("over 1.1");
            assertThat(ws.close()).succeedsWithin(5, TimeUnit.SECONDS);
        }
    }

    /** RFC 8441 section 4: a path without a WebSocket route is refused with its status, like over HTTP/1.1. */
    @Test
    void refusalCarriesTheStatus() {
        try (WebSocketClient client = client()) {
            assertThatThrownBy(() -> client.connect(URI.create("ws://127.0.0.1:" + plain.port() + "/nowhere"),
                    options(Http2Policy.PRIOR_KNOWLEDGE), new RecordingListener()).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(dev.duplex.engine.handshake.HandshakeException.class)
                    .hasMessageContaining("404");
        }
    }
}
