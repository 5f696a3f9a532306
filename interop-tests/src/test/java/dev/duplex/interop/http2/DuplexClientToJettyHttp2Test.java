package dev.duplex.interop.http2;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplex's client against Jetty 12.1's WebSocket server over HTTP/2 with extended CONNECT enabled: cleartext
 * with {@link Http2Policy#PRIOR_KNOWLEDGE} (RFC 9113 section 3.3) and TLS with {@link Http2Policy#IF_OFFERED}
 * (ALPN h2, RFC 9113 section 3.2). The client waits for Jetty's {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1}
 * (RFC 8441 section 3), sends {@code :protocol websocket} in lower case (Jetty answers 404 for another
 * spelling) and no {@code SETTINGS_ENABLE_CONNECT_PROTOCOL} of its own (Jetty 12.1.12 reads a client's 0 as
 * turning extended CONNECT off).
 */
class DuplexClientToJettyHttp2Test {
    private static JettyHttp2.EchoServer jetty;
    private static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        jetty = new JettyHttp2.EchoServer();
        client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofSeconds(3))
                .tls(DuplexEcho.CERT.clientContext()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (jetty != null) {
            jetty.close();
        }
    }

    private static WebSocket connect(boolean secure, Events events) throws Exception {
        ConnectOptions options = ConnectOptions.builder()
                .http2(secure ? Http2Policy.IF_OFFERED : Http2Policy.PRIOR_KNOWLEDGE).build();
        WebSocket ws = client.connect(URI.create(secure ? jetty.tlsUrl() : jetty.plainUrl()), options, events)
                .get(10, TimeUnit.SECONDS);
        events.next(Events.Opened.class);
        return ws;
    }

    /**
     * RFC 8441 sections 4-5: the WebSocket is a stream of an HTTP/2 connection on both ends ({@code httpVersion()}
     * here, the upgrade request's version at Jetty); text, binary and 1 MiB echo intact; the client's close code
     * and reason reach Jetty and the close is clean (RFC 6455 section 7).
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void echoesAndClosesWithTheClientsCode(boolean secure) throws Exception {
        Events events = new Events();
        WebSocket ws = connect(secure, events);
        assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(JettyHttp2.EchoServer.poll(jetty.opened, "WebSocket")).isEqualTo("HTTP/2.0");

        ws.sendText("hello Jetty, ü");
        assertThat(events.next(Events.Text.class).text()).isEqualTo("hello Jetty, ü");
        byte[] big = new byte[1 << 20];
        new Random(9113).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big));
        assertThat(events.next(Events.Binary.class).data()).isEqualTo(big);

        assertThat(ws.close(4000, "duplex bye")).succeedsWithin(10, TimeUnit.SECONDS);
        assertThat(events.next(Events.Closed.class)).isEqualTo(new Events.Closed(4000, "duplex bye", true));
        assertThat(JettyHttp2.EchoServer.poll(jetty.closed, "close")).isEqualTo("4000 duplex bye");
    }

    /** RFC 6455 section 7.1.2 over a stream: Jetty closes with 4002; Duplex's listener gets it, clean. */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void serverClosesWithItsCode(boolean secure) throws Exception {
        Events events = new Events();
        WebSocket ws = connect(secure, events);
        assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(JettyHttp2.EchoServer.poll(jetty.opened, "WebSocket")).isEqualTo("HTTP/2.0");
        ws.sendText("please-close");
        assertThat(events.next(Events.Closed.class)).isEqualTo(new Events.Closed(
                JettyHttp2.EchoServer.CLOSE_CODE, JettyHttp2.EchoServer.CLOSE_REASON, true));
        assertThat(JettyHttp2.EchoServer.poll(jetty.closed, "close")).isEqualTo(
                JettyHttp2.EchoServer.CLOSE_CODE + " " + JettyHttp2.EchoServer.CLOSE_REASON);
    }

    /**
     * RFC 8441 section 3: a Jetty whose HTTP/2 SETTINGS do not allow extended CONNECT gets the WebSocket over
     * HTTP/1.1 instead, with either policy, and it works.
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void fallsBackToHttp1WithoutExtendedConnect(boolean secure) throws Exception {
        try (JettyHttp2.EchoServer http2WithoutWebSockets = new JettyHttp2.EchoServer(false)) {
            Events events = new Events();
            ConnectOptions options = ConnectOptions.builder()
                    .http2(secure ? Http2Policy.IF_OFFERED : Http2Policy.PRIOR_KNOWLEDGE).build();
            WebSocket ws = client.connect(URI.create(secure ? http2WithoutWebSockets.tlsUrl()
                    : http2WithoutWebSockets.plainUrl()), options, events).get(10, TimeUnit.SECONDS);
            events.next(Events.Opened.class);
            assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(JettyHttp2.EchoServer.poll(http2WithoutWebSockets.opened, "WebSocket")).isEqualTo("HTTP/1.1");
            ws.sendText("over 1.1");
            assertThat(events.next(Events.Text.class).text()).isEqualTo("over 1.1");
            assertThat(ws.close(1000, "done")).succeedsWithin(10, TimeUnit.SECONDS);
            assertThat(events.next(Events.Closed.class)).isEqualTo(new Events.Closed(1000, "done", true));
        }
    }
}
