package dev.duplex.client.internal;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.Http2Config;
import dev.duplex.http2.Settings;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.transport.WebSocketClosedException;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.EventLoop;
import dev.duplex.transport.internal.Tls;
import dev.duplex.transport.internal.UpgradeHandler;
import dev.duplex.transport.internal.http2.Http2Transport;
import dev.duplex.transport.internal.http2.StreamHandler;

import javax.net.ssl.SSLEngine;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one HTTP/2 connection of an origin, from its TCP connect to its close, and the WebSockets waiting for it.
 * <p>{@code NEW} → {@code CONNECTING} (TCP, then TLS with ALPN: {@code h2} switches the connection to HTTP/2; a
 * server that chooses HTTP/1.1 gets the first waiting WebSocket as an ordinary upgrade on this very connection)
 * → {@code AWAITING_SETTINGS} (a client may send an extended CONNECT only once the server's SETTINGS allowed
 * it, RFC 8441 section 3) → {@code READY} (each WebSocket an extended CONNECT on a new stream) → {@code CLOSED}.
 * A server whose SETTINGS do not allow extended CONNECT gets its WebSockets over HTTP/1.1. Loop thread only,
 * except {@link #offer}.
 */
final class OriginConnection implements UpgradeHandler, StreamHandler {
    private static final System.Logger LOG = ClientRuntime.LOG;
    /** A client's HTTP/2 settings: no extended CONNECT setting of its own (it is the server's to send). */
    private static final Http2Config CLIENT_HTTP2 = Http2Config.builder().build();

    private enum State { NEW, CONNECTING, AWAITING_SETTINGS, READY, CLOSED }

    private final Http2Origins origins;
    private final ClientRuntime runtime;
    private final String key;
    private final Target target;
    private final ConnectOptions options;
    private final EventLoop loop;
    private final ArrayDeque<StreamUpgrade.Request> waiting = new ArrayDeque<>();
    private volatile boolean closed;
    private State state = State.NEW;
    private Http2Transport transport;

    OriginConnection(Http2Origins origins, ClientRuntime runtime, String key, Target target, ConnectOptions options,
                     EventLoop loop) {
        this.origins = origins;
        this.runtime = runtime;
        this.key = key;
        this.target = target;
        this.options = options;
        this.loop = loop;
    }

    String key() {
        return key;
    }

    /** Queues a WebSocket for this origin (any thread); false when this connection is closed already. */
    boolean offer(StreamUpgrade.Request request) {
        if (closed) {
            return false;
        }
        try {
            loop.execute(() -> onLoop(request));
        } catch (RejectedExecutionException e) {
            request.fail(new IllegalStateException("the client is closed", e));
        }
        return true;
    }

    private void onLoop(StreamUpgrade.Request request) {
        switch (state) {
            case NEW -> {
                waiting.add(request);
                connect();
            }
            case CONNECTING, AWAITING_SETTINGS -> waiting.add(request);
            case READY -> openStream(request);
            case CLOSED -> runtime.connect(request); // closed meanwhile: a new connection
        }
    }

    private void connect() {
        state = State.CONNECTING;
        SSLEngine ssl = null;
        if (target.secure()) {
            try {
                ssl = Tls.clientEngine(runtime.tlsContext(), target.host(), target.port(),
                        options.http2() == Http2Policy.PRIOR_KNOWLEDGE ? List.of("h2") : List.of("h2", "http/1.1"));
            } catch (NoSuchAlgorithmException | RuntimeException e) {
                failAll(e);
                return;
            }
        }
        runtime.open(loop, target, options, ssl, this, new CompletableFuture<>());
    }

    // ---- the opening phase of the TCP connection ---------------------------------------------------------

    @Override
    public void onConnected(Connection connection) {
        if (!connection.isTls()) {
            startHttp2(connection); // prior knowledge (RFC 9113 section 3.3)
        }
    }

    @Override
    public void onSecured(Connection connection) {
        if ("h2".equals(connection.applicationProtocol())) {
            startHttp2(connection);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} chose {1} by ALPN, not h2: WebSockets to it go over HTTP/1.1",
                target.origin(), connection.applicationProtocol());
        StreamUpgrade.Request first = waiting.poll();
        goHttp1();
        if (first != null) {
            runtime.connectHttp1(first.target(), first.options(), first.listener(), first.result(), connection);
        } else {
            connection.abort(null);
        }
    }

    @Override
    public void onRead(Connection connection, ByteBuffer in) {
        in.position(in.limit()); // nothing is read before the switch to HTTP/2 or the hand-over
    }

    @Override
    public void onFailed(Connection connection, Throwable cause) {
        close();
        failAll(cause);
    }

    private void startHttp2(Connection connection) {
        transport = new Http2Transport(connection, CLIENT_HTTP2, this);
        connection.switchTo(transport);
        transport.start();
        state = State.AWAITING_SETTINGS;
    }

    // ---- HTTP/2 ------------------------------------------------------------------------------------------

    @Override
    public void onRequest(Http2Transport transport, int streamId, List<HeaderField> headers, boolean endStream) {
        transport.reset(streamId, ErrorCode.PROTOCOL_ERROR); // a server does not open streams (no push here)
    }

    @Override
    public void onSettings(Http2Transport transport, Settings remote) {
        if (state != State.AWAITING_SETTINGS) {
            return;
        }
        if (!remote.enableConnectProtocol()) {
            LOG.log(System.Logger.Level.DEBUG, "{0} speaks HTTP/2 without extended CONNECT (RFC 8441 section 3): "
                    + "WebSockets to it go over HTTP/1.1", target.origin());
            goHttp1();
            transport.goAway(ErrorCode.NO_ERROR, "no extended CONNECT");
            return;
        }
        state = State.READY;
        LOG.log(System.Logger.Level.DEBUG, "HTTP/2 connection {0} to {1} ready for WebSockets", transport.id(),
                target.origin());
        StreamUpgrade.Request r;
        while ((r = waiting.poll()) != null) {
            openStream(r);
        }
    }

    /** The server is going away: the next WebSocket to this origin opens a new connection. */
    @Override
    public void onGoAway(Http2Transport transport) {
        close();
        StreamUpgrade.Request r;
        while ((r = waiting.poll()) != null) {
            runtime.connect(r);
        }
    }

    @Override
    public void onClosed(Http2Transport transport) {
        close();
        failAll(new WebSocketClosedException("the HTTP/2 connection closed before the WebSocket opened"));
    }

    private void openStream(StreamUpgrade.Request request) {
        try {
            new StreamUpgrade(request, runtime.config()).start(transport);
        } catch (IllegalStateException refused) {
            // The server's stream limit, or its GOAWAY: this one goes over HTTP/1.1.
            LOG.log(System.Logger.Level.DEBUG, "no new stream on HTTP/2 connection {0} ({1}): HTTP/1.1 instead",
                    transport.id(), refused.getMessage());
            runtime.connectHttp1(request.target(), request.options(), request.listener(), request.result(), null);
        }
    }

    /** The origin does not do WebSockets over HTTP/2: the waiting ones and later ones go over HTTP/1.1. */
    private void goHttp1() {
        closed = true;
        state = State.CLOSED;
        origins.http1Only(this);
        StreamUpgrade.Request r;
        while ((r = waiting.poll()) != null) {
            runtime.connectHttp1(r.target(), r.options(), r.listener(), r.result(), null);
        }
    }

    private void close() {
        closed = true;
        state = State.CLOSED;
        origins.closed(this);
    }

    private void failAll(Throwable cause) {
        StreamUpgrade.Request r;
        while ((r = waiting.poll()) != null) {
            r.fail(cause);
        }
    }

    @Override
    public String toString() {
        return "OriginConnection[" + key + ", " + state + ", waiting=" + waiting.size()
                + (transport != null ? ", " + transport : "") + "]";
    }
}
