package dev.duplex.server;

import dev.duplex.transport.WebSocket;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A handler that echoes messages (when asked) and records callbacks as events. */
class Recorder implements WebSocketHandler {
    record Opened(WebSocket ws, Object attachment) { }
    record Text(String text) { }
    record Binary(ByteBuffer data) { }
    record Ping(ByteBuffer payload) { }
    record Closed(int code, String reason, boolean clean) { }
    record Error(Throwable error) { }

    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final boolean echo;

    Recorder(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void onOpen(WebSocket ws) {
        events.add(new Opened(ws, ws.attachment()));
    }

    @Override
    public void onText(WebSocket ws, String text) {
        events.add(new Text(text));
        if (echo) {
            ws.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        events.add(new Binary(data));
        if (echo) {
            ws.sendBinary(data);
        }
    }

    @Override
    public void onPing(WebSocket ws, ByteBuffer payload) {
        events.add(new Ping(payload));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        events.add(new Closed(code, reason, clean));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        events.add(new Error(error));
    }

    /** Skips events until a {@code type} arrives; fails after 10 s. */
    <T> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Object e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }
}
