package dev.duplex.client;

import dev.duplex.transport.MessageType;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every callback as an event, for tests to wait on. */
class RecordingListener implements WebSocketListener {
    record Opened(WebSocket ws) { }
    record Text(String text) { }
    record Binary(ByteBuffer data) { }
    record Fragment(MessageType type, ByteBuffer data, boolean last) { }
    record Ping(ByteBuffer payload) { }
    record Pong(ByteBuffer payload) { }
    record Closed(int code, String reason, boolean clean) { }
    record Error(Throwable error) { }

    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    volatile Thread callbackThread;

    @Override
    public void onOpen(WebSocket ws) {
        record(new Opened(ws));
    }

    @Override
    public void onText(WebSocket ws, String text) {
        record(new Text(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        record(new Binary(data));
    }

    @Override
    public void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
        record(new Fragment(type, data, last));
    }

    @Override
    public void onPing(WebSocket ws, ByteBuffer payload) {
        record(new Ping(payload));
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        record(new Pong(payload));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        record(new Closed(code, reason, clean));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        record(new Error(error));
    }

    private void record(Object event) {
        callbackThread = Thread.currentThread();
        events.add(event);
    }

    /** The next event, which must be a {@code type}; fails after 10 s. */
    <T> T next(Class<T> type) throws InterruptedException {
        Object e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
        }
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e);
        }
        return type.cast(e);
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
