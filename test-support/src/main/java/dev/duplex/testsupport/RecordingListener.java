package dev.duplex.testsupport;

import dev.duplex.transport.MessageType;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records every callback as an event record, in order, in a thread-safe queue for tests to wait on with
 * {@link #next} (the very next event) or {@link #await} (skipping others), both bounded by {@link #TIMEOUT}.
 * Subclass it to add behaviour (a server route that echoes, for example), calling {@code super} to keep the
 * recording.
 */
public class RecordingListener implements WebSocketListener {
    /** How long {@link #next} and {@link #await} wait before failing. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** {@code attachment} is the connection's attachment when it opened (a server's handshake hook may set one). */
    public record Opened(WebSocket ws, Object attachment) { }
    public record Text(String text) { }
    public record Binary(ByteBuffer data) { }
    public record Fragment(MessageType type, ByteBuffer data, boolean last) { }
    public record Ping(ByteBuffer payload) { }
    public record Pong(ByteBuffer payload) { }
    public record Closed(int code, String reason, boolean clean) { }
    public record Error(Throwable error) { }

    /** Every event so far that no {@link #next} or {@link #await} has taken. */
    public final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    /** The thread of the latest callback. */
    public volatile Thread callbackThread;

    @Override
    public void onOpen(WebSocket ws) {
        record(new Opened(ws, ws.attachment()));
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

    /** The next event, which must be a {@code type}; fails after {@link #TIMEOUT}. */
    public <T> T next(Class<T> type) throws InterruptedException {
        Object e = events.poll(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        if (e == null) {
            throw new AssertionError("no " + type.getSimpleName() + " within " + TIMEOUT.toSeconds() + " s");
        }
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + e);
        }
        return type.cast(e);
    }

    /** Skips events until a {@code type} arrives; fails after {@link #TIMEOUT}. */
    public <T> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Object e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + TIMEOUT.toSeconds() + " s");
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + events;
    }
}
