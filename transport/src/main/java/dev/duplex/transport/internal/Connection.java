package dev.duplex.transport.internal;

import dev.duplex.engine.Role;
import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketClosedException;
import dev.duplex.transport.WebSocketListener;

import javax.net.ssl.SSLEngine;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One TCP connection on one event loop, from connect/accept to close: socket I/O (plain or TLS), the
 * outgoing chain and its flushing, the opening phase, and the timers. The opening phase is an
 * {@link UpgradeHandler} (the HTTP/1.1 upgrade, or recognising HTTP/2); then the connection carries a
 * {@link ConnectionProtocol}: one WebSocket ({@link WebSocketSession}, for which it is the {@link Carrier}), or an
 * HTTP/2 connection whose streams are the carriers of many. Loop thread only, except where noted.
 *
 * <h2>Lifecycle</h2>
 * {@code CONNECTING} (client TCP connect) → {@code HANDSHAKE} (HTTP upgrade; TLS inside {@link Io}) →
 * {@code OPEN} (engine running, including its close handshake) → {@code CLOSING} (engine reported
 * {@code Closed} or the server refused the upgrade: flush, then the TCP close of RFC 6455 section 7.1.1) →
 * {@code CLOSED}. In {@code CLOSING} a server half-closes (FIN) as soon as its output is written and waits for
 * the client's FIN; a client waits for the server's FIN (on hixie-75, which has no closing handshake, the client
 * sends its FIN first). Either side gives up after the close timeout.
 *
 * <h2>Read backpressure</h2>
 * {@link #pauseReading()} turns OP_READ off (the read batch stops at once) and {@link #resumeReading()} turns it
 * back on; what it carries decides when (a WebSocket: {@link WebSocketSession#receive}). In {@code CLOSING}
 * reading always resumes, so that the peer's FIN is seen.
 *
 * <h2>Timers</h2>
 * One deadline at a time, derived from the state: connect or handshake timeout, idle timeout (from the last
 * read), close timeout. A timer entry is queued only when the deadline moves earlier; a timer that fires
 * early (the idle deadline moved on) re-arms itself, so reads never touch the timer queue. The connection is
 * itself the timer entry ({@link LoopTimer}), and leaves the queue when it closes.
 *
 * <h2>Memory</h2>
 * An idle open connection holds this object, its {@link WebSocketSession}, engine and {@link OutputChain}, and
 * nothing else of Duplex's: no read buffer (the loop's is shared), no output chunk or chunk array, no timer object,
 * no send bookkeeping (made with the first send), no registry entry (the selector is the registry). Fields are
 * kept few and narrow because every byte here is multiplied by the number of connections: a flag rather than a
 * {@link Role} reference, a byte rather than an enum, one field for the upgrade handler and then the session
 * (a WebSocket needs no adapter object: the connection is its carrier and the session its protocol),
 * and neither the socket (its selection key keeps it) nor its addresses (the socket keeps them).
 */
public final class Connection extends SocketEndpoint implements Carrier {

    enum State { CONNECTING, HANDSHAKE, OPEN, CLOSING, CLOSED }

    // Steps of the TCP close once the connection is CLOSING (a byte, not an enum reference: see "Memory").
    private static final byte FLUSHING = 0;
    private static final byte OUTBOUND_CLOSED = 1;
    private static final byte AWAITING_PEER = 2;
    private static final String[] SHUTDOWN_NAMES = {"FLUSHING", "OUTBOUND_CLOSED", "AWAITING_PEER"};

    private final boolean server;
    private final ConnectionConfig config;
    private final ConnectionOwner owner;
    /** The {@link UpgradeHandler} until the upgrade, then the {@link ConnectionProtocol} (one field: see "Memory"). */
    private Object stage;
    private State state;
    private byte shutdown = FLUSHING;
    /** The session ends without a closing handshake (the stream ended or failed, or the application aborted). */
    private boolean abruptEnd;
    private long stateDeadline;
    /** A client that sends its FIN first when closing: hixie-75 has no closing handshake to wait for. */
    private boolean clientHalfCloses;

    private Connection(EventLoop loop, SocketChannel channel, SSLEngine ssl, Role role, ConnectionConfig config,
                       UpgradeHandler upgrade, ConnectionOwner owner, State state) {
        super(loop, ssl == null ? PlainIo.INSTANCE : new TlsIo(channel, ssl, loop));
        this.server = role == Role.SERVER;
        this.config = config;
        this.stage = upgrade;
        this.owner = owner == null ? ConnectionOwner.NONE : owner;
        this.state = state;
    }

    /**
     * Takes over a socket accepted by a server: registers it for reads and starts the handshake timer.
     * Loop thread. On failure the channel is closed and the exception rethrown.
     *
     * @param ssl a server-mode engine for {@code wss}, or null
     */
    public static Connection accepted(EventLoop loop, SocketChannel channel, SSLEngine ssl, ConnectionConfig config,
                                      UpgradeHandler upgrade, ConnectionOwner owner) throws IOException {
        Connection c = new Connection(loop, channel, ssl, Role.SERVER, config, upgrade, owner, State.CONNECTING);
        try {
            configure(channel);
            c.key = loop.register(channel, 0, c);
            c.connected();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        return c;
    }

    /**
     * Starts a client connection to {@code address}; the handler hears of success or failure. Loop thread.
     *
     * @param ssl a client-mode engine for {@code wss}, or null
     */
    public static Connection connect(EventLoop loop, InetSocketAddress address, SSLEngine ssl, ConnectionConfig config,
                                     long connectTimeoutNanos, UpgradeHandler upgrade, ConnectionOwner owner) {
        return connect(loop, address, null, ssl, config, connectTimeoutNanos, upgrade, owner);
    }

    /**
     * As {@link #connect(EventLoop, InetSocketAddress, SSLEngine, ConnectionConfig, long, UpgradeHandler,
     * ConnectionOwner)}, bound first to {@code localAddress} when it is not null.
     */
    public static Connection connect(EventLoop loop, InetSocketAddress address, InetSocketAddress localAddress,
                                     SSLEngine ssl, ConnectionConfig config, long connectTimeoutNanos,
                                     UpgradeHandler upgrade, ConnectionOwner owner) {
        SocketChannel channel = null;
        Connection c = null;
        try {
            channel = SocketChannel.open();
            configure(channel);
            if (localAddress != null) {
                channel.bind(localAddress);
            }
            Connection created = new Connection(loop, channel, ssl, Role.CLIENT, config, upgrade, owner,
                    State.CONNECTING);
            created.key = loop.register(channel, 0, created);
            c = created; // registered: from here on closeNow closes the channel and tells the handler
            if (channel.connect(address)) {
                c.connected();
            } else {
                c.setInterest(SelectionKey.OP_CONNECT);
                c.stateDeadline = loop.now() + connectTimeoutNanos;
                c.arm(c.stateDeadline);
            }
        } catch (IOException | RuntimeException e) {
            if (c != null) {
                c.closeNow(e);
            } else {
                closeQuietly(channel);
                upgrade.onFailed(null, e);
            }
        }
        return c;
    }

    private static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private void connected() throws IOException {
        state = State.HANDSHAKE;
        setInterest(SelectionKey.OP_READ);
        stateDeadline = loop.now() + config.handshakeNanos();
        arm(stateDeadline);
        io.start();
        ((UpgradeHandler) stage).onConnected(this);
        if (state != State.CLOSED && pendingOutput()) {
            scheduleFlush();
        }
    }

    // ---- API for upgrade handlers -------------------------------------------------------------------

    public EventLoop loop() {
        return loop;
    }

    public Role role() {
        return server ? Role.SERVER : Role.CLIENT;
    }

    public ConnectionConfig config() {
        return config;
    }

    /** Who is told when the connection closes. */
    public ConnectionOwner owner() {
        return owner;
    }

    /** What the connection carries once upgraded, else null. */
    private ConnectionProtocol upgraded() {
        return stage instanceof ConnectionProtocol p ? p : null;
    }

    @Override
    public boolean isSecure() {
        return isTls();
    }

    @Override
    public HttpVersion httpVersion() {
        return HttpVersion.HTTP_1_1;
    }

    @Override
    public String describe() {
        return isTls() ? "HTTP/1.1 over TLS" : "HTTP/1.1";
    }

    /** The WebSocket once upgraded to one, else null. */
    public WebSocket webSocket() {
        return stage instanceof WebSocket ws ? ws : null;
    }

    /** What the connection carries once upgraded (a WebSocket, or HTTP/2), else null. */
    public ConnectionProtocol protocol() {
        return upgraded();
    }

    @Override
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /** Queues raw bytes (an HTTP head) for sending. */
    public void write(ByteBuffer bytes) {
        if (state == State.CLOSED) {
            return;
        }
        output.append(bytes);
        scheduleFlush();
    }

    /**
     * Ends the handshake phase: creates the engine and the session, and calls the listener's {@code onOpen}.
     * Bytes the handler leaves in its input go to the engine next.
     *
     * @param subprotocol the agreed subprotocol, or null / empty for none
     * @param extensions  the agreed extensions header value, or null / empty for none
     * @param attachment  the WebSocket's initial attachment (visible in {@code onOpen}), or null
     * @param agreed      the negotiated extensions, in order (the engine closes them when it is done)
     */
    public WebSocket upgrade(WebSocketListener listener, String subprotocol, String extensions, Object attachment,
                             List<Extension> agreed) {
        return upgrade(listener, subprotocol, extensions, attachment, agreed, ProtocolVersion.RFC_6455);
    }

    /**
     * Ends the handshake phase of a connection of the given protocol version: hixie versions run a
     * {@link dev.duplex.engine.legacy.HixieEngine} (and have no extensions), the others a
     * {@link dev.duplex.engine.WebSocketEngine}.
     */
    public WebSocket upgrade(WebSocketListener listener, String subprotocol, String extensions, Object attachment,
                             List<Extension> agreed, ProtocolVersion version) {
        clientHalfCloses = version == ProtocolVersion.HIXIE_75;
        WebSocketSession session = new WebSocketSession(this, listener, subprotocol, extensions, agreed, version);
        switchTo(session);
        session.attach(attachment);
        session.open();
        return session;
    }

    /**
     * Ends the opening phase: from now on {@code protocol} gets the bytes the peer sends (those the upgrade handler
     * leaves in its input first) and the connection's events. A WebSocket ({@link #upgrade}) or HTTP/2.
     */
    public void switchTo(ConnectionProtocol protocol) {
        if (state != State.HANDSHAKE) {
            throw new IllegalStateException("cannot upgrade a connection in state " + state);
        }
        state = State.OPEN;
        stateDeadline = 0; // in OPEN it holds the close deadline, once set by closeSent
        lastReadAt = loop.now();
        stage = protocol;
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} open with {2}", role(), io, remoteAddress());
        }
        if (config.idleNanos() > 0) {
            arm(lastReadAt + config.idleNanos());
        }
    }

    /** Sends what is queued (a refusal), then closes the TCP connection as a server does (section 7.1.1). */
    public void closeAfterFlush() {
        if (state == State.CLOSED || state == State.CLOSING) {
            return;
        }
        if (stage instanceof UpgradeHandler) {
            stage = null; // refused: the handler is not told of a failure
        }
        enterClosing();
    }

    /**
     * Closes the TCP connection at once; {@code cause} goes to the upgrade handler when not yet upgraded, and
     * the listener's {@code onClose} reports 1006 when upgraded.
     */
    @Override
    public void abort(Throwable cause) {
        closeNow(cause);
    }

    // ---- Carrier: API for the session ------------------------------------------------------------------

    /** Arms the close deadline (the session sent a close frame); kept in {@code stateDeadline}. */
    @Override
    public void closeSent(long deadline) {
        stateDeadline = deadline;
        arm(deadline);
    }

    @Override
    public void endAbruptly() {
        abruptEnd = true;
    }

    /** The session (or HTTP/2) is done: flush, then the TCP close (or at once after {@link #endAbruptly()}). */
    @Override
    public void sessionClosed() {
        if (state != State.OPEN) {
            return;
        }
        if (abruptEnd) {
            closeNow(null);
        } else {
            enterClosing();
        }
    }

    // ---- events from the loop --------------------------------------------------------------------------

    @Override
    public void onReady(SelectionKey key) {
        int ready = key.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
            return;
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            handleRead();
        }
        if ((ready & SelectionKey.OP_WRITE) != 0 && state != State.CLOSED) {
            flushNow();
            if (io.hasBufferedInput() && state != State.CLOSED) {
                handleRead();
            }
        }
    }


    private void finishConnect() {
        try {
            if (channel().finishConnect()) {
                connected();
            }
        } catch (IOException | RuntimeException e) {
            closeNow(e);
        }
    }

    @Override
    void deliver(ByteBuffer buf) {
        switch (state) {
            case HANDSHAKE -> {
                ((UpgradeHandler) stage).onRead(this, buf);
                if (state == State.OPEN && buf.hasRemaining()) {
                    ((ConnectionProtocol) stage).receive(buf);
                }
            }
            case OPEN -> ((ConnectionProtocol) stage).receive(buf);
            default -> buf.position(buf.limit());
        }
    }

    @Override
    void onEof() {
        switch (state) {
            case OPEN -> {
                ((ConnectionProtocol) stage).transportEnded(null);
                closeNow(null);
            }
            case CLOSING -> closeNow(null);
            case CLOSED -> {
            }
            default -> closeNow(new EOFException("connection closed by the peer during the opening handshake"));
        }
    }

    @Override
    void fail(IOException e) {
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, role() + " connection with " + remoteAddress() + " failed: " + e);
        }
        if (state == State.OPEN) {
            ((ConnectionProtocol) stage).transportEnded(e);
        }
        closeNow(e);
    }

    @Override
    public void internalFailure(RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "internal failure on " + this, e);
        if (state == State.OPEN) {
            ((ConnectionProtocol) stage).transportEnded(e);
        }
        closeNow(e);
    }

    // ---- output ------------------------------------------------------------------------------------------

    @Override
    boolean canWrite() {
        return state != State.CLOSED && state != State.CONNECTING;
    }

    @Override
    void secured() {
        if (state == State.HANDSHAKE && stage instanceof UpgradeHandler handler) {
            handler.onSecured(this);
        }
    }

    /**
     * Hands the opening phase to another handler (a client that hoped for HTTP/2 but got HTTP/1.1 by ALPN
     * goes on with an HTTP/1.1 upgrade); {@code next} hears {@link UpgradeHandler#onConnected} at once.
     */
    public void handOver(UpgradeHandler next) {
        if (state != State.HANDSHAKE) {
            throw new IllegalStateException("cannot hand over a connection in state " + state);
        }
        stage = next;
        next.onConnected(this);
    }

    @Override
    void wrote(long pending) {
        if (stage instanceof ConnectionProtocol p) {
            p.flushed(pending);
        }
        if (readPaused && state != State.OPEN) {
            resumeReading(); // the peer's FIN must still be read
        }
    }

    @Override
    void drained() throws IOException {
        if (state == State.CLOSING) {
            continueShutdown();
        }
    }

    // ---- closing -------------------------------------------------------------------------------------------

    private void enterClosing() {
        state = State.CLOSING;
        shutdown = FLUSHING;
        stateDeadline = loop.now() + config.closeNanos();
        arm(stateDeadline);
        // Flushed at the end of the loop iteration (or on OP_WRITE): never inside an engine call.
        scheduleFlush();
    }

    /** Output is drained in {@code CLOSING}: end TLS, then (a server) send FIN, then wait for the peer's FIN. */
    private void continueShutdown() throws IOException {
        if (shutdown == FLUSHING) {
            shutdown = OUTBOUND_CLOSED;
            io.closeOutbound();
            writeOut();
            if (pendingOutput()) {
                return;
            }
        }
        if (shutdown == OUTBOUND_CLOSED) {
            shutdown = AWAITING_PEER;
            if (server || clientHalfCloses) {
                io.shutdownOutput(channel());
            }
        }
    }

    /** Closes the socket now. Idempotent. */
    void closeNow(Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        State was = state;
        state = State.CLOSED;
        releaseTimer();
        if (key != null) {
            key.cancel();
            closeQuietly(channel());
        }
        releaseOutput(new WebSocketClosedException("connection closed before the data was written"));
        if (was == State.CONNECTING || was == State.HANDSHAKE) {
            UpgradeHandler handler = stage instanceof UpgradeHandler u ? u : null;
            stage = null;
            if (handler != null) {
                handler.onFailed(this, cause != null ? cause
                        : new WebSocketClosedException("connection closed during the opening handshake"));
            }
        }
        if (stage instanceof ConnectionProtocol p) {
            p.connectionClosed();
        }
        owner.connectionClosed(this);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ---- timers ----------------------------------------------------------------------------------------

    /**
     * Makes sure the connection's timer entry (the connection itself) fires no later than {@code at}. It only ever
     * moves earlier here; when it fires before the current deadline (the idle deadline moved on with reads), it
     * re-arms itself from the deadline then, so reads never touch the timer queue.
     */
    private void arm(long at) {
        if (!isQueued() || at - this.at < 0) {
            loop.scheduleTimer(this, at);
        }
    }

    /** A closed connection leaves the loop's timer queue at once, so that nothing keeps it reachable. */
    private void releaseTimer() {
        loop.removeTimer(this);
    }

    @Override
    protected void fire() {
        onTimer();
    }

    private void onTimer() {
        long deadline = currentDeadline();
        if (deadline == 0) {
            return;
        }
        if (deadline - loop.now() > 0) {
            arm(deadline);
            return;
        }
        timedOut();
    }

    private long currentDeadline() {
        return switch (state) {
            case CONNECTING, HANDSHAKE, CLOSING -> stateDeadline;
            case OPEN -> stateDeadline != 0 ? stateDeadline
                    : config.idleNanos() > 0 ? lastReadAt + config.idleNanos() : 0;
            case CLOSED -> 0;
        };
    }

    private void timedOut() {
        switch (state) {
            case CONNECTING -> closeNow(new SocketTimeoutException("connect timed out"));
            case HANDSHAKE -> {
                LOG.log(System.Logger.Level.DEBUG, "opening handshake with {0} timed out", remoteAddress());
                closeNow(new SocketTimeoutException("opening handshake timed out"));
            }
            case OPEN -> {
                if (stateDeadline != 0) {
                    ((ConnectionProtocol) stage).closeTimedOut();
                    closeNow(null);
                } else {
                    ((ConnectionProtocol) stage).idleTimedOut();
                    if (state == State.OPEN && stateDeadline == 0 && config.idleNanos() > 0) {
                        // Still open and no close under way (HTTP/2 with streams in use): look again later.
                        lastReadAt = loop.now();
                        arm(lastReadAt + config.idleNanos());
                    }
                }
            }
            case CLOSING -> closeNow(null);
            case CLOSED -> {
            }
        }
    }

    @Override
    public String toString() {
        return "Connection[" + role() + " " + io + " " + remoteAddress() + ", state=" + state
                + (state == State.CLOSING ? "/" + SHUTDOWN_NAMES[shutdown] : "") + (readPaused ? ", reading paused" : "") + ", "
                + output + "]";
    }
}
