package dev.duplex.transport.internal;

import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.Engine;
import dev.duplex.engine.Event;
import dev.duplex.engine.EventListener;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine;
import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.engine.legacy.HixieEngine;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.SendBufferOverflowException;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketClosedException;
import dev.duplex.transport.WebSocketListener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/**
 * One WebSocket once its opening handshake is done: the application's sends, in order, into the engine, and
 * the engine's events out to the {@link WebSocketListener}. It runs on a {@link Carrier} (its own TCP
 * connection, or a stream of an HTTP/2 connection) and knows nothing else of the transport.
 *
 * <h2>Sends</h2>
 * On the loop thread, with nothing of this connection queued, a send goes at once to the {@link Outbox},
 * which encodes it or keeps it in message order. Otherwise it becomes a {@link SendOp} queued to the loop
 * (the only cross-thread structure: the loop's task queue). The byte counts behind {@link #bufferedAmount()}
 * and the count of queued ops are the only state shared across threads.
 *
 * <h2>Events</h2>
 * Engine events go to the listener as the engine reports them (see {@link #onEvent}).
 */
public final class WebSocketSession implements WebSocket, EventListener, ConnectionProtocol {
    private static final System.Logger LOG = EventLoop.LOG;
    private static final IntSupplier NO_MASK = () -> 0;
    private static final int OPEN = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final VarHandle STATUS;
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle QUEUED;
    private static final VarHandle UNFLUSHED;
    private static final VarHandle CLOSE_FUTURE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(WebSocketSession.class, "status", int.class);
            IN_FLIGHT = l.findVarHandle(WebSocketSession.class, "inFlight", int.class);
            QUEUED = l.findVarHandle(WebSocketSession.class, "queuedBytes", long.class);
            UNFLUSHED = l.findVarHandle(WebSocketSession.class, "unflushed", long.class);
            CLOSE_FUTURE = l.findVarHandle(WebSocketSession.class, "closeFuture", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Carrier carrier;
    private final Engine engine;
    private final ProtocolVersion version;
    private final WebSocketListener listener;
    private final String subprotocol;
    private final String extensions;
    /** Created when first asked for, or at close (an idle connection has none). */
    private volatile CompletableFuture<Void> closeFuture;
    private volatile Object attachment;
    private volatile int status;
    /** Ops of this session in the loop's task queue. */
    private volatile int inFlight;
    /** Bytes accepted but not yet encoded (queued, backlogged or held ops). */
    private volatile long queuedBytes;
    /** Bytes encoded but not yet written, published by the loop. */
    private volatile long unflushed;

    // loop thread only
    /** Created with the first send (an idle connection has none). */
    private Outbox outbox;

    /**
     * A session on {@code carrier}, whose handshake agreed on {@code subprotocol}, {@code extensions} (the header
     * value) and the {@code agreed} extensions (closed by the engine when it is done). Call {@link #open()} next.
     */
    public WebSocketSession(Carrier carrier, WebSocketListener listener, String subprotocol, String extensions,
                            List<Extension> agreed, ProtocolVersion version) {
        this.carrier = carrier;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.subprotocol = subprotocol == null ? "" : subprotocol;
        this.extensions = extensions == null ? "" : extensions;
        this.version = Objects.requireNonNull(version, "version");
        Role role = carrier.role();
        if (version.usesHixieFraming()) {
            if (agreed != null && !agreed.isEmpty()) {
                throw new IllegalArgumentException(version + " has no extensions: " + agreed);
            }
            this.engine = new HixieEngine(version, role, carrier.config().engine(), carrier.output(), this);
        } else {
            this.engine = new WebSocketEngine(role, carrier.config().engine(),
                    role.masksOutgoing() ? carrier.loop().maskKeys() : NO_MASK, carrier.output(), this,
                    agreed == null ? List.of() : agreed);
        }
    }

    // ---- WebSocket: sends ---------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        Objects.requireNonNull(text, "text");
        return sendData(SendOp.TEXT, text, text.length());
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (!version.hasVersionHeader()) {
            return CompletableFuture.failedFuture(cannotCarry("binary messages"));
        }
        return sendData(SendOp.BINARY, data, data.remaining());
    }

    @Override
    public CompletableFuture<Void> sendPing(ByteBuffer payload) {
        return sendControl(SendOp.PING, payload);
    }

    @Override
    public CompletableFuture<Void> sendPong(ByteBuffer payload) {
        return sendControl(SendOp.PONG, payload);
    }

    @Override
    public MessageWriter startMessage(MessageType type) {
        StreamWriter writer = new StreamWriter(this, Objects.requireNonNull(type, "type"));
        if (type == MessageType.BINARY && !version.hasVersionHeader()) {
            writer.fail(cannotCarry("binary messages"));
            return writer;
        }
        if (status != OPEN) {
            return writer;
        }
        if (direct()) {
            outbox().start(writer, null);
        } else {
            enqueue(SendOp.start(this, writer));
        }
        return writer;
    }

    @Override
    public CompletableFuture<Void> close() {
        return close(CloseCodes.NORMAL, "");
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        String r = CloseCodes.checkSendable(code, reason);
        if (STATUS.compareAndSet(this, OPEN, CLOSING)) {
            if (direct()) {
                doClose(code, r);
            } else {
                enqueue(SendOp.close(this, code, r));
            }
        }
        return closeFuture();
    }

    /** The future that completes when the connection is closed: one per session, made on first use. */
    private CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> f = closeFuture;
        if (f == null) {
            CompletableFuture<Void> made = new CompletableFuture<>();
            f = CLOSE_FUTURE.compareAndSet(this, null, made) ? made : closeFuture;
        }
        return f;
    }

    /** Completes the close future, or installs a completed one if nobody asked for it yet (loop thread). */
    private void completeCloseFuture() {
        CompletableFuture<Void> f = closeFuture;
        if (f == null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            done.complete(null);
            if (CLOSE_FUTURE.compareAndSet(this, null, done)) {
                return;
            }
            f = closeFuture;
        }
        f.complete(null);
    }

    /** The carrier under this session (for tests in this package). */
    Carrier carrier() {
        return carrier;
    }

    private Outbox outbox() {
        Outbox o = outbox;
        if (o == null) {
            o = outbox = new Outbox(this, engine, carrier);
        }
        return o;
    }

    private void failWaiting(WebSocketClosedException cause) {
        if (outbox != null) {
            outbox.failWaiting(cause);
        }
    }

    /** Always queued, even on the loop thread: a listener may call it from inside an engine call. */
    @Override
    public void abort() {
        enqueue(SendOp.abort(this));
    }

    private CompletableFuture<Void> sendData(byte kind, Object payload, long size) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!admit(f, size)) {
            return f;
        }
        if (direct()) {
            outbox().sendData(kind, payload, f, size);
        } else {
            enqueue(SendOp.data(this, kind, Outbox.detach(kind, payload), f, size));
        }
        return f;
    }

    private CompletableFuture<Void> sendControl(byte kind, ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException("a control frame payload is at most 125 bytes (RFC 6455 section 5.5), got "
                    + payload.remaining());
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!version.hasVersionHeader()) {
            f.completeExceptionally(cannotCarry(kind == SendOp.PING ? "pings" : "pongs"));
        } else if (status != OPEN) {
            f.completeExceptionally(closedException());
        } else if (direct()) {
            outbox().sendControl(kind, payload, f);
        } else {
            enqueue(SendOp.data(this, kind, payload.duplicate(), f, 0));
        }
        return f;
    }

    /** A piece of a streamed message, already checked by the writer. */
    CompletableFuture<Void> writeFragment(StreamWriter w, ByteBuffer data, boolean last, CompletableFuture<Void> f) {
        if (direct()) {
            outbox().sendPiece(w, data, last, f);
        } else {
            enqueue(SendOp.fragment(this, w, data.duplicate(), last, f));
        }
        return f;
    }

    /**
     * Checks that a data send may be accepted: the connection is open and its outgoing buffer is not over
     * the limit ({@link OverflowPolicy}). Fails {@code f} and returns false otherwise.
     */
    boolean admit(CompletableFuture<Void> f, long size) {
        if (status != OPEN) {
            f.completeExceptionally(closedException());
            return false;
        }
        ConnectionConfig config = carrier.config();
        long buffered = bufferedAmount();
        if (buffered > config.maxBufferedBytes()) {
            f.completeExceptionally(new SendBufferOverflowException(buffered, config.maxBufferedBytes()));
            if (config.overflowPolicy() == OverflowPolicy.CLOSE && status == OPEN) {
                LOG.log(System.Logger.Level.INFO, "{0}: outgoing buffer over its limit ({1} > {2} bytes), closing with {3}",
                        carrier.remoteAddress(), buffered, config.maxBufferedBytes(), CloseCodes.describe(CloseCodes.POLICY_VIOLATION));
                close(CloseCodes.POLICY_VIOLATION, "outgoing buffer limit exceeded");
            }
            return false;
        }
        return true;
    }

    /** On the loop thread with nothing of this connection queued: act at once. */
    private boolean direct() {
        return carrier.loop().inLoop() && inFlight == 0;
    }

    private void enqueue(SendOp op) {
        IN_FLIGHT.getAndAdd(this, 1);
        addQueued(op.size);
        if (!carrier.loop().offer(op)) {
            IN_FLIGHT.getAndAdd(this, -1);
            fail(op, closedException());
        }
    }

    /** Runs an op taken from the loop's task queue. */
    void runQueued(SendOp op) {
        IN_FLIGHT.getAndAdd(this, -1);
        switch (op.kind) {
            case SendOp.CLOSE -> doClose(op.code, (String) op.payload);
            case SendOp.ABORT -> carrier.abort(null);
            default -> outbox().run(op);
        }
    }

    void addQueued(long bytes) {
        if (bytes != 0) {
            QUEUED.getAndAdd(this, bytes);
        }
    }

    private void doClose(int code, String reason) {
        if (engine.state() != WebSocketEngine.State.OPEN) {
            return;
        }
        try {
            engine.close(code, reason);
        } catch (RuntimeException e) {
            carrier.internalFailure(e);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0}: sent close {1}", carrier.remoteAddress(), CloseCodes.describe(code));
        carrier.closeSent(carrier.loop().now() + carrier.config().closeNanos());
        carrier.outputMayHaveGrown();
        failWaiting(new WebSocketClosedException("the connection is closing"));
    }

    /** Fails an op that will never be sent. */
    void fail(SendOp op, Throwable cause) {
        addQueued(-op.size);
        if (op.future != null) {
            op.future.completeExceptionally(cause);
        }
    }

    void publishUnflushed(long bytes) {
        UNFLUSHED.setRelease(this, bytes);
    }

    /**
     * The carrier wrote some of its output; {@code pending} bytes still wait. Reading resumes once they drained
     * to half the limit (see {@link #receive}).
     */
    @Override
    public void flushed(long pending) {
        UNFLUSHED.setRelease(this, pending);
        carrier.resumeIfDrained(pending);
    }

    // ---- engine events ---------------------------------------------------------------------------------

    /** Tells the listener the WebSocket is open ({@code onOpen}). */
    public void open() {
        try {
            listener.onOpen(this);
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    /**
     * Bytes from the peer.
     *
     * <p>Read backpressure: while more than {@link ConnectionConfig#maxBufferedBytes()} encoded bytes wait to be
     * written, a server stops reading ({@link Carrier#pauseReading()}) and resumes once they drained to half of it
     * ({@link #flushed}). What the engine writes by itself in answer to input (pongs, close replies) and what a
     * listener sends in answer to a message therefore stay bounded by that limit plus one read, whatever the peer
     * sends and however slowly it reads. A client does not pause: its server may reply only once it has read, so
     * both pausing could deadlock.
     */
    @Override
    public void receive(ByteBuffer in) {
        try {
            engine.receive(in);
        } catch (RuntimeException e) {
            carrier.internalFailure(e);
            return;
        }
        carrier.outputMayHaveGrown();
        if (status != CLOSED && carrier.role() == Role.SERVER) {
            carrier.pauseIfOverLimit();
        }
    }

    /**
     * Passes an engine event to the listener at once, from inside the engine call, so that a reply sent by the
     * listener goes out before the engine reads further: an echo of a message followed by a bad frame in the
     * same read still precedes the close (Autobahn cases 3.x, strict). The engine accepts sends and
     * {@code close} from its listener; what would change the connection itself (dropping the TCP connection)
     * is deferred until the engine call returns.
     */
    @Override
    public void onEvent(Event event) {
        if (status == CLOSED) {
            return;
        }
        try {
            switch (event) {
                case Event.Text e -> listener.onText(this, e.text());
                case Event.Binary e -> listener.onBinary(this, e.data());
                case Event.Fragment e -> listener.onFragment(this, e.text() ? MessageType.TEXT : MessageType.BINARY,
                        e.data(), e.last());
                case Event.Ping e -> listener.onPing(this, e.payload());
                case Event.Pong e -> listener.onPong(this, e.payload());
                case Event.CloseReceived e -> closeReceived(e);
                case Event.Closed e -> closed(e);
            }
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private void closeReceived(Event.CloseReceived e) {
        STATUS.compareAndSet(this, OPEN, CLOSING);
        LOG.log(System.Logger.Level.DEBUG, "{0}: received close {1} {2}", carrier.remoteAddress(),
                CloseCodes.describe(e.code()), e.reason());
        failWaiting(new WebSocketClosedException("the peer closed the connection"));
        try {
            listener.onCloseReceived(this, e.code(), e.reason());
        } catch (Throwable t) {
            listenerFailed(t);
        }
    }

    private void closed(Event.Closed e) {
        status = CLOSED;
        failWaiting(new WebSocketClosedException("the connection is closed"));
        if (e.error() != null) {
            LOG.log(System.Logger.Level.INFO, "{0}: protocol error by the peer, closed with {1}: {2}",
                    carrier.remoteAddress(), CloseCodes.describe(e.error().closeCode()), e.error().getMessage());
            quietly(() -> listener.onError(this, e.error()));
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} connection with {1} closed: {2} \"{3}\" clean={4}", carrier.role(),
                carrier.remoteAddress(), CloseCodes.describe(e.code()), e.reason(), e.clean());
        quietly(() -> listener.onClose(this, e.code(), e.reason(), e.clean()));
        completeCloseFuture();
        carrier.sessionClosed();
    }

    private void listenerFailed(Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "listener failed on " + this + "; closing with 1011", t);
        quietly(() -> listener.onError(this, t));
        if (engine.state() == WebSocketEngine.State.OPEN) {
            status = CLOSING;
            doClose(CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    private void quietly(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "listener failed on " + this, t);
        }
    }

    // ---- transport events ------------------------------------------------------------------------------

    /** The TCP stream ended (EOF: {@code cause} null) or failed, without a completed close handshake. */
    @Override
    public void transportEnded(Throwable cause) {
        carrier.endAbruptly();
        if (status == CLOSED) {
            return;
        }
        if (cause != null) {
            quietly(() -> listener.onError(this, cause));
        } else if (engine instanceof HixieEngine hixie) {
            // hixie-75 closes by ending TCP: an orderly end of stream is its close, not an abnormal one.
            try {
                hixie.peerEndedStream();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "engine failed while closing " + this, e);
            }
            return;
        }
        endEngine(false);
    }

    /** The peer did not answer our close frame in time (RFC 6455 section 7.1.1); the TCP close follows. */
    @Override
    public void closeTimedOut() {
        LOG.log(System.Logger.Level.DEBUG, "{0}: close handshake timed out", carrier.remoteAddress());
        carrier.endAbruptly();
        endEngine(true);
    }

    /** Nothing was read for the idle timeout: close with 1001 (going away). */
    @Override
    public void idleTimedOut() {
        LOG.log(System.Logger.Level.DEBUG, "{0}: idle timeout, closing", carrier.remoteAddress());
        if (STATUS.compareAndSet(this, OPEN, CLOSING)) {
            doClose(CloseCodes.GOING_AWAY, "idle timeout");
        }
    }

    /** The socket is closed. */
    @Override
    public void connectionClosed() {
        UNFLUSHED.setRelease(this, 0L);
        carrier.endAbruptly();
        if (status != CLOSED) {
            endEngine(false);
        }
        failWaiting(new WebSocketClosedException("the connection is closed"));
    }

    private void endEngine(boolean timedOut) {
        if (engine.state() != WebSocketEngine.State.CLOSED) {
            try {
                if (timedOut) {
                    engine.closeTimedOut();
                } else {
                    engine.transportClosed();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "engine failed while closing " + this, e);
            }
        }
    }

    // ---- WebSocket: state ----------------------------------------------------------------------------------

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String extensions() {
        return extensions;
    }

    @Override
    public ProtocolVersion protocolVersion() {
        return version;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return carrier.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return carrier.localAddress();
    }

    @Override
    public HttpVersion httpVersion() {
        return carrier.httpVersion();
    }

    @Override
    public String transportDescription() {
        return carrier.describe();
    }

    /** Whether the engine has reported {@code Closed} (the listener's {@code onClose} ran). */
    public boolean isClosed() {
        return status == CLOSED;
    }

    @Override
    public boolean isOpen() {
        return status == OPEN;
    }

    @Override
    public long bufferedAmount() {
        return queuedBytes + unflushed;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    /** A send that the protocol version of this connection cannot carry (hixie: binary, ping, pong). */
    private IllegalStateException cannotCarry(String what) {
        return new IllegalStateException(version + " cannot carry " + what);
    }

    private static WebSocketClosedException closedException() {
        return new WebSocketClosedException("the connection is closing or closed");
    }

    @Override
    public String toString() {
        return "WebSocket[" + carrier.role() + " " + carrier.remoteAddress() + ", "
                + (status == OPEN ? "open" : status == CLOSING ? "closing" : "closed")
                + (version.isLegacy() ? ", " + version : "")
                + (carrier.httpVersion() == HttpVersion.HTTP_2 ? ", " + carrier.describe() : "")
                + (subprotocol.isEmpty() ? "" : ", subprotocol=" + subprotocol)
                + ", buffered=" + bufferedAmount() + "]";
    }
}
