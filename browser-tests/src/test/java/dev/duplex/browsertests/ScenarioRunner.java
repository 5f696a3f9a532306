package dev.duplex.browsertests;

import dev.duplex.browser.BinaryType;
import dev.duplex.browser.Blob;
import dev.duplex.browser.CloseEvent;
import dev.duplex.browser.DOMException;
import dev.duplex.browser.ErrorEvent;
import dev.duplex.browser.Event;
import dev.duplex.browser.EventType;
import dev.duplex.browser.MessageEvent;
import dev.duplex.browser.OpenEvent;
import dev.duplex.browser.WebSocket;
import dev.duplex.browser.WebSocketEnvironment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one scenario of {@code scenarios.json} through {@link WebSocket}, step for step as
 * {@code scenario-runner.js} does in the page, and returns the same log.
 * <p>A page's steps between two waits run in one task, so no event can come between them. To get the same
 * order, the steps after a wait run inside the listener of the event that satisfied it (a task of the
 * socket), and the first steps run on the constructing thread before it yields.
 */
final class ScenarioRunner {
    private static final long WAIT_SECONDS = 8;

    private final Map<String, Object> scenario;
    private final List<Map.Entry<String, String>> bases;
    private final String run;
    private final WebSocketEnvironment environment;
    private final List<Map<String, Object>> log = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();
    private final CompletableFuture<List<Map<String, Object>>> done = new CompletableFuture<>();
    private List<Map<String, Object>> steps = List.of();
    private int next;
    private WebSocket ws;

    private ScenarioRunner(Map<String, Object> scenario, List<Map.Entry<String, String>> bases, String run,
                           WebSocketEnvironment environment) {
        this.scenario = scenario;
        this.bases = bases;
        this.run = run;
        this.environment = environment;
    }

    /**
     * @param bases placeholders and their values, longest value first ({@code {ws}} to {@code ws://127.0.0.1:1234}, ...)
     * @param run   the run id that replaces {@code {run}}
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> run(Map<String, Object> scenario, List<Map.Entry<String, String>> bases,
                                         String run, WebSocketEnvironment environment) throws Exception {
        ScenarioRunner r = new ScenarioRunner(scenario, bases, run, environment);
        r.steps = (List<Map<String, Object>>) scenario.getOrDefault("steps", List.of());
        r.start();
        long waits = r.steps.stream().filter(s -> s.containsKey("wait")).count();
        try {
            return r.done.get(WAIT_SECONDS * Math.max(1, waits) + 2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            synchronized (r) {
                Map<String, Object> step = r.next < r.steps.size() ? r.steps.get(r.next) : Map.of();
                r.log.add(entry("step", "wait", "timeout", step.getOrDefault("wait", "?")));
                r.finish();
            }
            return r.done.get();
        }
    }

    @SuppressWarnings("unchecked")
    private synchronized void start() {
        // As a page's script runs to its end before the browser's queued tasks: the socket's event tasks wait
        // until the listeners are added and the state after the constructor is logged (a connection failing
        // within microseconds on loopback must not fire its events before anyone listens).
        Gate gate = new Gate(environment.eventExecutor());
        WebSocketEnvironment held = new WebSocketEnvironment(environment.client(), environment.origin(),
                environment.baseUrl(), gate, environment.headers());
        try {
            ws = new WebSocket(expand((String) scenario.get("url")),
                    (List<String>) scenario.getOrDefault("protocols", List.of()), held);
        } catch (DOMException e) {
            log.add(entry("event", "exception", "name", e.name()));
            finish();
            return;
        }
        ws.addEventListener(EventType.OPEN, this::onEvent);
        ws.addEventListener(EventType.MESSAGE, this::onEvent);
        ws.addEventListener(EventType.ERROR, this::onEvent);
        ws.addEventListener(EventType.CLOSE, this::onEvent);
        log.add(state(entry("event", "constructed", "url", ws.url())));
        gate.open();
        if (Boolean.TRUE.equals(scenario.get("urlOnly"))) {
            ws.close();
            finish();
            return;
        }
        resume();
    }

    private synchronized void onEvent(Event event) {
        if (done.isDone()) {
            return;
        }
        Map<String, Object> e = entry("event", event.type(), "readyState", ws.readyState());
        switch (event) {
            case OpenEvent o -> {
                e.put("protocol", ws.protocol());
                e.put("extensions", ws.extensions());
            }
            case MessageEvent m -> {
                e.put("origin", m.origin());
                switch (m.data()) {
                    case String text -> {
                        e.put("kind", "text");
                        if (text.length() <= 64) {
                            e.put("data", text);
                        } else {
                            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                            e.put("length", (long) utf8.length);
                            e.put("fnv", fnv(utf8));
                        }
                    }
                    case Blob blob -> {
                        e.put("kind", "blob");
                        describeBytes(e, blob.bytes());
                    }
                    case ByteBuffer buffer -> {
                        e.put("kind", "arraybuffer");
                        describeBytes(e, m.bytes());
                    }
                    default -> throw new AssertionError("unexpected data " + m.data());
                }
            }
            case ErrorEvent err -> {
            }
            case CloseEvent c -> {
                e.put("code", c.code());
                e.put("reason", c.reason());
                e.put("wasClean", c.wasClean());
            }
        }
        log.add(e);
        counts.merge(event.type(), 1, Integer::sum);
        resume();
    }

    /** Runs steps until one waits for something that has not happened yet. */
    @SuppressWarnings("unchecked")
    private void resume() {
        while (next < steps.size() && !done.isDone()) {
            Map<String, Object> step = steps.get(next);
            if (step.containsKey("wait")) {
                int needed = ((Number) step.getOrDefault("count", 1L)).intValue();
                if (counts.getOrDefault((String) step.get("wait"), 0) < needed) {
                    return;
                }
            } else if (step.containsKey("send")) {
                attempt("send", () -> send(step.get("send")));
            } else if (step.containsKey("binaryType")) {
                ws.setBinaryType(BinaryType.fromWebName((String) step.get("binaryType")));
            } else if (step.containsKey("close")) {
                attempt("close", () -> close((Map<String, Object>) step.get("close")));
            } else if (step.containsKey("state")) {
                log.add(state(entry("step", "state")));
            } else {
                log.add(entry("step", "unknown", "detail", step.toString()));
            }
            next++;
        }
        finish();
    }

    private void send(Object spec) {
        Object data = payload(spec);
        switch (data) {
            case String s -> ws.send(s);
            case Blob b -> ws.send(b);
            case ByteBuffer b -> ws.send(b);
            default -> throw new AssertionError(data);
        }
    }

    private void close(Map<String, Object> spec) {
        Number code = (Number) spec.get("code");
        Object reason = spec.get("reason");
        if (code == null && reason == null) {
            ws.close();
        } else if (reason == null) {
            ws.close(code.intValue());
        } else {
            ws.close(code == null ? null : code.intValue(), (String) payload(reason));
        }
    }

    /** A step's data: a string, {@code {text, times}} or {@code {bytes, seed[, as]}}, as the page builds it. */
    @SuppressWarnings("unchecked")
    private static Object payload(Object spec) {
        if (spec instanceof String s) {
            return s;
        }
        Map<String, Object> m = (Map<String, Object>) spec;
        if (m.containsKey("text")) {
            return ((String) m.get("text")).repeat(((Number) m.getOrDefault("times", 1L)).intValue());
        }
        byte[] bytes = new byte[((Number) m.get("bytes")).intValue()];
        int seed = ((Number) m.get("seed")).intValue();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return "blob".equals(m.get("as")) ? Blob.of(bytes) : ByteBuffer.wrap(bytes);
    }

    private void attempt(String step, Runnable action) {
        try {
            action.run();
        } catch (DOMException e) {
            log.add(entry("step", step, "exception", e.name()));
        }
    }

    private Map<String, Object> state(Map<String, Object> e) {
        e.put("readyState", ws.readyState());
        e.put("bufferedAmount", ws.bufferedAmount());
        e.put("protocol", ws.protocol());
        e.put("extensions", ws.extensions());
        e.put("binaryType", ws.binaryType().webName());
        return e;
    }

    private void finish() {
        if (!done.isDone()) {
            List<Map<String, Object>> copy = new ArrayList<>();
            for (Map<String, Object> e : log) {
                copy.add(normalize(e));
            }
            done.complete(copy);
        }
    }

    private String expand(String s) {
        for (Map.Entry<String, String> b : bases) {
            s = s.replace(b.getKey(), b.getValue());
        }
        return s.replace("{run}", run);
    }

    /** As the page does: placeholders back in strings, numbers as longs (as Selenium returns them), keys sorted. */
    private Map<String, Object> normalize(Map<String, Object> e) {
        Map<String, Object> out = new TreeMap<>();
        e.forEach((k, v) -> {
            Object value = v;
            if (v instanceof String s) {
                s = s.replace(run, "{run}");
                for (Map.Entry<String, String> b : bases) {
                    s = s.replace(b.getValue(), b.getKey());
                }
                value = s;
            } else if (v instanceof Integer i) {
                value = i.longValue();
            }
            out.put(k, value);
        });
        return out;
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> e = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            e.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return e;
    }

    private static void describeBytes(Map<String, Object> e, byte[] bytes) {
        e.put("size", (long) bytes.length);
        if (bytes.length <= 32) {
            e.put("hex", HexFormat.of().formatHex(bytes));
        } else {
            e.put("fnv", fnv(bytes));
        }
    }

    /** FNV-1a, 32 bits, as 8 hex digits (the page computes the same). */
    static String fnv(byte[] bytes) {
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return String.format("%08x", h);
    }

    /** Holds tasks until {@link #open()}, then runs them (and every later one) on {@code inner}, in order. */
    private static final class Gate implements java.util.concurrent.Executor {
        private final java.util.concurrent.Executor inner;
        private final java.util.ArrayDeque<Runnable> waiting = new java.util.ArrayDeque<>();
        private boolean open;

        Gate(java.util.concurrent.Executor inner) {
            this.inner = inner;
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (!open) {
                    waiting.add(task);
                    return;
                }
            }
            inner.execute(task);
        }

        void open() {
            java.util.List<Runnable> run;
            synchronized (this) {
                open = true;
                run = new java.util.ArrayList<>(waiting);
                waiting.clear();
            }
            run.forEach(inner::execute);
        }
    }
}
