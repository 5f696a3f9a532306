package dev.duplex.client.internal;

import dev.duplex.client.ClientConfig;
import dev.duplex.client.ConnectOptions;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.UpgradeHandler;
import dev.duplex.transport.internal.http2.Http2Transport;
import dev.duplex.transport.internal.ConnectionConfig;
import dev.duplex.transport.internal.ConnectionOwner;
import dev.duplex.transport.internal.EventLoop;
import dev.duplex.transport.internal.LoopGroup;
import dev.duplex.transport.internal.Tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/** Opens client connections on the client's event loops. */
public final class ClientRuntime {
    static final System.Logger LOG = System.getLogger("dev.duplex.client");

    private final ClientConfig config;
    private final ConnectionConfig connectionConfig;
    private final LoopGroup group;
    private final boolean ownsGroup;
    private final SecureRandom random = new SecureRandom();
    private volatile SSLContext defaultTls;
    /** Every connection until its socket is closed, so that {@link #close()} can let closing ones finish. */
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionOwner tracker = connections::remove;
    private final Http2Origins origins = new Http2Origins(this);

    public ClientRuntime(ClientConfig config) {
        this.config = config;
        this.connectionConfig = new ConnectionConfig(config.engine(), config.handshakeTimeout(),
                config.idleTimeout(), config.closeTimeout(), config.maxBufferedBytes(), config.overflowPolicy());
        this.ownsGroup = config.sharedEventLoops() == null;
        this.group = ownsGroup ? new LoopGroup(config.eventLoops(), "duplex-client", true)
                : (LoopGroup) config.sharedEventLoops();
    }

    public CompletableFuture<WebSocket> connect(URI uri, ConnectOptions options, WebSocketListener listener) {
        Target target;
        try {
            target = Target.of(normalize(uri));
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<WebSocket> result = new CompletableFuture<>();
        boolean http2 = switch (options.http2()) {
            case NEVER -> false;
            case IF_OFFERED -> target.secure();
            case PRIOR_KNOWLEDGE -> true;
        };
        if (http2) {
            StreamUpgrade.checkRequest(target, options); // an invalid URI or option fails here, not later
            origins.connect(target, options, listener, result);
        } else {
            openHttp1(target, options, upgrade(target, options, listener, result), result);
        }
        LOG.log(System.Logger.Level.DEBUG, "connecting to {0}{1}", target.uri(), http2 ? " (HTTP/2 if allowed)" : "");
        return result;
    }

    /**
     * Opens {@code target} with an HTTP/1.1 upgrade (RFC 6455 section 4.1) on a new connection, or on
     * {@code handedOver}, a TLS connection made for HTTP/2 whose server chose HTTP/1.1 by ALPN (loop thread).
     * Failures go to {@code result}.
     */
    void connectHttp1(Target target, ConnectOptions options, WebSocketListener listener,
                      CompletableFuture<WebSocket> result, Connection handedOver) {
        ClientUpgrade upgrade;
        try {
            upgrade = upgrade(target, options, listener, result);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            if (handedOver != null) {
                handedOver.abort(e);
            }
            return;
        }
        if (handedOver != null) {
            handedOver.handOver(upgrade);
        } else {
            openHttp1(target, options, upgrade, result);
        }
    }

    /**
     * The HTTP/1.1 opening handshake of {@code target}.
     *
     * @throws IllegalArgumentException when the URI or the options cannot make a valid request
     */
    private ClientUpgrade upgrade(Target target, ConnectOptions options, WebSocketListener listener,
                                  CompletableFuture<WebSocket> result) {
        ProtocolVersion version = options.protocolVersion();
        ClientHandshake handshake = ClientHandshake.forVersion(version, target.uri(), options.subprotocols(),
                options.headers(), version.usesHixieFraming() ? null : ExtensionNegotiation.offer(config.extensions()),
                random);
        return new ClientUpgrade(handshake, config.headLimits(),
                version.usesHixieFraming() ? List.of() : config.extensions(), listener, result);
    }

    private void openHttp1(Target target, ConnectOptions options, ClientUpgrade upgrade,
                           CompletableFuture<WebSocket> result) {
        SSLEngine ssl;
        try {
            ssl = target.secure() ? Tls.clientEngine(tls(), target.host(), target.port()) : null;
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        open(target, options, ssl, upgrade, result);
    }

    /** Starts a TCP connection to {@code target} whose opening phase is {@code upgrade}. */
    void open(Target target, ConnectOptions options, SSLEngine ssl, UpgradeHandler upgrade,
              CompletableFuture<?> result) {
        open(group.next(), target, options, ssl, upgrade, result);
    }

    void open(EventLoop loop, Target target, ConnectOptions options, SSLEngine ssl, UpgradeHandler upgrade,
              CompletableFuture<?> result) {
        long connectNanos = config.connectTimeout().toNanos();
        Runnable start = () -> {
            Connection c = Connection.connect(loop, target.address(), options.localAddress(), ssl, connectionConfig,
                    connectNanos, upgrade, tracker);
            if (c != null && !c.isClosed()) {
                connections.add(c);
            }
        };
        if (loop.inLoop()) {
            start.run();
            return;
        }
        try {
            loop.execute(start);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the client is closed", e));
        }
    }

    /** A WebSocket whose HTTP/2 connection closed before it could open: start over. */
    void connect(StreamUpgrade.Request r) {
        origins.connect(r.target(), r.options(), r.listener(), r.result());
    }

    ClientConfig config() {
        return config;
    }

    LoopGroup group() {
        return group;
    }

    SSLContext tlsContext() throws NoSuchAlgorithmException {
        return tls();
    }

    private SSLContext tls() throws NoSuchAlgorithmException {
        if (config.sslContext() != null) {
            return config.sslContext();
        }
        SSLContext ctx = defaultTls;
        if (ctx == null) {
            ctx = SSLContext.getDefault();
            defaultTls = ctx;
        }
        return ctx;
    }

    /** {@code http(s)} becomes {@code ws(s)} (the scheme is case-insensitive, RFC 3986 section 3.1). */
    static URI normalize(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String mapped = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> throw new IllegalArgumentException("not a ws://, wss://, http:// or https:// URI: " + uri);
        };
        if (uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException("a WebSocket URI needs a host (RFC 6455 section 3): " + uri);
        }
        try {
            return new URI(mapped + uri.toString().substring(uri.getScheme().length()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URI " + uri, e);
        }
    }

    /**
     * Stops the client's own event loops. Connections whose close handshake is done but whose server has not
     * closed TCP yet get up to the close timeout to do so first (RFC 6455 section 7.1.1: the server closes
     * first); open connections are dropped.
     */
    public void close() {
        long deadline = System.nanoTime() + config.closeTimeout().toNanos();
        while (System.nanoTime() < deadline && connections.stream().anyMatch(ClientRuntime::closing)) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownsGroup) {
            group.close();
        }
    }

    private static boolean closing(Connection c) {
        WebSocket ws = c.webSocket();
        if (c.protocol() instanceof Http2Transport h2) {
            return !c.isClosed() && h2.activeStreams() > 0 && h2.webSockets().isEmpty();
        }
        return ws != null && !ws.isOpen() && !c.isClosed();
    }
}
