package dev.duplex.client.internal;

import dev.duplex.client.ClientConfig;
import dev.duplex.client.ConnectOptions;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import dev.duplex.transport.internal.Connection;
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

    public ClientRuntime(ClientConfig config) {
        this.config = config;
        this.connectionConfig = new ConnectionConfig(config.engine(), config.handshakeTimeout(),
                config.idleTimeout(), config.closeTimeout(), config.maxBufferedBytes(), config.overflowPolicy());
        this.ownsGroup = config.sharedEventLoops() == null;
        this.group = ownsGroup ? new LoopGroup(config.eventLoops(), "duplex-client", true)
                : (LoopGroup) config.sharedEventLoops();
    }

    public CompletableFuture<WebSocket> connect(URI uri, ConnectOptions options, WebSocketListener listener) {
        URI target = normalize(uri);
        boolean secure = target.getScheme().equals("wss");
        ProtocolVersion version = options.protocolVersion();
        ClientHandshake handshake = ClientHandshake.forVersion(version, target, options.subprotocols(),
                options.headers(), version.usesHixieFraming() ? null : ExtensionNegotiation.offer(config.extensions()),
                random);
        String host = target.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = target.getPort() >= 0 ? target.getPort() : secure ? 443 : 80;
        CompletableFuture<WebSocket> result = new CompletableFuture<>();
        SSLEngine ssl;
        try {
            ssl = secure ? Tls.clientEngine(tls(), host, port) : null;
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new UnknownHostException(host));
        }
        EventLoop loop = group.next();
        ClientUpgrade upgrade = new ClientUpgrade(handshake, config.headLimits(),
                version.usesHixieFraming() ? List.of() : config.extensions(), listener, result);
        long connectNanos = config.connectTimeout().toNanos();
        try {
            loop.execute(() -> {
                Connection c = Connection.connect(loop, address, options.localAddress(), ssl, connectionConfig,
                        connectNanos, upgrade, tracker);
                if (c != null && !c.isClosed()) {
                    connections.add(c);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the client is closed", e));
        }
        LOG.log(System.Logger.Level.DEBUG, "connecting to {0}", target);
        return result;
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
        return ws != null && !ws.isOpen() && !c.isClosed();
    }
}
