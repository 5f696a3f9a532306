package dev.duplex.browser;

import dev.duplex.client.WebSocketClient;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.WebSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Duplex server on loopback with the routes the unit tests need, a client with short timeouts, and the
 * environment that uses it.
 * <ul>
 * <li>{@code /echo}: echoes every message; selects the first offered subprotocol.
 * <li>{@code /none}: echoes; selects no subprotocol whatever is offered.
 * <li>{@code /control}: text commands: {@code close <code> <reason>}, {@code abort}, {@code burst <n>} (n numbered
 * text messages), {@code binary <n>} (n bytes 0, 1, 2, ...); other messages are echoed.
 * <li>{@code /refuse}: refuses every handshake with 403.
 * </ul>
 */
final class TestServer implements AutoCloseable {
    /** What the server saw of a connection's end. */
    record Closed(String route, String query, int code, String reason, boolean clean, int messagesIn) {
    }

    /** Per connection: its query and how many messages came in. */
    private static final class Stats {
        final String query;
        int messagesIn;

        Stats(String query) {
            this.query = query;
        }
    }

    final WebSocketServer server;
    final WebSocketClient client;
    final WebSocketEnvironment environment;
    final Queue<Closed> closes = new ConcurrentLinkedQueue<>();

    TestServer() {
        try {
            server = WebSocketServer.builder()
                    .bind(new InetSocketAddress("127.0.0.1", 0))
                    .closeTimeout(Duration.ofSeconds(2))
                    .extensions(PerMessageDeflate.defaults())
                    .route("/echo", new Route("/echo", true))
                    .route("/none", new Route("/none", false))
                    .route("/control", new Route("/control", true))
                    .route("/refuse", new WebSocketHandler() {
                        @Override
                        public HandshakeDecision onHandshake(HandshakeRequest request) {
                            return HandshakeDecision.reject(403, "refused by the test");
                        }
                    })
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = WebSocketClient.builder().eventLoops(1).closeTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(Duration.ofSeconds(3)).build();
        environment = WebSocketEnvironment.builder().client(client).build();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + server.port() + path;
    }

    String origin() {
        return "ws://127.0.0.1:" + server.port();
    }

    dev.duplex.browser.WebSocket open(String path, String... protocols) {
        return new dev.duplex.browser.WebSocket(url(path), List.of(protocols), environment);
    }

    /** Like {@link #open(String, String...)}, with its events going through {@code events}. */
    dev.duplex.browser.WebSocket open(String path, java.util.concurrent.Executor events) {
        WebSocketEnvironment env = new WebSocketEnvironment(environment.client(), environment.origin(),
                environment.baseUrl(), events, environment.headers());
        return new dev.duplex.browser.WebSocket(url(path), List.of(), env);
    }

    /** The end of the connection whose URL had {@code ?query}, as the server saw it. */
    Closed awaitServerClose(String query) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Closed c : closes) {
                if (query.equals(c.query())) {
                    closes.remove(c);
                    return c;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the server saw no close of ?" + query + " within 10 s");
    }

    @Override
    public void close() {
        try {
            server.stop(Duration.ofSeconds(1));
        } finally {
            client.close();
        }
    }

    private final class Route implements WebSocketHandler {
        private final String path;
        private final boolean selectFirstProtocol;

        Route(String path, boolean selectFirstProtocol) {
            this.path = path;
            this.selectFirstProtocol = selectFirstProtocol;
        }

        @Override
        public HandshakeDecision onHandshake(HandshakeRequest request) {
            return (selectFirstProtocol && !request.subprotocols().isEmpty()
                    ? HandshakeDecision.accept(request.subprotocols().get(0)) : HandshakeDecision.accept())
                    .withAttachment(new Stats(request.query()));
        }

        @Override
        public void onText(WebSocket ws, String text) {
            ws.<Stats>attachment().messagesIn++;
            String[] words = text.split(" ", 3);
            if (path.equals("/control")) {
                switch (words[0]) {
                    case "close" -> {
                        ws.close(Integer.parseInt(words[1]), words.length > 2 ? words[2] : "");
                        return;
                    }
                    case "abort" -> {
                        ws.abort();
                        return;
                    }
                    case "burst" -> {
                        for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                            ws.sendText(Integer.toString(i));
                        }
                        return;
                    }
                    case "binary" -> {
                        byte[] bytes = new byte[Integer.parseInt(words[1])];
                        for (int i = 0; i < bytes.length; i++) {
                            bytes[i] = (byte) i;
                        }
                        ws.sendBinary(ByteBuffer.wrap(bytes));
                        return;
                    }
                    default -> {
                    }
                }
            }
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.<Stats>attachment().messagesIn++;
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data.duplicate()).flip();
            ws.sendBinary(copy);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            Stats stats = ws.attachment();
            closes.add(new Closed(path, stats.query, code, reason, clean, stats.messagesIn));
        }
    }
}
