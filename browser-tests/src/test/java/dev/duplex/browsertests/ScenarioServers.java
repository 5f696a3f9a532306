package dev.duplex.browsertests;

import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.engine.handshake.OriginPolicy;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.WebSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The two Duplex servers the scenarios run against, on loopback.
 * <ul>
 * <li>{@code main} ({@code {ws}}, {@code {http}}): the default same-origin policy, permessage-deflate with
 * {@code server_no_context_takeover} and a client window of 12 bits, a blank page at {@code /}, and the routes
 * {@code /echo}, {@code /select} (picks its own preference among the offered protocols), {@code /no-protocol}
 * (selects none), {@code /control} (text commands {@code close <code> [reason]}, {@code abort},
 * {@code binary <n>}) and {@code /refuse} (403).
 * <li>{@code other} ({@code {ws-other}}, {@code {http-other}}): another origin, every origin allowed, no
 * extension, a blank page and {@code /echo}.
 * </ul>
 * Each connection whose URL has {@code ?run=<id>} is recorded: the protocols offered, the messages received,
 * and the close the server saw.
 */
final class ScenarioServers implements AutoCloseable {
    static final List<String> SERVER_PREFERENCE = List.of("chat.v2", "chat.v1", "superchat");
    private static final byte[] PAGE = "<!doctype html><meta charset=utf-8><title>Duplex browser tests</title>"
            .getBytes(StandardCharsets.UTF_8);

    final WebSocketServer main;
    final WebSocketServer other;
    private final Map<String, Map<String, Object>> observed = new ConcurrentHashMap<>();

    ScenarioServers() throws IOException {
        main = WebSocketServer.builder()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .closeTimeout(Duration.ofSeconds(2))
                .extensions(PerMessageDeflate.builder().serverNoContextTakeover(true).clientMaxWindowBits(12).build())
                .httpRoute("/", "text/html; charset=utf-8", PAGE)
                .route("/echo", new Route(Selection.FIRST, false))
                .route("/select", new Route(Selection.SERVER_PREFERENCE, false))
                .route("/no-protocol", new Route(Selection.NONE, false))
                .route("/control", new Route(Selection.FIRST, true))
                .route("/refuse", new WebSocketHandler() {
                    @Override
                    public HandshakeDecision onHandshake(HandshakeRequest request) {
                        return HandshakeDecision.reject(403, "refused by the scenario");
                    }
                })
                .build()
                .start();
        other = WebSocketServer.builder()
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .closeTimeout(Duration.ofSeconds(2))
                .originPolicy(OriginPolicy.allowAll())
                .httpRoute("/", "text/html; charset=utf-8", PAGE)
                .route("/echo", new Route(Selection.FIRST, false))
                .build()
                .start();
    }

    /** Placeholders and values, longest value first (so that no value is replaced inside a longer one). */
    List<Map.Entry<String, String>> bases() {
        return List.of(
                Map.entry("{ws-other}", "ws://127.0.0.1:" + other.port()),
                Map.entry("{http-other}", "http://127.0.0.1:" + other.port()),
                Map.entry("{http}", "http://127.0.0.1:" + main.port()),
                Map.entry("{ws}", "ws://127.0.0.1:" + main.port())
        ).stream().sorted((a, b) -> b.getValue().length() - a.getValue().length()).toList();
    }

    /** The page a scenario runs in: {@code main} (default) or {@code other}. */
    String pageUrl(String page) {
        return "http://127.0.0.1:" + ("other".equals(page) ? other.port() : main.port()) + "/";
    }

    String pageOrigin(String page) {
        String url = pageUrl(page);
        return url.substring(0, url.length() - 1);
    }

    /**
     * What the server saw of run {@code id} once it ended: {@code protocols}, {@code messages}, {@code code},
     * {@code reason}, {@code clean}; null when no connection of that run was accepted within {@code waitMillis}.
     */
    Map<String, Object> observed(String id, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Map<String, Object> o = observed.get(id);
            if (o != null && o.containsKey("code")) {
                return o;
            }
            Thread.sleep(5);
        }
        return observed.get(id);
    }

    @Override
    public void close() {
        try {
            main.stop(Duration.ofSeconds(1));
        } finally {
            other.stop(Duration.ofSeconds(1));
        }
    }

    private enum Selection { FIRST, SERVER_PREFERENCE, NONE }

    private final class Route implements WebSocketHandler {
        private final Selection selection;
        private final boolean control;

        Route(Selection selection, boolean control) {
            this.selection = selection;
            this.control = control;
        }

        @Override
        public HandshakeDecision onHandshake(HandshakeRequest request) {
            List<String> offered = request.subprotocols();
            String chosen = switch (selection) {
                case FIRST -> offered.isEmpty() ? null : offered.get(0);
                case SERVER_PREFERENCE -> SERVER_PREFERENCE.stream().filter(offered::contains).findFirst().orElse(null);
                case NONE -> null;
            };
            String run = run(request.query());
            if (run != null) {
                Map<String, Object> record = new ConcurrentSkipListMap<>();
                record.put("protocols", List.copyOf(offered));
                record.put("messages", 0L);
                observed.put(run, record);
            }
            HandshakeDecision.Accept accept = chosen == null ? HandshakeDecision.accept() : HandshakeDecision.accept(chosen);
            return accept.withAttachment(run);
        }

        private static String run(String query) {
            if (query == null) {
                return null;
            }
            for (String pair : query.split("&")) {
                if (pair.startsWith("run=")) {
                    return pair.substring(4);
                }
            }
            return null;
        }

        private void count(WebSocket ws) {
            String run = ws.attachment();
            if (run != null) {
                observed.get(run).merge("messages", 1L, (a, b) -> (Long) a + (Long) b);
            }
        }

        @Override
        public void onText(WebSocket ws, String text) {
            count(ws);
            if (!control) {
                ws.sendText(text);
                return;
            }
            String[] words = text.split(" ", 3);
            switch (words[0]) {
                case "close" -> ws.close(Integer.parseInt(words[1]), words.length > 2 ? words[2] : "");
                case "abort" -> ws.abort();
                case "binary" -> {
                    byte[] bytes = new byte[Integer.parseInt(words[1])];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) i;
                    }
                    ws.sendBinary(ByteBuffer.wrap(bytes));
                }
                default -> ws.sendText(text);
            }
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
            String run = ws.attachment();
            if (run != null) {
                Map<String, Object> record = observed.get(run);
                record.put("reason", reason);
                record.put("clean", clean);
                record.put("code", (long) code);
            }
        }
    }
}
