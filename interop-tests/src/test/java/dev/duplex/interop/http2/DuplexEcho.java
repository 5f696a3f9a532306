package dev.duplex.interop.http2;

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
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The Duplex server under test, as a user would set it up: {@code /echo} echoes every message with its type and
 * accepts the client's first subprotocol; the text {@code please-close} makes it close with 4001 "server says
 * bye". A page is served at {@code /}. HTTP/2 is on (the default) unless the caller turns it off. Every opened and
 * closed WebSocket is recorded with the HTTP version it ran on.
 */
final class DuplexEcho implements AutoCloseable {
    /** The self-signed certificate for {@code localhost} every TLS peer of this package uses. */
    static final SelfSignedCertificate CERT = SelfSignedCertificate.forLocalhost();
    static final String PAGE = "<!doctype html><title>Duplex over HTTP/2</title><p>hello</p>\n";
    static final int SERVER_CLOSE_CODE = 4001;
    static final String SERVER_CLOSE_REASON = "server says bye";

    record Opened(HttpVersion httpVersion, String subprotocol) {
    }

    record Closed(int code, String reason, boolean clean, HttpVersion httpVersion) {
    }

    final LinkedBlockingQueue<Opened> opened = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Closed> closed = new LinkedBlockingQueue<>();
    final WebSocketServer server;
    private final boolean tls;

    private DuplexEcho(boolean tls, UnaryOperator<WebSocketServer.Builder> custom) throws IOException {
        this.tls = tls;
        WebSocketServer.Builder b = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
                .closeTimeout(Duration.ofSeconds(3))
                .route("/echo", new Handler())
                .httpRoute("/", "text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8));
        if (tls) {
            b.tls(CERT.serverContext());
        }
        server = custom.apply(b).build().start();
    }

    /** Cleartext: HTTP/1.1 and prior-knowledge h2c on one port. */
    static DuplexEcho plain() throws IOException {
        return new DuplexEcho(false, b -> b);
    }

    /** TLS: ALPN chooses h2 or http/1.1. */
    static DuplexEcho tls() throws IOException {
        return new DuplexEcho(true, b -> b);
    }

    static DuplexEcho plain(UnaryOperator<WebSocketServer.Builder> custom) throws IOException {
        return new DuplexEcho(false, custom);
    }

    int port() {
        return server.port();
    }

    /** {@code ws://127.0.0.1:P/echo} or {@code wss://localhost:P/echo} (the certificate's name). */
    String echoUrl() {
        return (tls ? "wss://localhost:" : "ws://127.0.0.1:") + port() + "/echo";
    }

    Opened nextOpened() throws InterruptedException {
        Opened o = opened.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("the Duplex server opened no WebSocket within 10 s");
        }
        return o;
    }

    Closed nextClosed() throws InterruptedException {
        Closed c = closed.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no WebSocket closed at the Duplex server within 10 s");
        }
        return c;
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }

    private final class Handler implements WebSocketHandler {
        @Override
        public HandshakeDecision onHandshake(HandshakeRequest request) {
            return request.subprotocols().isEmpty() ? HandshakeDecision.accept()
                    : HandshakeDecision.accept(request.subprotocols().get(0));
        }

        @Override
        public void onOpen(WebSocket ws) {
            opened.add(new Opened(ws.httpVersion(), ws.subprotocol()));
        }

        @Override
        public void onText(WebSocket ws, String text) {
            if (text.equals("please-close")) {
                ws.close(SERVER_CLOSE_CODE, SERVER_CLOSE_REASON);
            } else {
                ws.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            closed.add(new Closed(code, reason, clean, ws.httpVersion()));
        }
    }
}
