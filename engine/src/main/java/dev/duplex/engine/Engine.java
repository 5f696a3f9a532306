package dev.duplex.engine;

import java.nio.ByteBuffer;

/**
 * The operations a transport uses to drive the protocol engine of one connection after its opening handshake,
 * whatever the protocol version: {@link WebSocketEngine} for RFC 6455 and hybi-07/08, and
 * {@code dev.duplex.engine.legacy.HixieEngine} for hixie-75/76.
 * <p>An engine is fed the peer's bytes with {@link #receive}, reports {@link Event}s to its listener and writes
 * the bytes to send into its {@link OutputBuffer}. It has no sockets, threads or clocks and is not thread-safe.
 * Peer violations never escape {@code receive}: they end in {@link Event.Closed} carrying a
 * {@link ProtocolException}. Local misuse throws {@link IllegalStateException} or {@link IllegalArgumentException},
 * as does a send the protocol version cannot carry (a binary message or a ping on hixie-76); such a refused
 * send writes nothing and leaves the engine as it was.
 */
public interface Engine {

    /**
     * Consumes all bytes of {@code in} (they may be modified in place), reporting events and writing any replies.
     * Input after the connection is closed is ignored.
     */
    void receive(ByteBuffer in);

    /** Sends a whole text message. */
    void sendText(CharSequence text);

    /** Sends a whole binary message: {@code data}'s remaining bytes; its position is not moved. */
    void sendBinary(ByteBuffer data);

    /**
     * Sends one piece of a message sent in pieces: the first call starts a message of the given type, the call
     * with {@code last} set ends it. Text pieces must be valid UTF-8 as a whole.
     */
    void sendFragment(boolean text, ByteBuffer data, boolean last);

    /** Sends a ping (at most 125 bytes of payload). */
    void sendPing(ByteBuffer payload);

    /** Sends an unsolicited pong. */
    void sendPong(ByteBuffer payload);

    /**
     * Starts the close handshake with a status code and a reason (versions without close codes send their own
     * closing sequence). Does nothing once the close was started or the connection is closed.
     *
     * @throws IllegalArgumentException for a code that may not be sent or a reason too long
     */
    void close(int code, String reason);

    /** The transport connection ended: reports {@code Closed(1006)} unless the engine was already closed. */
    void transportClosed();

    /** The close handshake did not finish in time: reports {@code Closed(1006)}; the transport then closes. */
    void closeTimedOut();

    /** Where the close handshake stands. */
    WebSocketEngine.State state();

    /** Which end of the connection this engine plays. */
    Role role();
}
