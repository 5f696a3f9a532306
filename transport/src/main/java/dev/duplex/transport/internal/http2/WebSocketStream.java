package dev.duplex.transport.internal.http2;

import dev.duplex.engine.Role;
import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import dev.duplex.transport.internal.Carrier;
import dev.duplex.transport.internal.ConnectionConfig;
import dev.duplex.transport.internal.EventLoop;
import dev.duplex.transport.internal.LoopTimer;
import dev.duplex.transport.internal.OutputChain;
import dev.duplex.transport.internal.SendCompletions;
import dev.duplex.transport.internal.WebSocketSession;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket on one stream of an HTTP/2 connection (RFC 8441): the {@link Carrier} of its
 * {@link WebSocketSession}. The engine writes WebSocket frames into this stream's own {@link OutputChain};
 * {@link #pump()} moves them into DATA frames as far as the stream and connection windows allow, and the
 * futures of the sends move on to the TCP connection, which completes them once the bytes are written.
 *
 * <h2>Backpressure</h2>
 * A paused stream keeps the credit of the DATA it processed ({@link Http2Transport#consumed} is not called), so
 * its peer runs out of window and stops, while the other streams of the connection go on (RFC 9113 section 5.2).
 *
 * <h2>Closing</h2>
 * The close handshake ends the stream with END_STREAM in both directions (RFC 8441 section 5.2), sent once the
 * close frame is out; a WebSocket that ends without one (the peer reset the stream, the connection dropped, the
 * close timed out) resets the stream with CANCEL. The peer's END_STREAM without a close frame is an abnormal end
 * (1006), as the end of a TCP connection is. The stream is its own timer entry: the close deadline, then the
 * wait for the peer's END_STREAM, or the idle timeout.
 */
final class WebSocketStream extends LoopTimer implements TransportStream, Carrier {
    private static final System.Logger LOG = System.getLogger("dev.duplex.transport");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Http2Transport transport;
    private final int streamId;
    private final OutputChain output = new OutputChain();
    private SendCompletions completions;
    private WebSocketSession session;
    /** Flow-controlled bytes processed while paused: handed back on resume. */
    private int unconsumed;
    private boolean paused;
    private boolean abrupt;
    /** The session closed: END_STREAM (or a reset) follows once the output is out. */
    private boolean ending;
    private boolean endSent;
    private boolean peerEnded;
    private boolean gone;
    private long closeDeadline;
    private long lastReadAt;

    WebSocketStream(Http2Transport transport, int streamId) {
        super(0);
        this.transport = transport;
        this.streamId = streamId;
    }

    WebSocket open(WebSocketListener listener, String subprotocol, String extensions, Object attachment,
                   List<Extension> agreed) {
        session = new WebSocketSession(this, listener, subprotocol, extensions, agreed, ProtocolVersion.RFC_6455);
        session.attach(attachment);
        lastReadAt = loop().now();
        long idle = config().idleNanos();
        if (idle > 0) {
            loop().scheduleTimer(this, lastReadAt + idle);
        }
        session.open();
        return session;
    }

    WebSocketSession session() {
        return session;
    }

    @Override
    public int streamId() {
        return streamId;
    }

    // ---- stream events -------------------------------------------------------------------------------

    @Override
    public void onHeaders(List<HeaderField> headers, boolean endStream) {
        if (endStream) {
            peerEnd();
        }
    }

    @Override
    public void onData(ByteBuffer data, boolean endStream, int flowControlled) {
        lastReadAt = loop().now();
        if (session != null && !gone) {
            session.receive(data);
        } else {
            data.position(data.limit());
        }
        if (paused) {
            unconsumed += flowControlled;
        } else {
            transport.consumed(streamId, flowControlled);
        }
        if (endStream) {
            peerEnd();
        }
    }

    /** The peer sent END_STREAM: after its close frame, the end of the handshake; without it, an abnormal end. */
    private void peerEnd() {
        peerEnded = true;
        if (session != null && !session.isClosed()) {
            session.transportEnded(null);
        }
    }

    @Override
    public void onReset(ErrorCode code, boolean local) {
        gone = true;
        endSent = true;
        if (session != null) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: reset {1} {2}", this, local ? "by us:" : "by the peer:", code);
            session.transportEnded(local ? null : new IOException("the peer reset the HTTP/2 stream: " + code));
            session.connectionClosed();
        }
        release();
    }

    @Override
    public void onClosed() {
        gone = true;
        if (session != null) {
            session.connectionClosed();
        }
        release();
    }

    @Override
    public void connectionEnded(Throwable cause) {
        gone = true;
        if (session != null) {
            session.transportEnded(cause);
            session.connectionClosed();
        }
        release();
    }

    private void release() {
        loop().removeTimer(this);
        if (unconsumed > 0) {
            int n = unconsumed; // the connection window must get these back, the stream being gone
            unconsumed = 0;
            transport.consumed(streamId, n);
        }
        output.release();
        if (completions != null && completions.size() > 0) {
            completions.failAll(new dev.duplex.transport.WebSocketClosedException(
                    "the HTTP/2 stream closed before the data was written"));
        }
        transport.forget(this);
    }

    // ---- output ----------------------------------------------------------------------------------------

    @Override
    public boolean pump() {
        if (gone) {
            return true;
        }
        if (!output.isEmpty()) {
            int n = output.prepare();
            ByteBuffer[] chunks = output.chunks();
            long moved = 0;
            try {
                for (int i = 0; i < n; i++) {
                    ByteBuffer chunk = chunks[i];
                    moved += transport.engine().sendData(streamId, chunk, false);
                    if (chunk.hasRemaining()) {
                        break;
                    }
                }
            } finally {
                output.finish(moved);
            }
            if (completions != null) {
                completions.transferUpTo(output.written(), transport.connection());
            }
            if (moved > 0) {
                transport.connection().outputMayHaveGrown();
            }
            if (session != null) {
                session.flushed(output.pending());
            }
            if (!output.isEmpty()) {
                return false;
            }
        }
        if (ending && !endSent) {
            endSent = true;
            if (abrupt && !peerEnded) {
                transport.reset(streamId, ErrorCode.CANCEL);
                return true;
            }
            transport.engine().sendData(streamId, EMPTY, true);
            transport.connection().outputMayHaveGrown();
            awaitPeerEnd();
        }
        return true;
    }

    /**
     * Our END_STREAM is out: wait for the peer's, but not beyond the close timeout. (Once both are out the engine
     * reports StreamClosed, which releases the stream.)
     */
    private void awaitPeerEnd() {
        if (endSent && !peerEnded && !gone) {
            closeDeadline = loop().now() + config().closeNanos();
            loop().scheduleTimer(this, closeDeadline);
        }
    }

    // ---- Carrier ----------------------------------------------------------------------------------------

    @Override
    public EventLoop loop() {
        return transport.connection().loop();
    }

    @Override
    public Role role() {
        return transport.connection().role();
    }

    @Override
    public ConnectionConfig config() {
        return transport.connection().config();
    }

    @Override
    public OutputChain output() {
        return output;
    }

    @Override
    public void track(CompletableFuture<?> future) {
        if (completions == null) {
            completions = new SendCompletions();
        }
        completions.add(output.sync(), future);
        transport.wantsPump(this);
    }

    @Override
    public void outputMayHaveGrown() {
        if (!output.isEmpty()) {
            transport.wantsPump(this);
        }
    }

    @Override
    public void pauseReading() {
        paused = true;
    }

    @Override
    public void resumeReading() {
        if (!paused) {
            return;
        }
        paused = false;
        if (unconsumed > 0 && !gone) {
            int n = unconsumed;
            unconsumed = 0;
            transport.consumed(streamId, n);
        }
    }

    @Override
    public boolean readingPaused() {
        return paused;
    }

    @Override
    public void closeSent(long deadline) {
        closeDeadline = deadline;
        loop().scheduleTimer(this, deadline);
    }

    @Override
    public void endAbruptly() {
        abrupt = true;
    }

    @Override
    public void sessionClosed() {
        if (ending) {
            return;
        }
        ending = true;
        resumeReading();
        if (gone) {
            return;
        }
        transport.wantsPump(this);
    }

    @Override
    public void abort(Throwable cause) {
        if (gone) {
            return;
        }
        abrupt = true;
        ending = true;
        endSent = true;
        transport.reset(streamId, ErrorCode.CANCEL);
        connectionEnded(cause);
    }

    @Override
    public void internalFailure(RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "internal failure on " + this, e);
        abort(e);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return transport.connection().remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return transport.connection().localAddress();
    }

    @Override
    public boolean isSecure() {
        return transport.connection().isTls();
    }

    @Override
    public HttpVersion httpVersion() {
        return HttpVersion.HTTP_2;
    }

    @Override
    public String describe() {
        return "HTTP/2 stream " + streamId + " of connection " + transport.id() + (isSecure() ? " over TLS" : "");
    }

    // ---- timer ---------------------------------------------------------------------------------------------

    @Override
    protected void fire() {
        if (gone) {
            return;
        }
        long now = loop().now();
        if (closeDeadline != 0) {
            if (closeDeadline - now > 0) {
                loop().scheduleTimer(this, closeDeadline);
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: close timed out", this);
            if (session != null && !endSent) {
                session.closeTimedOut();
            }
            abort(null);
            return;
        }
        long idle = config().idleNanos();
        if (idle > 0 && session != null) {
            long due = lastReadAt + idle;
            if (due - now > 0) {
                loop().scheduleTimer(this, due);
            } else {
                session.idleTimedOut();
            }
        }
    }

    @Override
    public String toString() {
        return "HTTP/2 stream " + streamId + " of connection " + transport.id() + " with " + remoteAddress()
                + (ending ? ", ending" : "") + (paused ? ", reading paused" : "") + (gone ? ", gone" : "");
    }
}
