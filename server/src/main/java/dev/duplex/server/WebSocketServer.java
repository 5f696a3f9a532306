package dev.duplex.server;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.OriginPolicy;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.http2.Http2Config;
import dev.duplex.server.internal.ServerRuntime;
import dev.duplex.transport.EventLoopGroup;
import dev.duplex.transport.OverflowPolicy;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A WebSocket server (RFC 6455): listens on a TCP port (optionally with TLS), routes opening handshakes by
 * path to {@link WebSocketHandler}s, applies the origin policy, and runs every connection on an event loop.
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *         .port(8080)
 *         .route("/echo", WebSocketHandler.of(new WebSocketListener() {
 *             public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *         }))
 *         .build()
 *         .start();
 * }</pre>
 * <h2>Requests</h2>
 * A WebSocket handshake for a route is validated (section 4.2.1: 400, 405 or 426 when invalid), checked
 * against the origin policy (403), then offered to the route's {@link WebSocketHandler#onHandshake} hook,
 * which may refuse it with any status. A request for an unknown path gets 404. A plain HTTP request (no
 * {@code Upgrade}) gets the route's {@link HttpResource} if there is one, 426 on a WebSocket route, else 404.
 * Every non-101 response closes the connection.
 * <h2>Shutdown</h2>
 * {@link #stop(Duration)} stops accepting, sends every open connection a close frame with 1001 (going away),
 * waits for them to close up to the grace period, then drops what is left.
 */
public final class WebSocketServer implements AutoCloseable {
    private final ServerConfig config;
    private final ServerRuntime runtime;

    private WebSocketServer(ServerConfig config) {
        this.config = config;
        this.runtime = new ServerRuntime(config);
    }

    /**
     * The HTTP/2 settings a server uses unless told otherwise: extended CONNECT on (RFC 8441 section 3), 100
     * concurrent streams, 1 MiB stream and 16 MiB connection receive windows (one busy WebSocket cannot take
     * the whole connection; a slow one holds back only its own stream), 16 KiB header lists.
     */
    static Http2Config defaultHttp2() {
        return Http2Config.builder().enableConnectProtocol(true).build();
    }

    /** A builder with safe defaults: port 8080 on every interface, no TLS, same-origin policy, HTTP/2 on. */
    public static Builder builder() {
        return new Builder();
    }

    /** A server with these settings, not yet started. */
    public static WebSocketServer create(ServerConfig config) {
        return new WebSocketServer(Objects.requireNonNull(config, "config"));
    }

    /**
     * Binds the port and starts accepting connections.
     *
     * @return this server
     * @throws IOException           if the address cannot be bound
     * @throws IllegalStateException if already started
     */
    public WebSocketServer start() throws IOException {
        runtime.start();
        return this;
    }

    /**
     * The port listened on (the actual one when configured with 0).
     *
     * @throws IllegalStateException if the server was not started
     */
    public int port() {
        return runtime.address().getPort();
    }

    /**
     * The address listened on.
     *
     * @throws IllegalStateException if the server was not started
     */
    public InetSocketAddress address() {
        return runtime.address();
    }

    /** The TCP connections currently open, including those still in their opening handshake. */
    public int connectionCount() {
        return runtime.connectionCount();
    }

    /** A snapshot of the open WebSocket connections (handshake done, not yet closed). */
    public List<WebSocket> webSockets() {
        return runtime.webSockets();
    }

    /**
     * Stops the server: stops accepting, closes every open connection with 1001 (going away, RFC 6455 section
     * 7.4.1), waits up to {@code grace} for the close handshakes, then closes the remaining connections at
     * once, and stops the event loops the server created. Blocks until done. Idempotent.
     *
     * @throws IllegalStateException if called on one of the server's event-loop threads (it would deadlock)
     */
    public void stop(Duration grace) {
        runtime.stop(Objects.requireNonNull(grace, "grace"));
    }

    /** {@link #stop(Duration) Stops} with the close timeout as grace period. */
    @Override
    public void close() {
        stop(config.closeTimeout());
    }

    public ServerConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "WebSocketServer[" + runtime + "]";
    }

    /** Builds a {@link WebSocketServer}; every setting has a default. Not thread-safe. */
    public static final class Builder {
        private InetSocketAddress bindAddress = new InetSocketAddress(8080);
        private SSLContext sslContext;
        private Http2Config http2 = WebSocketServer.defaultHttp2();
        private EngineConfig engine = EngineConfig.defaults();
        private OriginPolicy originPolicy = OriginPolicy.sameOrigin();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private int maxConnections = 1_000_000;
        private long maxBufferedBytes = 16L * 1024 * 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.CLOSE;
        private HeadLimits headLimits = HeadLimits.defaults();
        private int eventLoops = Runtime.getRuntime().availableProcessors();
        private EventLoopGroup sharedEventLoops;
        private final Map<String, WebSocketHandler> routes = new LinkedHashMap<>();
        private final Map<String, HttpResource> httpRoutes = new LinkedHashMap<>();
        private List<ExtensionFactory> extensions = List.of();
        private Set<ProtocolVersion> protocolVersions = ProtocolVersion.standardOnly();

        private Builder() {
        }

        /** Listens on {@code address} (default: every interface, port 8080). */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Listens on {@code host} (a name or literal address), keeping the port. */
        public Builder host(String host) {
            this.bindAddress = new InetSocketAddress(host, bindAddress.getPort());
            return this;
        }

        /** Listens on {@code port}, keeping the host; 0 picks a free port, see {@link WebSocketServer#port()}. */
        public Builder port(int port) {
            this.bindAddress = bindAddress.getAddress() == null || bindAddress.getAddress().isAnyLocalAddress()
                    ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress.getAddress(), port);
            return this;
        }

        /** Serves {@code wss} with this context (TLS 1.3 and 1.2 only). */
        public Builder tls(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        public Builder engineConfig(EngineConfig config) {
            this.engine = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Extensions to accept when a client offers them, in order of preference (RFC 6455 section 9.1), for
         * example {@code PerMessageDeflate.defaults()}. Default: none.
         */
        public Builder extensions(ExtensionFactory... factories) {
            this.extensions = List.of(factories);
            return this;
        }

        /**
         * The protocol versions to serve besides RFC 6455, which is always served: any of hybi-08, hybi-07
         * (RFC 6455 framing, an older handshake), hixie-76 and hixie-75 (text-only framing without masking), for
         * old clients and embedded devices; {@link ProtocolVersion#all()} enables every one. The version of each
         * request is detected from its head. Default: RFC 6455 only, since the legacy versions are weak (see
         * {@link ProtocolVersion}); requests for them are then refused with 426 (hybi) or 400 (hixie).
         */
        public Builder protocolVersions(Set<ProtocolVersion> versions) {
            this.protocolVersions = Set.copyOf(versions);
            return this;
        }

        /** Default: {@link OriginPolicy#sameOrigin()}. */
        public Builder originPolicy(OriginPolicy policy) {
            this.originPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The deadline for the whole opening handshake (TLS included), from the TCP accept; bytes arriving do not
         * extend it (slowloris). A connection still in its handshake then is closed without an answer. Default: 10 s.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Close with 1001 after this long without reading anything. Default: zero (off). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * How long to wait for the peer's close frame after ours, then for its TCP close; the socket is closed when it
         * passes. Default: 5 s.
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * The most TCP connections at once, handshakes included, counted from the accept; more are answered 503 and
         * closed. Default: 1,000,000.
         */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /**
         * The outgoing-buffer limit of each connection: data sends made while more is waiting follow the
         * {@link #overflowPolicy}, and the connection stops reading from its peer while more than this is encoded and
         * waiting to be written (pongs and replies to a peer that does not read stay bounded). Default: 16 MiB.
         */
        public Builder maxBufferedBytes(long bytes) {
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** Default: {@link OverflowPolicy#CLOSE}. */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = policy;
            return this;
        }

        /** Limits of the request head: longer request line 414, longer header line, larger head or more lines 431. */
        public Builder headLimits(HeadLimits limits) {
            this.headLimits = limits;
            return this;
        }

        /** Number of event-loop threads to create (default: available processors). */
        public Builder eventLoops(int threads) {
            this.eventLoops = threads;
            return this;
        }

        /** Runs on an existing group instead of creating threads; the server does not close it. */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.sharedEventLoops = group;
            return this;
        }

        /**
         * Serves WebSocket connections at {@code path} (exact match of the request path, without the query).
         *
         * @throws IllegalArgumentException if the path is taken or does not start with "/"
         */
        public Builder route(String path, WebSocketHandler handler) {
            ServerConfig.checkPath(path);
            Objects.requireNonNull(handler, "handler");
            if (routes.containsKey(path) || httpRoutes.containsKey(path)) {
                throw new IllegalArgumentException("a route for " + path + " already exists");
            }
            routes.put(path, handler);
            return this;
        }

        /** Serves WebSocket connections at {@code path}, accepting every handshake (see {@link WebSocketHandler#of}). */
        public Builder route(String path, WebSocketListener listener) {
            return route(path, listener instanceof WebSocketHandler h ? h : WebSocketHandler.of(listener));
        }

        /**
         * Speaks HTTP/2 too (on by default): over TLS when the client chooses {@code h2} by ALPN (RFC 7301), in
         * cleartext when it starts with the HTTP/2 connection preface (prior knowledge, RFC 9113 section 3.3), on
         * the same port as HTTP/1.1. WebSockets then also open as streams of an HTTP/2 connection (RFC 8441), as
         * browsers do when they already hold one to the origin; the page routes answer over HTTP/2 too.
         */
        public Builder http2(boolean enabled) {
            this.http2 = enabled ? WebSocketServer.defaultHttp2() : null;
            return this;
        }

        /** Speaks HTTP/2 with these settings (stream and connection windows, concurrent streams, flood limits). */
        public Builder http2(Http2Config config) {
            this.http2 = config == null ? null : config.toBuilder().enableConnectProtocol(true).build();
            return this;
        }

        /**
         * Answers plain HTTP {@code GET} and {@code HEAD} requests for {@code path} with a fixed body.
         *
         * @throws IllegalArgumentException if the path is taken or does not start with "/"
         */
        public Builder httpRoute(String path, String contentType, byte[] body) {
            ServerConfig.checkPath(path);
            if (routes.containsKey(path) || httpRoutes.containsKey(path)) {
                throw new IllegalArgumentException("a route for " + path + " already exists");
            }
            httpRoutes.put(path, new HttpResource(contentType, body));
            return this;
        }

        /** The configuration built so far. */
        public ServerConfig config() {
            return new ServerConfig(bindAddress, sslContext, engine, originPolicy, handshakeTimeout, idleTimeout,
                    closeTimeout, maxConnections, maxBufferedBytes, overflowPolicy, headLimits, eventLoops,
                    sharedEventLoops, routes, httpRoutes, extensions, protocolVersions, http2);
        }

        /** A server with these settings, not yet started. */
        public WebSocketServer build() {
            return new WebSocketServer(config());
        }
    }
}
