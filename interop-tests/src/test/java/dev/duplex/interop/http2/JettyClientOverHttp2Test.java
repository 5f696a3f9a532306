package dev.duplex.interop.http2;

import dev.duplex.transport.HttpVersion;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty 12.1's WebSocket client, whose only transport is HTTP/2, against the Duplex server: cleartext with prior
 * knowledge (RFC 9113 section 3.3) and TLS with ALPN h2 (RFC 9113 section 3.2). Jetty waits for the server's
 * {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1} (RFC 8441 section 3), sends an extended CONNECT with
 * {@code :protocol websocket} (section 4) and takes the 200 as the opening handshake (section 5); the Duplex
 * handler sees {@link HttpVersion#HTTP_2}. Each WebSocket first exchanges a sync message
 * ({@link JettyHttp2.ClientEndpoint#sync}): Jetty's client over HTTP/2 sometimes drops the first message it receives.
 */
class JettyClientOverHttp2Test {
    private static DuplexEcho plain;
    private static DuplexEcho tls;
    private static WebSocketClient jetty;

    @BeforeAll
    static void start() throws Exception {
        plain = DuplexEcho.plain();
        tls = DuplexEcho.tls();
        jetty = JettyHttp2.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    private static DuplexEcho server(boolean secure) {
        return secure ? tls : plain;
    }

    private static Session connect(WebSocketClient client, DuplexEcho server, JettyHttp2.ClientEndpoint endpoint,
                                   String... subprotocols) throws Exception {
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (subprotocols.length > 0) {
            request.setSubProtocols(subprotocols);
        }
        Session session = client.connect(endpoint, URI.create(server.echoUrl()), request).get(10, TimeUnit.SECONDS);
        endpoint.sync(session);
        return session;
    }

    /**
     * RFC 8441 section 5 and RFC 6455 sections 1.9 and 5: the subprotocol is agreed through the CONNECT's
     * {@code sec-websocket-protocol} and the 200's answer; text, binary and 1 MiB messages (over every initial
     * flow-control window, RFC 9113 section 6.9.2) come back intact; Jetty's close code and reason reach the
     * handler and the close is clean on both ends (RFC 6455 section 7).
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void echoesAndClosesWithTheClientsCode(boolean secure) throws Exception {
        DuplexEcho server = server(secure);
        JettyHttp2.ClientEndpoint endpoint = new JettyHttp2.ClientEndpoint();
        Session session = connect(jetty, server, endpoint, "chat", "superchat");
        assertThat(session.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("chat");
        assertThat(server.nextOpened()).isEqualTo(new DuplexEcho.Opened(HttpVersion.HTTP_2, "chat"));

        session.sendText("hello ü over h2", Callback.NOOP);
        assertThat(endpoint.next()).isEqualTo("hello ü over h2");
        byte[] big = new byte[1 << 20];
        new Random(8441).nextBytes(big);
        session.sendBinary(ByteBuffer.wrap(big), Callback.NOOP);
        assertThat(endpoint.next()).isEqualTo(big);
        String text = "€".repeat(350_000); // 1,050,000 bytes of UTF-8
        session.sendText(text, Callback.NOOP);
        assertThat(endpoint.next()).isEqualTo(text);

        session.close(4000, "jetty bye", Callback.NOOP);
        assertThat(endpoint.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4000 jetty bye");
        assertThat(server.nextClosed()).isEqualTo(new DuplexEcho.Closed(4000, "jetty bye", true, HttpVersion.HTTP_2));
    }

    /** RFC 6455 section 7.1.2 over a stream: the Duplex server closes with 4001 and Jetty reports that code. */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void serverClosesWithItsCode(boolean secure) throws Exception {
        DuplexEcho server = server(secure);
        JettyHttp2.ClientEndpoint endpoint = new JettyHttp2.ClientEndpoint();
        Session session = connect(jetty, server, endpoint);
        assertThat(server.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        session.sendText("please-close", Callback.NOOP);
        assertThat(endpoint.closed.get(10, TimeUnit.SECONDS))
                .isEqualTo(DuplexEcho.SERVER_CLOSE_CODE + " " + DuplexEcho.SERVER_CLOSE_REASON);
        assertThat(server.nextClosed()).isEqualTo(new DuplexEcho.Closed(DuplexEcho.SERVER_CLOSE_CODE,
                DuplexEcho.SERVER_CLOSE_REASON, true, HttpVersion.HTTP_2));
    }

    /**
     * RFC 8441 section 1 (the point of it): Jetty's two WebSockets to one origin are two streams of one TCP
     * connection to the Duplex server, and closing one leaves the other working.
     */
    @Test
    void twoWebSocketsShareOneConnection() throws Exception {
        WebSocketClient fresh = JettyHttp2.client();
        try (DuplexEcho server = DuplexEcho.plain()) {
            JettyHttp2.ClientEndpoint a = new JettyHttp2.ClientEndpoint();
            JettyHttp2.ClientEndpoint b = new JettyHttp2.ClientEndpoint();
            Session first = connect(fresh, server, a);
            Session second = connect(fresh, server, b);
            assertThat(server.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(server.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(server.server.connectionCount()).as("TCP connections at the Duplex server").isEqualTo(1);
            first.close(1000, "first done", Callback.NOOP);
            assertThat(a.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 first done");
            second.sendText("still here", Callback.NOOP);
            assertThat(b.next()).isEqualTo("still here");
            second.close(1000, "second done", Callback.NOOP);
            assertThat(b.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000 second done");
        } finally {
            fresh.stop();
        }
    }

    /**
     * Graceful stop over HTTP/2: the server closes every stream WebSocket with 1001 (RFC 6455 section 7.4.1), then
     * sends GOAWAY (RFC 9113 section 6.8); Jetty's two WebSockets on the one connection both see 1001.
     */
    @Test
    void stopClosesEveryStreamWith1001() throws Exception {
        WebSocketClient fresh = JettyHttp2.client();
        try (DuplexEcho server = DuplexEcho.plain()) {
            JettyHttp2.ClientEndpoint a = new JettyHttp2.ClientEndpoint();
            JettyHttp2.ClientEndpoint b = new JettyHttp2.ClientEndpoint();
            connect(fresh, server, a);
            connect(fresh, server, b);
            assertThat(server.server.connectionCount()).isEqualTo(1);
            server.server.stop(Duration.ofSeconds(5));
            assertThat(a.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
            assertThat(b.closed.get(10, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
            assertThat(server.nextClosed()).isEqualTo(new DuplexEcho.Closed(1001, "server shutting down", true,
                    HttpVersion.HTTP_2));
            assertThat(server.nextClosed().clean()).isTrue();
        } finally {
            fresh.stop();
        }
    }
}
