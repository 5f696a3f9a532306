package dev.duplex.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under a connection: plain TCP (one shared stateless instance), or TLS over TCP (one per
 * connection). Reads and writes plaintext; the connection passes its socket. Loop thread only.
 */
public abstract sealed class Io permits PlainIo, TlsIo {
    static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];

    /** Called once the TCP connection is established (a client's TLS layer starts its handshake). */
    abstract void start() throws IOException;

    /**
     * Reads plaintext into {@code dst}.
     *
     * @return the bytes put into {@code dst} (possibly 0), or -1 when the peer closed its side
     */
    abstract int read(SocketChannel channel, ByteBuffer dst) throws IOException;

    /** Whether bytes already taken from the socket are waiting to be turned into plaintext. */
    abstract boolean hasBufferedInput();

    /**
     * Writes plaintext from {@code srcs[offset..offset+length)} (in read mode), advancing their positions as
     * bytes are taken. Also moves this layer's own pending output (TLS handshake and records) along.
     *
     * @return the plaintext bytes whose encoding has been fully handed to the socket by this call (for TLS
     * possibly bytes taken by earlier calls)
     */
    abstract long write(SocketChannel channel, ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Whether the TLS handshake finished since the last call (true once per connection; never for plain TCP).
     * A client that offered protocols by ALPN (RFC 7301) learns the server's choice then.
     */
    boolean takeHandshakeFinished() {
        return false;
    }

    /** Whether this layer holds output of its own not yet handed to the socket. */
    abstract boolean hasBufferedOutput();

    /**
     * Whether what is left to write waits for the socket to become writable (so OP_WRITE is worth waiting
     * for), as opposed to waiting for input, such as plaintext held back until the TLS handshake is done.
     *
     * @param plaintextPending whether the connection still has plaintext to write
     */
    abstract boolean blockedOnSocket(boolean plaintextPending);

    /** Ends this side's stream above TCP: TLS queues close_notify (written by the next {@link #write}). */
    abstract void closeOutbound();

    /** Sends TCP FIN once everything is written. */
    final void shutdownOutput(SocketChannel channel) throws IOException {
        channel.shutdownOutput();
    }
}
