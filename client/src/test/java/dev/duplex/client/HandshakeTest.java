package dev.duplex.client;

import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.testsupport.RecordingListener;
import dev.duplex.testsupport.TestTls;
import dev.duplex.testsupport.Waits;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's opening handshake (RFC 6455 section 4.1) against the server's decisions, and its failures. */
@Timeout(60)
class HandshakeTest {
    private Fixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).failsWithin(10, TimeUnit.SECONDS);
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void refusalCarriesTheHttpStatus() throws Exception {
        fixture = new Fixture(false, s -> s.route("/private", new WebSocketHandler() {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                return "Bearer ok".equals(request.headers().first("Authorization")) ? HandshakeDecision.accept()
                        : HandshakeDecision.reject(401, "no token");
            }
        }), c -> c);
        Throwable refused = failure(fixture.client.connect(fixture.uri("/private"), new RecordingListener()));
        assertThat(refused).isInstanceOf(HandshakeException.class);
        assertThat(((HandshakeException) refused).status()).isEqualTo(401);

        WebSocket ws = fixture.client.connect(fixture.uri("/private"),
                ConnectOptions.builder().header("Authorization", "Bearer ok").build(), new RecordingListener())
                .get(10, TimeUnit.SECONDS);
        assertThat(ws.isOpen()).isTrue();
    }

    @Test
    void unknownPathIs404AndForeignOriginIs403() throws Exception {
        fixture = new Fixture(false);
        Throwable notFound = failure(fixture.client.connect(fixture.uri("/missing"), new RecordingListener()));
        assertThat(((HandshakeException) notFound).status()).isEqualTo(404);
        Throwable forbidden = failure(fixture.client.connect(fixture.uri("/echo"),
                ConnectOptions.builder().header("Origin", "https://elsewhere.example").build(), new RecordingListener()));
        assertThat(((HandshakeException) forbidden).status()).isEqualTo(403);
    }

    @Test
    void subprotocolIsNegotiated() throws Exception {
        fixture = new Fixture(false, s -> s.route("/proto", new WebSocketHandler() {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                return request.subprotocols().contains("v2") ? HandshakeDecision.accept("v2") : HandshakeDecision.accept();
            }
        }), c -> c);
        WebSocket ws = fixture.client.connect(fixture.uri("/proto"),
                ConnectOptions.builder().subprotocols("v3", "v2").build(), new RecordingListener()).get(10, TimeUnit.SECONDS);
        assertThat(ws.subprotocol()).isEqualTo("v2");
        WebSocket none = fixture.client.connect(fixture.uri("/proto"), new RecordingListener()).get(10, TimeUnit.SECONDS);
        assertThat(none.subprotocol()).isEmpty();
    }

    @Test
    void httpUrisAreTakenAsWebSocketUris() throws Exception {
        fixture = new Fixture(false);
        URI http = URI.create("HTTP://127.0.0.1:" + fixture.server.port() + "/echo");
        assertThat(fixture.client.connect(http, new RecordingListener()).get(10, TimeUnit.SECONDS).isOpen()).isTrue();
    }

    @Test
    void invalidUrisAreRefusedAtOnce() {
        try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
            assertThatThrownBy(() -> client.connect(URI.create("ws://localhost/chat#frag"), new RecordingListener()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.connect(URI.create("ftp://localhost/"), new RecordingListener()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void silentServerHitsTheHandshakeTimeout() throws Exception {
        try (RawServer server = new RawServer();
             WebSocketClient client = WebSocketClient.builder().eventLoops(1).handshakeTimeout(Duration.ofMillis(300)).build()) {
            CompletableFuture<WebSocket> f = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                    new RecordingListener());
            String request = server.acceptRequest();
            assertThat(request).startsWith("GET / HTTP/1.1\r\n").containsIgnoringCase("sec-websocket-key:");
            assertThat(failure(f)).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.awaitEof()).isTrue();
        }
    }

    @Test
    void badAcceptKeyFailsWithStatusZero() throws Exception {
        try (RawServer server = new RawServer();
             WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
            CompletableFuture<WebSocket> f = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                    new RecordingListener());
            server.acceptRequest();
            server.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: d3Jvbmc=\r\n\r\n");
            Throwable failure = failure(f);
            assertThat(failure).isInstanceOf(HandshakeException.class);
            assertThat(((HandshakeException) failure).status()).isZero();
            assertThat(server.awaitEof()).isTrue();
        }
    }

    @Test
    void refusedTcpConnectionFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).build()) {
            assertThat(failure(client.connect(URI.create("ws://127.0.0.1:" + port + "/"), new RecordingListener())))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void tlsVerifiesTheHostName() throws Exception {
        KeyStore other = TestTls.generate("dns:other.example");
        SSLContext serverTls = TestTls.serverContext(other);
        SSLContext clientTls = TestTls.clientContext(other);
        fixture = new Fixture(true, s -> s.tls(serverTls), c -> c.tls(clientTls));
        Throwable failure = failure(fixture.client.connect(fixture.uri("/echo"), new RecordingListener()));
        assertThat(failure).isInstanceOf(SSLException.class);
        awaitNoServerConnections();
    }

    @Test
    void tlsRefusesAnUntrustedCertificate() throws Exception {
        fixture = new Fixture(true, s -> s, c -> c.tls(null));
        Throwable failure = failure(fixture.client.connect(fixture.uri("/echo"), new RecordingListener()));
        assertThat(failure).isInstanceOf(SSLException.class);
    }

    private void awaitNoServerConnections() throws InterruptedException {
        Waits.until(Duration.ofSeconds(5), () -> fixture.server.connectionCount() == 0);
        assertThat(fixture.server.connectionCount()).isZero();
    }
}
