package dev.duplex.engine;

import java.nio.ByteBuffer;

/**
 * What the engine reports after consuming bytes from the peer. Consume with an exhaustive {@code switch}.
 * Byte buffers in events are owned by the receiver: the engine never touches them again.
 */
public sealed interface Event {

    /** A complete text message, validated as UTF-8 (RFC 6455 section 5.6). */
    record Text(String text) implements Event {
    }

    /** A complete binary message. */
    record Binary(ByteBuffer data) implements Event {
    }

    /**
     * A piece of a message, delivered instead of {@link Text}/{@link Binary} when the engine streams
     * incoming messages ({@link EngineConfig#streamIncoming()}). For text, the bytes are UTF-8 that is
     * valid so far; a code point may be split between two pieces. {@code last} marks the final piece.
     */
    record Fragment(boolean text, ByteBuffer data, boolean last) implements Event {
    }

    /** A ping from the peer (section 5.5.2). The engine has already queued the pong when auto-pong is on. */
    record Ping(ByteBuffer payload) implements Event {
    }

    /** A pong from the peer (section 5.5.3), solicited or not. */
    record Pong(ByteBuffer payload) implements Event {
    }

    /**
     * The peer's close frame arrived (section 5.5.1). {@code code} is {@link CloseCodes#NO_STATUS} when the
     * frame carried no code. If this end had not sent a close frame yet, the engine has queued the reply.
     */
    record CloseReceived(int code, String reason) implements Event {
    }

    /**
     * The WebSocket connection is over for this engine: the transport should send what is queued and then
     * close the TCP connection (a server at once; a client after the server has closed or a timeout,
     * section 7.1.1). {@code code} and {@code reason} are the connection close code and reason as defined in
     * section 7.1.5/7.1.6; {@code clean} is true only when both close frames were exchanged.
     * {@code error} is the peer's protocol violation that failed the connection, or null.
     */
    record Closed(int code, String reason, boolean clean, ProtocolException error) implements Event {
    }
}
