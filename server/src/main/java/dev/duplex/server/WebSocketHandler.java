package dev.duplex.server;

import dev.duplex.transport.WebSocketListener;

/**
 * The application side of a server route: the {@link WebSocketListener} callbacks of every connection
 * accepted on the route, plus a hook that sees each opening handshake and decides on it. One handler serves
 * all the route's connections (keep per-connection state with {@code WebSocket.attach}, or set it with
 * {@link HandshakeDecision.Accept#withAttachment}).
 */
public interface WebSocketHandler extends WebSocketListener {

    /**
     * Decides on a valid opening handshake (RFC 6455 section 4.2.2) that passed the server's origin policy:
     * accept it, optionally choosing one of the offered subprotocols and adding response headers, or refuse it
     * with an HTTP status. Runs on the connection's event-loop thread: it must not block. An exception thrown
     * here refuses the handshake with 500.
     * <p>The default accepts without a subprotocol.
     */
    default HandshakeDecision onHandshake(HandshakeRequest request) {
        return HandshakeDecision.accept();
    }

    /** A handler that accepts every handshake and passes events to {@code listener}. */
    static WebSocketHandler of(WebSocketListener listener) {
        return new WebSocketHandler() {
            @Override
            public void onOpen(dev.duplex.transport.WebSocket ws) {
                listener.onOpen(ws);
            }

            @Override
            public void onText(dev.duplex.transport.WebSocket ws, String text) {
                listener.onText(ws, text);
            }

            @Override
            public void onBinary(dev.duplex.transport.WebSocket ws, java.nio.ByteBuffer data) {
                listener.onBinary(ws, data);
            }

            @Override
            public void onFragment(dev.duplex.transport.WebSocket ws, dev.duplex.transport.MessageType type,
                                   java.nio.ByteBuffer data, boolean last) {
                listener.onFragment(ws, type, data, last);
            }

            @Override
            public void onPing(dev.duplex.transport.WebSocket ws, java.nio.ByteBuffer payload) {
                listener.onPing(ws, payload);
            }

            @Override
            public void onPong(dev.duplex.transport.WebSocket ws, java.nio.ByteBuffer payload) {
                listener.onPong(ws, payload);
            }

            @Override
            public void onClose(dev.duplex.transport.WebSocket ws, int code, String reason, boolean clean) {
                listener.onClose(ws, code, reason, clean);
            }

            @Override
            public void onError(dev.duplex.transport.WebSocket ws, Throwable error) {
                listener.onError(ws, error);
            }
        };
    }
}
