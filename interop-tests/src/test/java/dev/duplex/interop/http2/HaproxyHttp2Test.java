package dev.duplex.interop.http2;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HAProxy 2.6 as an RFC 8441 hop, in both directions, with the Duplex server and client at the ends:
 * <ul>
 * <li>HTTP/1.1 WebSocket clients (RFC 6455 section 4) → HAProxy → the Duplex server over HTTP/2
 * ({@code server ... proto h2}): HAProxy turns the upgrade into an extended CONNECT (RFC 8441 section 4) once the
 * server's SETTINGS allowed it (section 3), and the server's 200 back into a 101;</li>
 * <li>the Duplex client over cleartext HTTP/2 ({@link Http2Policy#PRIOR_KNOWLEDGE}) → HAProxy ({@code bind ... proto
 * h2}, which announces SETTINGS_ENABLE_CONNECT_PROTOCOL) → a Duplex server that speaks HTTP/1.1 only: the extended
 * CONNECT becomes an upgrade request.</li>
 * </ul>
 * The WebSocket frames pass through unchanged, so messages and close codes must arrive as sent; what each end
 * reports as {@link WebSocket#httpVersion()} shows that the hop really changed the HTTP version.
 */
class HaproxyHttp2Test {
    @TempDir
    static Path dir;
    private static DuplexEcho overHttp2;
    private static DuplexEcho overHttp1;
    private static Haproxy haproxy;
    private static int http1Front;
    private static int http2Front;
    private static WebSocketClient client;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Haproxy.installed(), "haproxy is not installed (scripts/install-peers.sh)");
        overHttp2 = DuplexEcho.plain();
        overHttp1 = DuplexEcho.plain(b -> b.http2(false));
        http1Front = Haproxy.freePort();
        http2Front = Haproxy.freePort();
        haproxy = Haproxy.start(dir, """
                frontend websocket_over_http1
                    bind 127.0.0.1:%d
                    default_backend duplex_over_http2
                backend duplex_over_http2
                    server s1 127.0.0.1:%d proto h2
                frontend websocket_over_http2
                    bind 127.0.0.1:%d proto h2
                    default_backend duplex_over_http1
                backend duplex_over_http1
                    server s1 127.0.0.1:%d
                """.formatted(http1Front, overHttp2.port(), http2Front, overHttp1.port()), http1Front, http2Front);
        client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofSeconds(3)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (overHttp2 != null) {
            overHttp2.close();
        }
        if (overHttp1 != null) {
            overHttp1.close();
        }
    }

    private static WebSocket connect(int port, Http2Policy policy, Events events) throws Exception {
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/echo"),
                ConnectOptions.builder().http2(policy).subprotocols("chat").build(), events).get(10, TimeUnit.SECONDS);
        events.next(Events.Opened.class);
        return ws;
    }

    /** Text, a 1 MiB binary message and a client close with 4000, end to end. */
    private static void echoAndClientClose(WebSocket ws, Events events, DuplexEcho server, HttpVersion serverSide)
            throws Exception {
        ws.sendText("through haproxy, ü");
        assertThat(events.next(Events.Text.class).text()).isEqualTo("through haproxy, ü");
        byte[] big = new byte[1 << 20];
        new Random(6455).nextBytes(big);
        ws.sendBinary(ByteBuffer.wrap(big));
        assertThat(events.next(Events.Binary.class).data()).isEqualTo(big);
        assertThat(ws.close(4000, "client bye")).succeedsWithin(10, TimeUnit.SECONDS);
        assertThat(events.next(Events.Closed.class)).isEqualTo(new Events.Closed(4000, "client bye", true));
        assertThat(server.nextClosed()).isEqualTo(new DuplexEcho.Closed(4000, "client bye", true, serverSide));
    }

    private String diagnostics() {
        return "haproxy output:\n" + haproxy.output();
    }

    /**
     * HTTP/1.1 client → HAProxy → HTTP/2 server (RFC 8441 sections 4-5): the client runs on its own HTTP/1.1
     * connection, the server sees a stream of an HTTP/2 connection; subprotocol, messages and both close codes pass.
     */
    @Test
    void http1ClientReachesTheServerOverHttp2() throws Exception {
        Events events = new Events();
        WebSocket ws = connect(http1Front, Http2Policy.NEVER, events);
        assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(ws.subprotocol()).isEqualTo("chat");
        assertThat(overHttp2.nextOpened()).as(diagnostics()).isEqualTo(new DuplexEcho.Opened(HttpVersion.HTTP_2, "chat"));
        echoAndClientClose(ws, events, overHttp2, HttpVersion.HTTP_2);
    }

    /** RFC 6455 section 7.1.2: the HTTP/2 side closes with 4001; the HTTP/1.1 client gets that code, clean. */
    @Test
    void http2ServerClosesAnHttp1Client() throws Exception {
        Events events = new Events();
        WebSocket ws = connect(http1Front, Http2Policy.NEVER, events);
        assertThat(overHttp2.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        ws.sendText("please-close");
        assertThat(events.next(Events.Closed.class)).isEqualTo(
                new Events.Closed(DuplexEcho.SERVER_CLOSE_CODE, DuplexEcho.SERVER_CLOSE_REASON, true));
        assertThat(overHttp2.nextClosed()).isEqualTo(new DuplexEcho.Closed(DuplexEcho.SERVER_CLOSE_CODE,
                DuplexEcho.SERVER_CLOSE_REASON, true, HttpVersion.HTTP_2));
    }

    /** The JDK's {@code java.net.http.WebSocket} (HTTP/1.1 only) through the same hop: echo and its close code. */
    @Test
    void jdkClientReachesTheServerOverHttp2() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        java.net.http.WebSocket.Listener listener = new java.net.http.WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
                closed.complete(code + " " + reason);
                return null;
            }

            @Override
            public void onError(java.net.http.WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        try (HttpClient http = HttpClient.newHttpClient()) {
            java.net.http.WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create("ws://127.0.0.1:" + http1Front + "/echo"), listener).get(10, TimeUnit.SECONDS);
            assertThat(overHttp2.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            ws.sendText("from the JDK", true).get(5, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("from the JDK");
            ws.sendClose(4003, "jdk bye").get(5, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo("4003 jdk bye");
            assertThat(overHttp2.nextClosed()).isEqualTo(new DuplexEcho.Closed(4003, "jdk bye", true, HttpVersion.HTTP_2));
        }
    }

    /**
     * RFC 9110 section 7.8 and RFC 8441 section 4: HAProxy copies the client's {@code Upgrade: WebSocket} into
     * {@code :protocol WebSocket} as written; the upgrade token is case-insensitive, so the server accepts it.
     */
    @Test
    void upgradeTokenIsMatchedCaseInsensitively() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), http1Front)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + http1Front + "\r\nUpgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(s.getInputStream());
            assertThat(head).as(diagnostics()).startsWith("HTTP/1.1 101 ")
                    .containsIgnoringCase("\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
            assertThat(overHttp2.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            // A masked close frame with 1000 (RFC 6455 section 5.5.1); the server answers with its own.
            out.write(new byte[]{(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)});
            out.flush();
            byte[] reply = s.getInputStream().readNBytes(4);
            assertThat(reply).containsExactly(0x88, 0x02, 0x03, 0xE8);
            assertThat(overHttp2.nextClosed()).isEqualTo(new DuplexEcho.Closed(1000, "", true, HttpVersion.HTTP_2));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed after " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /**
     * HTTP/2 client → HAProxy → HTTP/1.1 server (RFC 8441 sections 3-5 on the client's side): the client sees
     * HAProxy's SETTINGS_ENABLE_CONNECT_PROTOCOL and opens a stream; the server gets an ordinary upgrade.
     */
    @Test
    void http2ClientReachesAnHttp1Server() throws Exception {
        Events events = new Events();
        WebSocket ws = connect(http2Front, Http2Policy.PRIOR_KNOWLEDGE, events);
        assertThat(ws.httpVersion()).as(diagnostics()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(ws.subprotocol()).isEqualTo("chat");
        assertThat(overHttp1.nextOpened()).isEqualTo(new DuplexEcho.Opened(HttpVersion.HTTP_1_1, "chat"));
        echoAndClientClose(ws, events, overHttp1, HttpVersion.HTTP_1_1);
    }

    /** RFC 6455 section 7.1.2: the HTTP/1.1 server closes with 4001; the HTTP/2 client gets that code, clean. */
    @Test
    void http1ServerClosesAnHttp2Client() throws Exception {
        Events events = new Events();
        WebSocket ws = connect(http2Front, Http2Policy.PRIOR_KNOWLEDGE, events);
        assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(overHttp1.nextOpened().httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        ws.sendText("please-close");
        assertThat(events.next(Events.Closed.class)).isEqualTo(
                new Events.Closed(DuplexEcho.SERVER_CLOSE_CODE, DuplexEcho.SERVER_CLOSE_REASON, true));
        assertThat(overHttp1.nextClosed()).isEqualTo(new DuplexEcho.Closed(DuplexEcho.SERVER_CLOSE_CODE,
                DuplexEcho.SERVER_CLOSE_REASON, true, HttpVersion.HTTP_1_1));
    }
}
