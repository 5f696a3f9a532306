package dev.duplex.browsertests;

import dev.duplex.browser.BinaryType;
import dev.duplex.browser.CloseEvent;
import dev.duplex.browser.EventType;
import dev.duplex.browser.MessageEvent;
import dev.duplex.browser.WebSocket;
import dev.duplex.browser.WebSocketEnvironment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The carrier scenario of {@code carrier-scenario.js}, step for step with {@link WebSocket}: three WebSockets
 * opened at once ({@code echo}, {@code large}, {@code server-close}), each sending from its open listener and
 * closing from its message listener, as the page's handlers do. Returns the same log, with numbers as
 * {@code Long} (as Selenium returns them) and keys sorted.
 */
final class CarrierScenario {
    static final long TIMEOUT_SECONDS = 20;
    static final List<String> NAMES = List.of("echo", "large", "server-close");
    static final int LARGE = 1 << 20;

    private record Spec(String name, String path, List<String> protocols, List<Object> messages, int expect,
                        Consumer<WebSocket> close) {
    }

    private CarrierScenario() {
    }

    /** The pseudo-random bytes the page makes: xorshift32 from {@code seed}, the low byte of each step. */
    static byte[] randomBytes(int n, int seed) {
        byte[] bytes = new byte[n];
        int x = seed;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            bytes[i] = (byte) x;
        }
        return bytes;
    }

    static byte[] counting(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static String largeText() {
        return "0123456789abcdef".repeat(1 << 16);
    }

    private static List<Spec> specs() {
        return List.of(
                new Spec("echo", "/echo", List.of("chat", "superchat"),
                        List.of("hello over the carrier", counting(16), "\u00fc\u20ac\ud834\udd1e"), 3,
                        ws -> ws.close(4000, "client bye")),
                new Spec("large", "/echo", List.of(), List.of(randomBytes(LARGE, 7), largeText()), 2,
                        ws -> ws.close(1000)),
                new Spec("server-close", "/control", List.of(), List.of("close 4001 server bye"), Integer.MAX_VALUE,
                        ws -> {
                        }));
    }

    /**
     * Runs the scenario against {@code base} ({@code wss://localhost:P}) with run id {@code run}.
     *
     * @return {@code {sockets: {name: [entries]}}}, plus {@code timeout: true} when some socket did not close in time
     */
    static Map<String, Object> run(String base, String run, WebSocketEnvironment environment) throws Exception {
        Map<String, List<Map<String, Object>>> sockets = new LinkedHashMap<>();
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Spec s : specs()) {
            List<Map<String, Object>> log = new CopyOnWriteArrayList<>();
            sockets.put(s.name(), log);
            CompletableFuture<Void> end = new CompletableFuture<>();
            closed.add(end);
            WebSocket ws = new WebSocket(base + s.path() + "?run=" + run + "&name=" + s.name(), s.protocols(),
                    environment);
            ws.setBinaryType(BinaryType.ARRAYBUFFER);
            int[] messages = {0};
            // One socket's listeners run one at a time, in order.
            ws.setOnOpen(e -> {
                log.add(entry("event", "open", "readyState", ws.readyState(), "protocol", ws.protocol(),
                        "extensions", ws.extensions(), "url", ws.url()));
                for (Object m : s.messages()) {
                    if (m instanceof String text) {
                        ws.send(text);
                    } else {
                        ws.send((byte[]) m);
                    }
                }
            });
            ws.setOnMessage(e -> {
                log.add(describe(entry("event", "message", "readyState", ws.readyState(), "origin", e.origin()), e));
                if (++messages[0] == s.expect()) {
                    s.close().accept(ws);
                }
            });
            ws.setOnError(e -> log.add(entry("event", "error", "readyState", ws.readyState())));
            ws.addEventListener(EventType.CLOSE, (CloseEvent e) -> {
                log.add(entry("event", "close", "readyState", ws.readyState(), "code", e.code(), "reason",
                        e.reason(), "wasClean", e.wasClean()));
                end.complete(null);
            });
        }
        Map<String, Object> result = new TreeMap<>();
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.put("timeout", true);
        }
        Map<String, Object> copy = new TreeMap<>();
        sockets.forEach((name, log) -> copy.put(name, List.copyOf(log)));
        result.put("sockets", copy);
        return result;
    }

    private static Map<String, Object> describe(Map<String, Object> entry, MessageEvent e) {
        if (e.data() instanceof String text) {
            entry.put("kind", "text");
            if (text.length() <= 64) {
                entry.put("data", text);
            } else {
                byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                entry.put("length", (long) utf8.length);
                entry.put("fnv", ScenarioRunner.fnv(utf8));
            }
        } else {
            ByteBuffer data = (ByteBuffer) e.data();
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            entry.put("kind", "arraybuffer");
            entry.put("size", (long) bytes.length);
            if (bytes.length <= 32) {
                entry.put("hex", HexFormat.of().formatHex(bytes));
            } else {
                entry.put("fnv", ScenarioRunner.fnv(bytes));
            }
        }
        return entry;
    }

    static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> e = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            e.put((String) keysAndValues[i], v instanceof Integer n ? Long.valueOf(n) : v);
        }
        return e;
    }
}
