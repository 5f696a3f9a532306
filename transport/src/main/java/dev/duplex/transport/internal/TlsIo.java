package dev.duplex.transport.internal;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * TLS over TCP through an {@link SSLEngine}. Ciphertext is read into and written from the loop's shared
 * scratch buffers; only what cannot be finished at once — a partial incoming record, encrypted bytes the
 * socket would not take — is copied into small per-connection buffers, so an idle TLS connection holds no
 * buffer of its own. The TLS handshake runs inside {@link #read} and {@link #write} (delegated tasks run
 * inline on the loop); plaintext written before it finishes waits in the connection's output.
 */
final class TlsIo extends Io {
    private final SSLEngine ssl;
    private final EventLoop loop;
    private ByteBuffer inLeftover;
    private ByteBuffer outPending;
    private long pendingCredit;
    private boolean inboundDone;
    private boolean handshakeFinished;

    private final SocketChannel channel;

    TlsIo(SocketChannel channel, SSLEngine ssl, EventLoop loop) {
        this.channel = channel;
        this.ssl = ssl;
        this.loop = loop;
    }

    /** The ALPN choice (RFC 7301): null until the TLS handshake got that far, "" when none was agreed. */
    String applicationProtocol() {
        return ssl.getApplicationProtocol();
    }

    @Override
    void start() throws IOException {
        ssl.beginHandshake();
    }

    @Override
    int read(SocketChannel ignored, ByteBuffer dst) throws IOException {
        if (inboundDone) {
            return -1;
        }
        ByteBuffer net = loop.tlsIn().clear();
        if (inLeftover != null) {
            net.put(inLeftover);
            inLeftover = null;
        }
        boolean eof = false;
        if (net.hasRemaining()) {
            eof = channel.read(net) < 0;
        }
        net.flip();
        int produced;
        try {
            produced = unwrap(net, dst);
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        if (net.hasRemaining() && !inboundDone) {
            inLeftover = ByteBuffer.allocate(net.remaining()).put(net).flip();
        }
        if (produced > 0) {
            return produced;
        }
        if (inboundDone || eof) {
            inboundDone = true;
            return -1;
        }
        return 0;
    }

    private int unwrap(ByteBuffer net, ByteBuffer dst) throws IOException {
        int produced = 0;
        int stalls = 0;
        while (net.hasRemaining()) {
            SSLEngineResult r = ssl.unwrap(net, dst);
            produced += r.bytesProduced();
            switch (r.getStatus()) {
                case CLOSED -> {
                    inboundDone = true;
                    return produced;
                }
                case BUFFER_UNDERFLOW, BUFFER_OVERFLOW -> {
                    return produced;
                }
                case OK -> {
                }
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.FINISHED) {
                handshakeFinished = true;
            }
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                hs = ssl.getHandshakeStatus();
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                write(channel, NO_BUFFERS, 0, 0);
                if (outPending != null) {
                    return produced;
                }
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0 && ++stalls > 2) {
                return produced;
            }
        }
        return produced;
    }

    @Override
    boolean hasBufferedInput() {
        return inLeftover != null;
    }

    @Override
    long write(SocketChannel ignored, ByteBuffer[] srcs, int offset, int length) throws IOException {
        long credited = 0;
        if (outPending != null) {
            channel.write(outPending);
            if (outPending.hasRemaining()) {
                return 0;
            }
            outPending = null;
            credited = pendingCredit;
            pendingCredit = 0;
        }
        ByteBuffer net = loop.tlsOut();
        while (true) {
            net.clear();
            long consumed = wrap(srcs, offset, length, net);
            net.flip();
            if (!net.hasRemaining()) {
                return credited + consumed;
            }
            channel.write(net);
            if (net.hasRemaining()) {
                outPending = ByteBuffer.allocate(net.remaining()).put(net).flip();
                pendingCredit = consumed;
                return credited;
            }
            credited += consumed;
        }
    }

    /** Wraps records into {@code net} until it is nearly full or there is nothing more to wrap. */
    private long wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer net) throws SSLException {
        long consumed = 0;
        int packet = ssl.getSession().getPacketBufferSize();
        while (net.remaining() >= packet && !ssl.isOutboundDone()) {
            HandshakeStatus hs = ssl.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                break;
            }
            if (hs != HandshakeStatus.NEED_WRAP && !hasRemaining(srcs, offset, length)) {
                break;
            }
            SSLEngineResult r = ssl.wrap(srcs, offset, length, net);
            consumed += r.bytesConsumed();
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                handshakeFinished = true;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW
                    || (r.bytesConsumed() == 0 && r.bytesProduced() == 0)) {
                break;
            }
        }
        return consumed;
    }

    @Override
    boolean takeHandshakeFinished() {
        boolean finished = handshakeFinished;
        handshakeFinished = false;
        return finished;
    }

    @Override
    boolean hasBufferedOutput() {
        return outPending != null
                || (ssl.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && !ssl.isOutboundDone());
    }

    @Override
    boolean blockedOnSocket(boolean plaintextPending) {
        // write() wraps until the plaintext is gone, the handshake needs the peer's next flight, or the socket
        // refuses bytes; only the last is worth an OP_WRITE.
        return outPending != null;
    }

    @Override
    void closeOutbound() {
        ssl.closeOutbound();
    }

    private void sendAlert() {
        try {
            write(channel, NO_BUFFERS, 0, 0);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the connection is failing anyway
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = ssl.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static boolean hasRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "tls[" + ssl.getSession().getProtocol() + ", handshake=" + ssl.getHandshakeStatus() + "]";
    }
}
