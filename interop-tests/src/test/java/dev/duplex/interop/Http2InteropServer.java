package dev.duplex.interop;

import dev.duplex.testsupport.PeerProcess;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.tls.SelfSignedCertificate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Duplex server for the WebSocket-over-HTTP/2 (RFC 8441) interop tests, on the same port for HTTP/1.1 and
 * HTTP/2 (h2c prior knowledge, or ALPN {@code h2} over TLS with {@link #CERT}). {@code /echo} echoes every message
 * with its type and chooses the subprotocol {@code chat} when offered; every opened WebSocket and every close is
 * recorded. Also: PEM files of {@link #CERT} for Node, and the checks of a peer client's run
 * ({@code peers/h2_ws_client.*}, see {@code peers/README-h2.md}).
 */
final class Http2InteropServer implements AutoCloseable {
    /** The certificate of every TLS test here: {@code localhost} and {@code 127.0.0.1}. */
    static final SelfSignedCertificate CERT = SelfSignedCertificate.forLocalhost();

    record Opened(HttpVersion httpVersion, int remotePort, String subprotocol) {
    }

    record Close(int code, String reason, boolean clean) {
    }

    final LinkedBlockingQueue<Opened> opened = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Close> closes = new LinkedBlockingQueue<>();
    final WebSocketServer server;
    private final boolean tls;

    private Http2InteropServer(boolean tls) throws IOException {
        this.tls = tls;
        WebSocketHandler echo = new WebSocketHandler() {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                return request.subprotocols().contains("chat") ? HandshakeDecision.accept("chat")
                        : HandshakeDecision.accept();
            }

            @Override
            public void onOpen(WebSocket ws) {
                opened.add(new Opened(ws.httpVersion(), ws.remoteAddress().getPort(), ws.subprotocol()));
            }

            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ByteBuffer copy = ByteBuffer.allocate(data.remaining());
                copy.put(data.duplicate()).flip();
                ws.sendBinary(copy);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                closes.add(new Close(code, reason, clean));
            }
        };
        WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0).route("/echo", echo);
        if (tls) {
            builder.tls(CERT.serverContext());
        }
        server = builder.build().start();
    }

    static Http2InteropServer cleartext() throws IOException {
        return new Http2InteropServer(false);
    }

    static Http2InteropServer secure() throws IOException {
        return new Http2InteropServer(true);
    }

    /** The URL the peer clients take: {@code https:} (TLS, ALPN h2) or {@code http:} (h2c prior knowledge). */
    String peerUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + server.port() + "/echo";
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }

    /** Writes {@link #CERT} and its private key (PKCS #8) as PEM files into {@code dir}: {cert, key}. */
    static Path[] writePem(Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", CERT.certificate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem("PRIVATE KEY", CERT.privateKey().getEncoded()), StandardCharsets.US_ASCII);
        return new Path[] {cert, key};
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /**
     * Checks a finished run of {@code h2_ws_client.js} or {@code h2_ws_client.py} with {@code --streams streams
     * --count count --protocol chat} against this server: the client's lines (one connection; per stream status
     * 200, subprotocol chat, every echo matched, close 1000 "done" both ways, END_STREAM both ways and no
     * RST_STREAM; then {@code ok}, exit 0), and this server's view (as many WebSockets, all over HTTP/2 from the
     * client's one port, each closed cleanly with 1000 "done").
     */
    void assertPeerClientRun(PeerProcess peer, int streams, int count, Duration timeout) throws InterruptedException {
        peer.results(timeout);
        List<String> lines = peer.output();
        String context = "client stdout " + lines + "; stderr: " + peer.stderr();
        assertThat(lines).as(context).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).as(context).isEqualTo("ok");
        assertThat(peer.exitValue()).as(context).isZero();
        List<String> connections = withKey(lines, "connection");
        assertThat(connections).as("one HTTP/2 connection; " + context).hasSize(1);
        int clientPort = Integer.parseInt(connections.get(0));
        assertThat(withKey(lines, "status")).as(context).hasSize(streams).containsOnly("200");
        assertThat(withKey(lines, "subprotocol")).as(context).hasSize(streams).containsOnly("chat");
        assertThat(withKey(lines, "echo-ok")).as(context).hasSize(streams).containsOnly(String.valueOf(2 * count));
        assertThat(withKey(lines, "close")).as(context).hasSize(streams).containsOnly("1000 done clean=true");
        assertThat(withKey(lines, "stream-end")).as(context).hasSize(streams).containsOnly("END_STREAM");

        List<Opened> seen = new ArrayList<>();
        List<Close> closed = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            seen.add(opened.poll(5, TimeUnit.SECONDS));
            closed.add(closes.poll(5, TimeUnit.SECONDS));
        }
        assertThat(seen).as("WebSockets opened at the server").hasSize(streams)
                .containsOnly(new Opened(HttpVersion.HTTP_2, clientPort, "chat"));
        assertThat(closed).as("closes seen by the server").containsOnly(new Close(1000, "done", true));
        assertThat(opened).as("no other WebSocket").isEmpty();
        assertThat(closes).as("no other close").isEmpty();
    }

    /** The values of the lines whose first word is {@code key}, in order. */
    static List<String> withKey(List<String> lines, String key) {
        List<String> values = new ArrayList<>();
        for (String line : lines) {
            if (line.equals(key)) {
                values.add("");
            } else if (line.startsWith(key + " ")) {
                values.add(line.substring(key.length() + 1));
            }
        }
        return values;
    }

    /** Polls the peer's stdout until {@code done} holds for it; fails with the output after {@code timeout}. */
    static List<String> awaitOutput(PeerProcess peer, Predicate<List<String>> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = peer.output();
            if (done.test(lines)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("peer output incomplete after " + timeout + ": " + lines + "; stderr: "
                        + peer.stderr());
            }
            Thread.sleep(20);
        }
    }
}
