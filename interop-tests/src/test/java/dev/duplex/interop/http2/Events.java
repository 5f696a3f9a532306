package dev.duplex.interop.http2;

import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A Duplex listener that queues what happens, for a test thread to take in order with a deadline. */
final class Events implements WebSocketListener {
    record Opened() {
    }

    record Text(String text) {
    }

    record Binary(byte[] data) {
    }

    record Closed(int code, String reason, boolean clean) {
    }

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(WebSocket ws) {
        queue.add(new Opened());
    }

    @Override
    public void onText(WebSocket ws, String text) {
        queue.add(new Text(text));
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        queue.add(new Binary(b));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        queue.add(new Closed(code, reason, clean));
    }

    /** The next event, which must be a {@code type}. */
    <T> T next(Class<T> type) throws InterruptedException {
        Object e = queue.poll(15, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within 15 s");
        }
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e);
        }
        return type.cast(e);
    }
}
