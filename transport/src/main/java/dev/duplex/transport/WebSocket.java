package dev.duplex.transport;

import dev.duplex.engine.handshake.ProtocolVersion;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One open WebSocket connection (RFC 6455), on either side. Obtained in
 * {@link WebSocketListener#onOpen(WebSocket)} and from the client's {@code connect}.
 *
 * <h2>Threads</h2>
 * Every method may be called from any thread. Each connection belongs to one event-loop thread for its whole
 * life: its listener is called there, and sends made on that thread are encoded at once; sends from other
 * threads are queued to the loop, in the order each thread made them. Sends made on the loop thread while
 * other threads' sends for this connection are still queued go behind them.
 *
 * <h2>Sends</h2>
 * Each send returns a future that completes when all of its bytes have been handed to the socket (to the
 * TLS layer's socket writes for {@code wss}), and fails with {@link WebSocketClosedException} when the
 * connection closes first — a send is never silently dropped. Bytes are coalesced and written after each
 * batch of work of the loop, so many small messages cost one system call.
 * <p>Messages never interleave on the wire (RFC 6455 section 5.4): while a message started with
 * {@link #startMessage(MessageType)} is unfinished, later whole messages and later streamed messages wait,
 * in order, until its last piece is written. Control frames (ping, pong, close) may go between its pieces.
 * <p>Data sends are checked against the connection's outgoing-buffer limit; see {@link OverflowPolicy}.
 * Sends after {@link #close} return an already failed future.
 */
public interface WebSocket {

    /**
     * Sends a whole text message. The text is encoded as UTF-8; a {@code CharSequence} other than a
     * {@code String} is copied when the call is made off the loop thread.
     */
    CompletableFuture<Void> sendText(CharSequence text);

    /**
     * Sends a whole binary message made of the buffer's remaining bytes. The buffer's position is not
     * changed; do not modify its content until the returned future completes.
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data);

    /**
     * Sends a ping (RFC 6455 section 5.5.2); the peer answers with a pong carrying the same payload.
     *
     * @throws IllegalArgumentException if the payload is longer than 125 bytes (section 5.5)
     */
    CompletableFuture<Void> sendPing(ByteBuffer payload);

    /**
     * Sends an unsolicited pong (section 5.5.3), for example a heartbeat. Pings are answered automatically
     * unless auto-pong is turned off in the engine configuration.
     *
     * @throws IllegalArgumentException if the payload is longer than 125 bytes (section 5.5)
     */
    CompletableFuture<Void> sendPong(ByteBuffer payload);

    /**
     * Starts a message sent in pieces (a fragmented message, RFC 6455 section 5.4), for content produced
     * progressively. Its place in the connection's message order is taken now: messages sent after this call
     * wait until the writer's last piece.
     * <p>A writer that is never finished blocks every later message of the connection.
     */
    MessageWriter startMessage(MessageType type);

    /** Starts the close handshake with 1000 (normal closure) and no reason; see {@link #close(int, String)}. */
    CompletableFuture<Void> close();

    /**
     * Starts the close handshake (RFC 6455 section 7.1.2): sends a close frame with this code and reason,
     * then waits for the peer's close frame up to the close timeout. Messages still waiting behind an
     * unfinished streamed message fail; later sends fail.
     * <p>Calling it again, or after the peer started closing, has no further effect.
     *
     * @param code   a code that may appear on the wire ({@link dev.duplex.engine.CloseCodes#isValidOnWire}):
     *               1000-1003, 1007-1014 or 3000-4999; or {@link dev.duplex.engine.CloseCodes#NO_STATUS} (1005)
     *               to send a close frame without a body (section 5.5.1), with no reason
     * @param reason the reason, at most 123 bytes in UTF-8 (section 5.5); null means none
     * @return a future completed once the connection is closed, right after {@link WebSocketListener#onClose}
     *         has run (whether or not the handshake was clean); the TCP close (RFC 6455 section 7.1.1) may
     *         still be finishing in the background, bounded by the close timeout
     * @throws IllegalArgumentException if the code may not be sent or the reason is too long
     */
    CompletableFuture<Void> close(int code, String reason);

    /**
     * Closes the TCP connection at once, without a close handshake. The listener's {@code onClose} reports
     * 1006 (abnormal closure), not clean.
     */
    void abort();

    /** The subprotocol agreed in the opening handshake (RFC 6455 section 1.9), or an empty string when none. */
    String subprotocol();

    /** The agreed {@code Sec-WebSocket-Extensions} value (section 9), or an empty string when none. */
    String extensions();

    /**
     * The protocol version spoken on this connection: {@link ProtocolVersion#RFC_6455} unless a legacy version
     * was enabled and chosen in the opening handshake. hixie-76 and hixie-75 carry text messages only: on them
     * {@link #sendBinary}, {@link #sendPing}, {@link #sendPong} and binary {@link #startMessage} pieces return
     * futures failed with {@link IllegalStateException}; close codes do not go on the wire, and the peer's close is
     * reported to {@link WebSocketListener#onClose} as 1005 (no status code).
     */
    default ProtocolVersion protocolVersion() {
        return ProtocolVersion.RFC_6455;
    }

    /**
     * What this WebSocket runs on: its own HTTP/1.1 connection, or a stream of an HTTP/2 connection (RFC 8441)
     * shared with other WebSockets to the same origin.
     */
    default HttpVersion httpVersion() {
        return HttpVersion.HTTP_1_1;
    }

    /**
     * What this WebSocket runs on, for logs: {@code "HTTP/1.1"} (with {@code " over TLS"}), or
     * {@code "HTTP/2 stream 3 of connection 7"} (over TLS likewise), the connection being numbered in this process.
     */
    default String transportDescription() {
        return httpVersion() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
    }

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /** This end's address. */
    InetSocketAddress localAddress();

    /** True until a close frame was sent or received, or the connection dropped. */
    boolean isOpen();

    /**
     * The bytes accepted for sending and not yet written to the socket: encoded frames waiting in the
     * outgoing buffer, plus messages still queued (for queued text, counted as its number of chars).
     */
    long bufferedAmount();

    /** Attaches an application object to this connection, replacing the previous one. */
    void attach(Object attachment);

    /** The object last given to {@link #attach}, or null. */
    <T> T attachment();
}
