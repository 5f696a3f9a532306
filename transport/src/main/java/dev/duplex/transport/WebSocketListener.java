package dev.duplex.transport;

import java.nio.ByteBuffer;

/**
 * Receives the events of a WebSocket connection. Every method has an empty default: implement the ones you
 * need.
 * <p>Methods are called on the connection's event-loop thread, one at a time and in order, never
 * concurrently for one connection: they must not block. A listener may be shared by many connections
 * (use {@link WebSocket#attach} for per-connection state). If a method throws, the exception is passed to
 * {@link #onError} and the connection is closed with 1011 (internal error).
 * <p>{@code ByteBuffer}s passed to these methods belong to the listener: they are never reused by the
 * connection, so they may be kept or handed to other threads.
 */
public interface WebSocketListener {

    /** The opening handshake succeeded; the connection is open. Called once, first. */
    default void onOpen(WebSocket ws) {
    }

    /** A whole text message arrived, validated as UTF-8 (RFC 6455 section 8.1). */
    default void onText(WebSocket ws, String text) {
    }

    /** A whole binary message arrived. */
    default void onBinary(WebSocket ws, ByteBuffer data) {
    }

    /**
     * A piece of a message arrived. Called instead of {@link #onText}/{@link #onBinary} when the engine
     * configuration streams incoming messages ({@code EngineConfig.streamIncoming}). Text pieces are
     * UTF-8 that is valid so far; a code point may be split between two pieces.
     *
     * @param last true for the message's final piece
     */
    default void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
    }

    /** A ping arrived (section 5.5.2). Unless auto-pong is off, the pong has already been queued. */
    default void onPing(WebSocket ws, ByteBuffer payload) {
    }

    /** A pong arrived (section 5.5.3), solicited or not. */
    default void onPong(WebSocket ws, ByteBuffer payload) {
    }

    /**
     * The peer's close frame arrived (RFC 6455 section 5.5.1): the closing handshake has started, and this end's
     * reply is already queued when the peer started it. {@link #onClose} follows once the connection is closed.
     */
    default void onCloseReceived(WebSocket ws, int code, String reason) {
    }

    /**
     * The connection closed. Called once, last (after {@code onOpen}).
     *
     * @param code   the close code received (section 7.1.5); 1005 when the close frame had none, 1006 when
     *               the connection ended without a close frame, or the code this end sent when it failed
     *               the connection because of the peer's protocol violation
     * @param reason the close reason received, or empty
     * @param clean  true only when both close frames were exchanged (section 7.1.4)
     */
    default void onClose(WebSocket ws, int code, String reason, boolean clean) {
    }

    /**
     * Something went wrong: a protocol violation by the peer (a {@link dev.duplex.engine.ProtocolException}
     * carrying the close code that was sent), an I/O error, or an exception thrown by this listener.
     * {@link #onClose} follows when the error ends the connection.
     */
    default void onError(WebSocket ws, Throwable error) {
    }
}
