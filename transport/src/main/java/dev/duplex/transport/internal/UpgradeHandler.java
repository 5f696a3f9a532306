package dev.duplex.transport.internal;

import java.nio.ByteBuffer;

/**
 * The opening-handshake phase of a connection (RFC 6455 section 4), before the engine exists: the server's
 * request parsing and routing, or the client's request and response check. Called on the loop thread.
 * It ends with {@link Connection#upgrade}, {@link Connection#closeAfterFlush()} or {@link Connection#abort}.
 */
public interface UpgradeHandler {

    /** The TCP connection is established (for TLS, the TLS handshake starts now). A client writes its request. */
    void onConnected(Connection connection);

    /**
     * Plaintext bytes from the peer. Bytes left in {@code in} after the handler upgraded the connection are
     * the first WebSocket frames: the connection feeds them to the engine.
     */
    void onRead(Connection connection, ByteBuffer in);

    /**
     * The TLS handshake finished: {@link Connection#applicationProtocol()} tells what ALPN chose. Plain TCP
     * connections never hear this.
     */
    default void onSecured(Connection connection) {
    }

    /** The connection ended before it was upgraded: EOF, I/O or TLS error, timeout, or abort. */
    void onFailed(Connection connection, Throwable cause);
}
