package dev.duplex.transport.internal.http2;

import dev.duplex.engine.Role;
import dev.duplex.engine.extension.Extension;
import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.Http2Config;
import dev.duplex.http2.Http2Connection;
import dev.duplex.http2.Http2Event;
import dev.duplex.http2.Http2Listener;
import dev.duplex.http2.Http2Role;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.ConnectionProtocol;
import dev.duplex.transport.internal.LoopTimer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/2 on one TCP {@link Connection}: the {@link ConnectionProtocol} that feeds the sans-I/O
 * {@link Http2Connection} and routes its events to the streams ({@link TransportStream}): WebSockets (RFC 8441),
 * response bodies, and a client's requests waiting for their responses. New requests go to the
 * {@link StreamHandler} (the server's routing). Loop thread only.
 *
 * <h2>Output</h2>
 * The engine writes its frames straight into the TCP connection's output. Streams with bytes to send ask for a
 * {@link #wantsPump pump}; pumping moves their bytes into DATA frames as far as the windows allow. A stream the
 * windows stop waits in {@code blocked} until a WINDOW_UPDATE; while the connection's own output holds more than
 * {@code maxBufferedBytes}, no stream is pumped, so bytes wait in their stream (where each WebSocket's
 * {@code bufferedAmount} and overflow policy see them) rather than in the shared connection.
 */
public final class Http2Transport implements ConnectionProtocol, Http2Listener {
    private static final System.Logger LOG = System.getLogger("dev.duplex.transport");
    private static final AtomicLong IDS = new AtomicLong();

    private final Connection connection;
    private final Http2Connection engine;
    private final StreamHandler handler;
    private final long id = IDS.incrementAndGet();
    /** Streams by id; concurrent only so that {@link #webSockets()} can take a snapshot from any thread. */
    private final Map<Integer, TransportStream> streams = new ConcurrentHashMap<>();
    /** Streams waiting for window or for room in the connection's output, in the order they started waiting. */
    private final LinkedHashSet<TransportStream> blocked = new LinkedHashSet<>();
    private boolean ended;
    /** Until the peer's first SETTINGS: the opening deadline (the handshake timeout), then null. */
    private LoopTimer opening;
    /** A GOAWAY was sent or received: the TCP connection closes once the last stream is gone. */
    private boolean goingAway;

    /**
     * HTTP/2 on {@code connection}, which must have ended its opening phase with
     * {@link Connection#switchTo}; writes the connection preface (a client) and our SETTINGS at once.
     */
    public Http2Transport(Connection connection, Http2Config config, StreamHandler handler) {
        this.connection = connection;
        this.handler = handler;
        Http2Role role = connection.role() == Role.SERVER ? Http2Role.SERVER : Http2Role.CLIENT;
        this.engine = new Http2Connection(role, config, connection.output()::writable, this);
    }

    /** Starts the connection: the preface (a client) and SETTINGS. Call once it carries this protocol. */
    public void start() {
        engine.start();
        connection.outputMayHaveGrown();
        // The connection left its opening phase when HTTP/2 was recognised; the preface and the peer's SETTINGS
        // (RFC 9113 section 3.4) must still arrive within the handshake timeout, or a peer could hold the
        // connection with a few bytes of preface.
        opening = connection.loop().schedule(connection.config().handshakeNanos(), () -> {
            if (opening != null && !connection.isClosed()) {
                LOG.log(System.Logger.Level.INFO, "HTTP/2 connection {0} with {1}: no preface and SETTINGS within "
                        + "the handshake timeout, closing", id, connection.remoteAddress());
                connection.abort(new java.net.SocketTimeoutException("HTTP/2 preface and SETTINGS timed out"));
            }
        });
    }

    /** A number for logs: "HTTP/2 stream 3 of connection 7". */
    public long id() {
        return id;
    }

    public Connection connection() {
        return connection;
    }

    Http2Connection engine() {
        return engine;
    }

    /** The sans-I/O engine (its remote SETTINGS, stream count, state). */
    public Http2Connection http2() {
        return engine;
    }

    public int activeStreams() {
        return streams.size();
    }

    /** The open WebSockets on this connection's streams (any thread; a snapshot). */
    public List<WebSocket> webSockets() {
        List<WebSocket> list = new ArrayList<>();
        for (TransportStream s : streams.values()) {
            if (s instanceof WebSocketStream w && w.session() != null && w.session().isOpen()) {
                list.add(w.session());
            }
        }
        return list;
    }

    // ---- for the server and the client ----------------------------------------------------------------

    /** Answers a request with {@code status} and a body (empty: none); HEAD requests pass an empty body. */
    public void respond(int streamId, List<HeaderField> headers, ByteBuffer body) {
        if (ended) {
            return;
        }
        boolean noBody = !body.hasRemaining();
        engine.sendHeaders(streamId, headers, noBody);
        if (!noBody) {
            BodyStream s = new BodyStream(this, streamId, body);
            streams.put(streamId, s);
            wantsPump(s);
        }
        connection.outputMayHaveGrown();
    }

    /**
     * Answers an extended CONNECT with {@code headers} (a 2xx {@code :status}; RFC 8441 section 5) and opens
     * the WebSocket on its stream. DATA already received for it is not lost: none can arrive before the answer
     * in this single-threaded handling.
     */
    public WebSocket acceptWebSocket(int streamId, List<HeaderField> headers, WebSocketListener listener,
                                     String subprotocol, String extensions, Object attachment,
                                     List<Extension> agreed) {
        engine.sendHeaders(streamId, headers, false);
        connection.outputMayHaveGrown();
        return openWebSocket(streamId, listener, subprotocol, extensions, attachment, agreed);
    }

    /** Opens the WebSocket of a stream whose extended CONNECT got a 2xx answer (a client, RFC 8441 section 5). */
    public WebSocket openWebSocket(int streamId, WebSocketListener listener, String subprotocol, String extensions,
                                   Object attachment, List<Extension> agreed) {
        WebSocketStream s = new WebSocketStream(this, streamId);
        streams.put(streamId, s);
        LOG.log(System.Logger.Level.DEBUG, "{0}: WebSocket open", s);
        return s.open(listener, subprotocol, extensions, attachment, agreed);
    }

    /** A client's request: opens a stream with {@code headers}; the response goes to {@code responses}. */
    public int request(List<HeaderField> headers, ResponseHandler responses) {
        int streamId = engine.openStream(headers, false);
        streams.put(streamId, new PendingRequest(this, streamId, responses));
        connection.outputMayHaveGrown();
        return streamId;
    }

    /** Resets a stream (RFC 9113 section 6.4). */
    public void reset(int streamId, ErrorCode code) {
        if (!ended && !engine.isClosed()) {
            engine.resetStream(streamId, code);
            connection.outputMayHaveGrown();
        }
    }

    /** Sends GOAWAY (no new streams; RFC 9113 section 6.8) and closes the TCP connection once no stream is left. */
    public void goAway(ErrorCode code, String debug) {
        goingAway = true;
        if (!ended && !engine.isClosed()) {
            engine.goAway(code, debug);
            connection.outputMayHaveGrown();
        }
        if (streams.isEmpty()) {
            connection.sessionClosed();
        }
    }

    void consumed(int streamId, int bytes) {
        if (!ended && bytes > 0) {
            engine.consumed(streamId, bytes);
            connection.outputMayHaveGrown();
        }
    }

    /** {@code stream} has bytes to send: pump it now, or once the connection's output has room. */
    void wantsPump(TransportStream stream) {
        if (ended) {
            return;
        }
        if (outputFull() || !stream.pump()) {
            blocked.add(stream);
        }
    }

    private boolean outputFull() {
        return connection.output().pending() > connection.config().maxBufferedBytes();
    }

    private void pumpBlocked() {
        for (int n = blocked.size(); n > 0 && !outputFull(); n--) {
            TransportStream s = blocked.removeFirst();
            if (!s.pump()) {
                blocked.add(s);
            }
        }
    }

    void forget(TransportStream stream) {
        streams.remove(stream.streamId(), stream);
        blocked.remove(stream);
    }

    // ---- ConnectionProtocol ------------------------------------------------------------------------------

    @Override
    public void receive(ByteBuffer in) {
        try {
            engine.receive(in);
        } catch (RuntimeException e) {
            connection.internalFailure(e);
            return;
        }
        connection.outputMayHaveGrown();
        // Read backpressure for the whole connection: what the engine answers by itself (PING and SETTINGS
        // acknowledgements, refusals, responses) stays bounded when the peer sends without reading.
        connection.pauseIfOverLimit();
    }

    @Override
    public void flushed(long pending) {
        connection.resumeIfDrained(pending);
        if (!blocked.isEmpty()) {
            pumpBlocked();
        }
    }

    @Override
    public void transportEnded(Throwable cause) {
        endAll(cause != null ? cause : new IOException("the HTTP/2 connection was closed by the peer"));
    }

    @Override
    public void closeTimedOut() {
        endAll(new IOException("the HTTP/2 connection timed out while closing"));
    }

    @Override
    public void idleTimedOut() {
        if (streams.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection {0} idle, going away", id);
            goAway(ErrorCode.NO_ERROR, "idle");
        }
    }

    @Override
    public void connectionClosed() {
        endAll(new IOException("the HTTP/2 connection is closed"));
        handler.onClosed(this);
    }

    private void endAll(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        if (opening != null) {
            opening.cancel();
            opening = null;
        }
        for (TransportStream s : new ArrayList<>(streams.values())) {
            try {
                s.connectionEnded(cause);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "failure while ending " + s, e);
            }
        }
        streams.clear();
        blocked.clear();
    }

    // ---- engine events ------------------------------------------------------------------------------------

    @Override
    public void onEvent(Http2Event event) {
        switch (event) {
            case Http2Event.HeadersReceived e -> {
                TransportStream s = streams.get(e.streamId());
                if (s != null) {
                    s.onHeaders(e.headers(), e.endStream());
                } else if (connection.role() == Role.SERVER) {
                    handler.onRequest(this, e.streamId(), e.headers(), e.endStream());
                }
            }
            case Http2Event.DataReceived e -> {
                TransportStream s = streams.get(e.streamId());
                if (s != null) {
                    s.onData(e.data(), e.endStream(), e.flowControlled());
                } else {
                    e.data().position(e.data().limit());
                    consumed(e.streamId(), e.flowControlled());
                }
            }
            case Http2Event.StreamReset e -> {
                if (e.local()) {
                    LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection {0} with {1}: reset stream {2} for the "
                            + "peer''s error: {3}", id, connection.remoteAddress(), e.streamId(), e.code());
                }
                TransportStream s = streams.get(e.streamId());
                if (s != null) {
                    s.onReset(e.code(), e.local());
                }
            }
            case Http2Event.StreamClosed e -> {
                TransportStream s = streams.get(e.streamId());
                if (s != null) {
                    s.onClosed();
                    forget(s);
                }
                if (streams.isEmpty() && goingAway) {
                    connection.sessionClosed();
                }
            }
            case Http2Event.WindowUpdated e -> {
                if (e.streamId() == 0) {
                    pumpBlocked();
                } else {
                    TransportStream s = streams.get(e.streamId());
                    if (s != null && blocked.remove(s)) {
                        wantsPump(s);
                    }
                }
            }
            case Http2Event.SettingsReceived e -> {
                if (opening != null) {
                    opening.cancel();
                    opening = null;
                }
                handler.onSettings(this, e.remote());
            }
            case Http2Event.GoAwayReceived e -> {
                LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection {0}: GOAWAY {1} {2}", id, e.code(), e.debug());
                // The peer is going away (RFC 9113 section 6.8): the WebSockets it still carries close with 1001,
                // a clean close handshake on their streams before the connection ends (streams above its
                // last-stream-id were reset by it: 1006).
                goingAway = true;
                handler.onGoAway(this);
                for (WebSocket ws : webSockets()) {
                    ws.close(1001, "the peer is going away (HTTP/2 GOAWAY)");
                }
                if (streams.isEmpty()) {
                    connection.sessionClosed();
                }
            }
            case Http2Event.ConnectionFailed e -> {
                LOG.log(e.local() ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                        "HTTP/2 connection {0} with {1} failed ({2}): {3} {4}", id, connection.remoteAddress(),
                        e.local() ? "the peer's error" : "the peer said", e.code(), e.reason());
                endAll(new IOException("HTTP/2 connection error " + e.code() + ": " + e.reason()));
                connection.sessionClosed();
            }
            case Http2Event.SettingsAcknowledged e -> {
            }
            case Http2Event.PingReceived e -> {
            }
            case Http2Event.PingAcked e -> {
            }
        }
    }

    /** The value of the first field named {@code name}, or null. */
    public static String first(List<HeaderField> headers, String name) {
        for (HeaderField f : headers) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Http2Transport[" + id + ", " + connection.remoteAddress() + ", streams=" + streams.size()
                + ", blocked=" + blocked.size() + (ended ? ", ended" : "") + "]";
    }
}
