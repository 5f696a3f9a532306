package dev.duplex.browsertests;

import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.WebSocket;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * A Duplex {@code wss://} server on loopback for the carrier scenario: TLS, HTTP/2 on or off, permessage-deflate
 * ({@link PerMessageDeflate#defaults()}), a small page at {@code /} and the routes {@code /echo} (echoes every
 * message; selects the first offered subprotocol) and {@code /control} (text {@code close <code> <reason>}
 * closes from the server side; other messages are echoed).
 * <p>Every WebSocket whose URL has {@code ?run=<id>&name=<name>} is recorded: the {@code Origin} and extension
 * offer it sent, its {@link WebSocket#httpVersion()}, subprotocol and extensions, the messages received, the close
 * the server saw, and the client's address and port ({@link WebSocket#remoteAddress()}: one per TCP connection),
 * kept apart since they differ between runs.
 */
final class CarrierServer implements AutoCloseable {
    private static final byte[] PAGE = ("<!doctype html><meta charset=utf-8><title>Duplex over HTTP/2</title>"
            + "<p>WebSockets over HTTP/2 (RFC 8441)").getBytes(StandardCharsets.UTF_8);

    final WebSocketServer server;
    /** run -> name -> fields. */
    private final Map<String, Map<String, Map<String, Object>>> observed = new ConcurrentHashMap<>();
    /** run -> name -> the client's address and port. */
    private final Map<String, Map<String, InetSocketAddress>> clients = new ConcurrentHashMap<>();

    CarrierServer(SSLContext tls, boolean http2) throws IOException {
        server = WebSocketServer.builder()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .tls(tls)
                .http2(http2)
                .closeTimeout(Duration.ofSeconds(2))
                .extensions(PerMessageDeflate.defaults())
                .httpRoute("/", "text/html; charset=utf-8", PAGE)
                .route("/echo", new Route(false))
                .route("/control", new Route(true))
                .build()
                .start();
    }

    /** {@code wss://localhost:P}: the page's origin and the WebSockets' base. */
    String origin() {
        return "https://localhost:" + server.port();
    }

    String wss() {
        return "wss://localhost:" + server.port();
    }

    /**
     * What the server saw of run {@code run}: per name, the fields above (without the port), once {@code count}
     * WebSockets have closed or after {@code waitMillis}.
     */
    Map<String, Map<String, Object>> observed(String run, int count, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        Map<String, Map<String, Object>> seen = observed.getOrDefault(run, Map.of());
        while (System.nanoTime() < deadline
                && (seen.size() < count || !seen.values().stream().allMatch(m -> m.containsKey("code")))) {
            Thread.sleep(5);
            seen = observed.getOrDefault(run, Map.of());
        }
        Map<String, Map<String, Object>> copy = new TreeMap<>();
        seen.forEach((name, fields) -> copy.put(name, new TreeMap<>(fields)));
        return copy;
    }

    /** The client address and port of each WebSocket of run {@code run}: one per TCP connection. */
    Map<String, InetSocketAddress> clients(String run) {
        return new TreeMap<>(clients.getOrDefault(run, Map.of()));
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }

    private record Tag(String run, String name) {
    }

    private final class Route implements WebSocketHandler {
        private final boolean control;

        Route(boolean control) {
            this.control = control;
        }

        @Override
        public HandshakeDecision onHandshake(HandshakeRequest request) {
            Tag tag = tag(request.query());
            if (tag != null) {
                Map<String, Object> fields = new ConcurrentSkipListMap<>();
                fields.put("path", request.path());
                fields.put("origin", String.valueOf(request.origin()));
                fields.put("offer", String.valueOf(request.headers().first("Sec-WebSocket-Extensions")));
                fields.put("offeredProtocols", String.join(", ", request.subprotocols()));
                fields.put("messages", 0L);
                observed.computeIfAbsent(tag.run(), r -> new ConcurrentHashMap<>()).put(tag.name(), fields);
            }
            HandshakeDecision.Accept accept = request.subprotocols().isEmpty() ? HandshakeDecision.accept()
                    : HandshakeDecision.accept(request.subprotocols().get(0));
            return accept.withAttachment(tag);
        }

        private static Tag tag(String query) {
            if (query == null) {
                return null;
            }
            String run = null;
            String name = null;
            for (String pair : query.split("&")) {
                if (pair.startsWith("run=")) {
                    run = pair.substring(4);
                } else if (pair.startsWith("name=")) {
                    name = pair.substring(5);
                }
            }
            return run == null || name == null ? null : new Tag(run, name);
        }

        private Map<String, Object> fields(WebSocket ws) {
            Tag tag = ws.attachment();
            return tag == null ? null : observed.get(tag.run()).get(tag.name());
        }

        @Override
        public void onOpen(WebSocket ws) {
            Map<String, Object> fields = fields(ws);
            if (fields != null) {
                Tag tag = ws.attachment();
                fields.put("http", ws.httpVersion().name());
                fields.put("protocol", ws.subprotocol());
                fields.put("extensions", ws.extensions());
                clients.computeIfAbsent(tag.run(), r -> new ConcurrentHashMap<>()).put(tag.name(), ws.remoteAddress());
            }
        }

        private void count(WebSocket ws) {
            Map<String, Object> fields = fields(ws);
            if (fields != null) {
                fields.merge("messages", 1L, (a, b) -> (Long) a + (Long) b);
            }
        }

        @Override
        public void onText(WebSocket ws, String text) {
            count(ws);
            if (control && text.startsWith("close ")) {
                String[] words = text.split(" ", 3);
                ws.close(Integer.parseInt(words[1]), words.length > 2 ? words[2] : "");
                return;
            }
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            count(ws);
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data.duplicate()).flip();
            ws.sendBinary(copy);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            Map<String, Object> fields = fields(ws);
            if (fields != null) {
                fields.put("reason", reason);
                fields.put("clean", clean);
                fields.put("code", (long) code);
            }
        }
    }
}
