package dev.duplex.cli.demo;

import dev.duplex.engine.CloseCodes;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.WebSocket;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Wraps a handler and writes one line per WebSocket when it ends: who, which route, over HTTP/1.1 or HTTP/2, how
 * it closed, how many messages came in and how long it lasted. Nothing is logged per message.
 */
public final class ConnectionLog implements WebSocketHandler {
    private final String route;
    private final WebSocketHandler inner;
    private final Consumer<String> sink;

    public ConnectionLog(String route, WebSocketHandler inner, Consumer<String> sink) {
        this.route = route;
        this.inner = inner;
        this.sink = sink;
    }

    /** Per connection: 24 bytes (an int count keeps the object one word smaller than a long would). */
    private static final class Stats {
        final long openedAt = System.nanoTime();
        int messages;
    }

    @Override
    public HandshakeDecision onHandshake(HandshakeRequest request) {
        return inner.onHandshake(request);
    }

    @Override
    public void onOpen(WebSocket ws) {
        ws.attach(new Stats());
        inner.onOpen(ws);
    }

    private static Stats stats(WebSocket ws) {
        Object a = ws.attachment();
        return a instanceof Stats s ? s : null;
    }

    @Override
    public void onText(WebSocket ws, String text) {
        count(ws);
        inner.onText(ws, text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        count(ws);
        inner.onBinary(ws, data);
    }

    @Override
    public void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
        if (last) {
            count(ws);
        }
        inner.onFragment(ws, type, data, last);
    }

    @Override
    public void onPing(WebSocket ws, ByteBuffer payload) {
        inner.onPing(ws, payload);
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        inner.onPong(ws, payload);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        inner.onError(ws, error);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        inner.onClose(ws, code, reason, clean);
        Stats s = stats(ws);
        long ms = s == null ? 0 : (System.nanoTime() - s.openedAt) / 1_000_000;
        sink.accept(String.format("%s %s over %s closed %s%s%s, %d messages in, %d ms",
                ws.remoteAddress(), route, carrier(ws), CloseCodes.describe(code),
                reason == null || reason.isEmpty() ? "" : " \"" + reason + "\"",
                clean ? "" : " (not clean)", s == null ? 0 : Integer.toUnsignedLong(s.messages), ms));
    }

    /**
     * What the WebSocket ran on: "HTTP/1.1" (its own TCP connection) or "HTTP/2 stream N of connection C" (a stream
     * of a connection shared with that client's other WebSockets and page requests), with " over TLS".
     */
    static String carrier(WebSocket ws) {
        return ws.transportDescription();
    }

    private static void count(WebSocket ws) {
        Stats s = stats(ws);
        if (s != null) {
            s.messages++;
        }
    }
}
