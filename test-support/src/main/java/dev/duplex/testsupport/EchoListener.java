package dev.duplex.testsupport;

import dev.duplex.testsupport.RecordingListener.Closed;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends every whole message back as it came (text as text, binary as a copy), the echo logic of
 * {@code duplex testee-client}, and completes {@link #closed} when the connection closes.
 */
public class EchoListener implements WebSocketListener {
    /** Completed by {@code onClose}. */
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();

    @Override
    public void onText(WebSocket ws, String text) {
        ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        ws.sendBinary(copy);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
        closed.complete(new Closed(code, reason, clean));
    }
}
