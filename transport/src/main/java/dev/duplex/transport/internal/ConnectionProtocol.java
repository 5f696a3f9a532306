package dev.duplex.transport.internal;

import java.nio.ByteBuffer;

/**
 * What a TCP {@link Connection} carries once its opening phase ({@link UpgradeHandler}) is over: one WebSocket
 * ({@link WebSocketSession}, RFC 6455), or an HTTP/2 connection whose streams carry many (RFC 8441). The
 * connection moves the bytes and keeps the deadlines; this is told what happened. Loop thread only.
 */
public interface ConnectionProtocol {

    /** Plaintext bytes from the peer; consumes all of {@code in}. */
    void receive(ByteBuffer in);

    /** Some output was written; {@code pending} bytes still wait for the socket. */
    void flushed(long pending);

    /** The byte stream ended (EOF: {@code cause} null) or failed. The socket closes right after. */
    void transportEnded(Throwable cause);

    /** The close deadline ({@link Connection#closeSent}) passed. The socket closes right after. */
    void closeTimedOut();

    /** Nothing was read for the idle timeout. */
    void idleTimedOut();

    /** The socket is closed (always called last, whatever the reason). */
    void connectionClosed();
}
