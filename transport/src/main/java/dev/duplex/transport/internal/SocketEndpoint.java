package dev.duplex.transport.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * The socket side of a TCP {@link Connection}: reads in batches into the loop's shared buffer, the outgoing
 * {@link OutputChain} and its gathering writes (one per connection per read batch, or per loop iteration),
 * the futures of sends waiting for those writes, the selection key's interest operations, and read pausing.
 * What the bytes mean, and when the connection ends, is the {@link Connection}'s business (the hooks below).
 * Loop thread only, except where noted.
 *
 * <h2>Flushing</h2>
 * Right after a read batch (an echo leaves before the loop reads the next ready connection, as Netty's
 * {@code channelReadComplete} does), on OP_WRITE, and at the end of the loop iteration for what tasks, timers and
 * other threads sent ({@link #scheduleFlush()}). When the socket does not take everything, OP_WRITE waits for it.
 */
abstract sealed class SocketEndpoint extends LoopTimer implements Selectable permits Connection {
    static final System.Logger LOG = EventLoop.LOG;
    private static final int MAX_READS_PER_EVENT = 8;

    final EventLoop loop;
    final Io io;
    final OutputChain output;
    /** Futures of sends waiting to be written; created with the first one (an idle connection has none). */
    private SendCompletions completions;
    SelectionKey key;
    int interest;
    long lastReadAt;
    private boolean flushScheduled;
    private boolean readAgainQueued;
    /** Reading stopped (see {@link #pauseReading()}). */
    boolean readPaused;

    SocketEndpoint(EventLoop loop, Io io) {
        super(0);
        this.loop = loop;
        this.io = io;
        this.output = new OutputChain();
    }

    // ---- what the connection decides -------------------------------------------------------------------

    abstract ConnectionConfig config();

    /** The socket is closed: nothing more is read or written. */
    public abstract boolean isClosed();

    /** Output may be written now (connected and not closed). */
    abstract boolean canWrite();

    /** Plaintext read from the socket; consume all of it. */
    abstract void deliver(ByteBuffer plaintext);

    /** The peer ended its side (EOF). */
    abstract void onEof();

    /** Reading or writing failed. */
    abstract void fail(IOException e);

    /** An unexpected exception (a bug) while handling this connection: log it and drop the connection. */
    public abstract void internalFailure(RuntimeException e);

    /** The TLS handshake finished (the ALPN choice is known). */
    abstract void secured();

    /** Some output was written; {@code pending} bytes still wait. */
    abstract void wrote(long pending);

    /** Everything was written (the TCP close may go on). */
    abstract void drained() throws IOException;

    // ---- the socket ------------------------------------------------------------------------------------

    /** The socket: the selection key keeps it, so the connection does not (see "Memory"). */
    final SocketChannel channel() {
        return (SocketChannel) key.channel();
    }

    /** Whether the socket carries TLS. */
    public boolean isTls() {
        return io instanceof TlsIo;
    }

    /** The protocol TLS negotiated with ALPN (RFC 7301), or null (plain TCP, no ALPN, or not yet known). */
    public String applicationProtocol() {
        return io instanceof TlsIo tls ? tls.applicationProtocol() : null;
    }

    /**
     * The peer's address (the target while a client connects). Not a field: the channel keeps it, and every
     * field here is multiplied by the number of connections. Any thread; still answers once the channel is closed.
     */
    public InetSocketAddress remoteAddress() {
        if (channel().isOpen()) {
            try {
                return (InetSocketAddress) channel().getRemoteAddress();
            } catch (IOException closedMeanwhile) {
                // fall through
            }
        }
        // The socket view reads the same field without the open check (created only for closed channels).
        return (InetSocketAddress) channel().socket().getRemoteSocketAddress();
    }

    /** This end's address, or null before the socket is bound. Any thread, like {@link #remoteAddress()}. */
    public InetSocketAddress localAddress() {
        if (channel().isOpen()) {
            try {
                return (InetSocketAddress) channel().getLocalAddress();
            } catch (IOException closedMeanwhile) {
                // fall through
            }
        }
        return (InetSocketAddress) channel().socket().getLocalSocketAddress();
    }

    /** The outgoing bytes, drained by gathering writes. */
    public OutputChain output() {
        return output;
    }

    /** Completes {@code future} once everything in {@link #output()} so far has been handed to the socket. */
    public void track(CompletableFuture<?> future) {
        if (completions == null) {
            completions = new SendCompletions();
        }
        completions.add(output.sync(), future);
        scheduleFlush();
    }

    /** Something may have been written to {@link #output()} without a flush being asked for: ask for one. */
    public void outputMayHaveGrown() {
        if (output.sync() != output.written()) {
            scheduleFlush();
        }
    }

    final void handleRead() {
        readAgainQueued = false;
        if (isClosed() || readPaused) {
            return;
        }
        ByteBuffer buf = loop.readBuffer();
        try {
            for (int i = 0; ; i++) {
                if (i == MAX_READS_PER_EVENT) {
                    // Fairness: let other connections run. Plaintext already taken from the socket (TLS) would not
                    // wake the selector again, so come back for it.
                    if (io.hasBufferedInput() && !readAgainQueued) {
                        readAgainQueued = true;
                        loop.execute(this::handleRead);
                    }
                    break;
                }
                buf.clear();
                int n = io.read(channel(), buf);
                if (io.takeHandshakeFinished()) {
                    secured();
                    if (isClosed()) {
                        return;
                    }
                }
                if (n < 0) {
                    onEof();
                    return;
                }
                if (n == 0) {
                    break;
                }
                lastReadAt = loop.now();
                buf.flip();
                deliver(buf);
                if (isClosed()) {
                    return;
                }
                if (readPaused) {
                    break;
                }
                if (n < buf.capacity() && !io.hasBufferedInput()) {
                    break;
                }
            }
        } catch (IOException e) {
            fail(e);
            return;
        }
        // Flush this connection's answers now, like Netty's channelReadComplete, rather than at the end of the
        // iteration: an echo then does not wait for the reads and handlers of every other connection that was
        // ready in the same select. It costs no extra system call (still one write per connection per read batch).
        if (pendingOutput() && (interest & SelectionKey.OP_WRITE) == 0) {
            flushNow();
        }
    }

    final void scheduleFlush() {
        if (!flushScheduled && (interest & SelectionKey.OP_WRITE) == 0 && canWrite()) {
            flushScheduled = true;
            loop.scheduleFlush(this);
        }
    }

    /**
     * The loop's end-of-iteration flush: skipped when the connection was flushed since it asked (after its read
     * batch, or on OP_WRITE), so an echo is not followed by a second, empty flush.
     */
    final void flushIfScheduled() {
        if (flushScheduled) {
            flushNow();
        }
    }

    /** Writes what is pending (after a read batch, at the end of an iteration, and on OP_WRITE). */
    final void flushNow() {
        flushScheduled = false;
        if (!canWrite()) {
            return;
        }
        try {
            writeOut();
            if (!pendingOutput()) {
                drained();
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            internalFailure(e);
        }
    }

    final void writeOut() throws IOException {
        if (pendingOutput()) {
            int n = output.prepare();
            long written = 0;
            try {
                written = io.write(channel(), output.chunks(), 0, n);
            } finally {
                output.finish(written);
            }
            if (io.takeHandshakeFinished()) {
                secured();
            }
            if (completions != null) {
                completions.completeUpTo(output.written());
            }
            wrote(output.pending());
        }
        boolean waitForSocket = io.blockedOnSocket(!output.isEmpty());
        setInterest(waitForSocket ? interest | SelectionKey.OP_WRITE : interest & ~SelectionKey.OP_WRITE);
    }

    /** Stops reading (OP_READ off); the current read batch ends at once. */
    public void pauseReading() {
        if (readPaused || isClosed()) {
            return;
        }
        readPaused = true;
        setInterest(interest & ~SelectionKey.OP_READ);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} bytes wait to be written, over the limit of {2}: "
                    + "reading paused", remoteAddress(), output.pending(), config().maxBufferedBytes());
        }
    }

    public boolean readingPaused() {
        return readPaused;
    }

    /** Reads again (and delivers plaintext TLS already took from the socket). */
    public void resumeReading() {
        if (!readPaused) {
            return;
        }
        readPaused = false;
        setInterest(interest | SelectionKey.OP_READ);
        LOG.log(System.Logger.Level.DEBUG, "{0}: output drained, reading resumed", remoteAddress());
        if (io.hasBufferedInput() && !readAgainQueued) {
            // Plaintext already taken from the socket (TLS) would not wake the selector.
            readAgainQueued = true;
            loop.execute(this::handleRead);
        }
    }

    final boolean pendingOutput() {
        return !output.isEmpty() || io.hasBufferedOutput();
    }

    final void setInterest(int ops) {
        if (ops != interest && key != null && key.isValid()) {
            key.interestOps(ops);
            interest = ops;
        }
    }

    /** Fails the futures of sends that will never be written, and gives the output's chunks back. */
    final void releaseOutput(Throwable cause) {
        output.release();
        if (completions != null && completions.size() > 0) {
            completions.failAll(cause);
        }
    }
}
