package dev.duplex.testsupport;

import dev.duplex.testsupport.RecordingListener.Closed;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Collects what an echo scenario checks, each kind in a queue of its own: whole messages (text as {@code String},
 * binary as {@code byte[]}), pong payloads (decoded as UTF-8), errors, and the close. Where {@link RecordingListener}
 * keeps the order of every callback, this one lets a test take the echoes and the pongs apart.
 */
public class MessageCollector implements WebSocketListener {
    /** Whole messages in arrival order: {@code String} for text, {@code byte[]} for binary. */
    public final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    /** Pong payloads as UTF-8 strings. */
    public final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    /** Completed by {@code onClose}. */
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onText(WebSocket ws, String text) {
        messages.add(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.duplicate().get(b);
        messages.add(b);
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer payload) {
        pongs.add(StandardCharsets.UTF_8.decode(payload.duplicate()).toString());
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        closed.complete(new Closed(code, reason, clean));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        errors.add(error);
    }
}
