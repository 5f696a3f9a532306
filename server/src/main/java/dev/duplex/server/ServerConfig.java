package dev.duplex.server;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.OriginPolicy;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.http2.Http2Config;
import dev.duplex.transport.EventLoopGroup;
import dev.duplex.transport.OverflowPolicy;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings of a {@link WebSocketServer}, built with {@link WebSocketServer#builder()}.
 *
 * @param bindAddress      the address to listen on; port 0 picks a free port
 * @param sslContext       serves {@code wss} (TLS 1.3 and 1.2) when set; null for plain {@code ws}
 * @param engine           protocol limits (message and frame size, ...) of every connection
 * @param originPolicy     which {@code Origin}s may connect (RFC 6455 section 10.2); refused ones get 403
 * @param handshakeTimeout TLS and HTTP upgrade must finish within this time, or the connection is dropped
 * @param idleTimeout      close with 1001 after this long without reading anything; zero turns it off
 * @param closeTimeout     how long to wait for the client's close frame, and then for its TCP close
 * @param maxConnections   connections beyond this are answered 503 and closed
 * @param maxBufferedBytes outgoing-buffer limit per connection (see {@link OverflowPolicy}); a connection also stops
 *                         reading from its peer while more than this waits to be written
 * @param overflowPolicy   what happens to a data send over that limit
 * @param headLimits       limits of the request head (line length, header count and size)
 * @param eventLoops       number of event-loop threads the server creates (ignored with a shared group)
 * @param sharedEventLoops an event-loop group to run on instead of creating one; not closed by the server
 * @param routes           WebSocket endpoints by exact path
 * @param httpRoutes       plain HTTP resources by exact path
 * @param extensions       extensions the server accepts when offered (RFC 6455 section 9), such as
 *                         {@link dev.duplex.engine.extension.PerMessageDeflate}; empty for none (the default:
 *                         compression costs memory per connection)
 * @param protocolVersions the protocol versions served, always including {@link ProtocolVersion#RFC_6455}; the
 *                         legacy ones (hybi-07/08, hixie-76, hixie-75) only when enabled, since their frames are
 *                         not masked and the hixie handshakes are weak against cross-protocol attacks. A request
 *                         for a version not served gets 426 (hybi) or 400 (hixie)
 * @param http2            HTTP/2 settings when the server speaks HTTP/2 too (RFC 9113: ALPN {@code h2} over TLS,
 *                         prior knowledge in cleartext, on the same port as HTTP/1.1) and carries WebSockets on its
 *                         streams (RFC 8441); null for HTTP/1.1 only
 */
public record ServerConfig(InetSocketAddress bindAddress, SSLContext sslContext, EngineConfig engine,
                           OriginPolicy originPolicy, Duration handshakeTimeout, Duration idleTimeout,
                           Duration closeTimeout, int maxConnections, long maxBufferedBytes,
                           OverflowPolicy overflowPolicy, HeadLimits headLimits, int eventLoops,
                           EventLoopGroup sharedEventLoops, Map<String, WebSocketHandler> routes,
                           Map<String, HttpResource> httpRoutes, List<ExtensionFactory> extensions,
                           Set<ProtocolVersion> protocolVersions, Http2Config http2) {

    /** A configuration without HTTP/2. */
    public ServerConfig(InetSocketAddress bindAddress, SSLContext sslContext, EngineConfig engine,
                        OriginPolicy originPolicy, Duration handshakeTimeout, Duration idleTimeout,
                        Duration closeTimeout, int maxConnections, long maxBufferedBytes,
                        OverflowPolicy overflowPolicy, HeadLimits headLimits, int eventLoops,
                        EventLoopGroup sharedEventLoops, Map<String, WebSocketHandler> routes,
                        Map<String, HttpResource> httpRoutes, List<ExtensionFactory> extensions,
                        Set<ProtocolVersion> protocolVersions) {
        this(bindAddress, sslContext, engine, originPolicy, handshakeTimeout, idleTimeout, closeTimeout, maxConnections,
                maxBufferedBytes, overflowPolicy, headLimits, eventLoops, sharedEventLoops, routes, httpRoutes,
                extensions, protocolVersions, null);
    }

    /** A configuration serving RFC 6455 only. */
    public ServerConfig(InetSocketAddress bindAddress, SSLContext sslContext, EngineConfig engine,
                        OriginPolicy originPolicy, Duration handshakeTimeout, Duration idleTimeout,
                        Duration closeTimeout, int maxConnections, long maxBufferedBytes,
                        OverflowPolicy overflowPolicy, HeadLimits headLimits, int eventLoops,
                        EventLoopGroup sharedEventLoops, Map<String, WebSocketHandler> routes,
                        Map<String, HttpResource> httpRoutes, List<ExtensionFactory> extensions) {
        this(bindAddress, sslContext, engine, originPolicy, handshakeTimeout, idleTimeout, closeTimeout, maxConnections,
                maxBufferedBytes, overflowPolicy, headLimits, eventLoops, sharedEventLoops, routes, httpRoutes,
                extensions, ProtocolVersion.standardOnly(), null);
    }

    public ServerConfig {
        EnumSet<ProtocolVersion> versions = EnumSet.of(ProtocolVersion.RFC_6455);
        versions.addAll(protocolVersions == null ? Set.of() : protocolVersions);
        protocolVersions = Set.copyOf(versions);
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(originPolicy, "originPolicy");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(headLimits, "headLimits");
        positive(handshakeTimeout, "handshakeTimeout");
        positive(closeTimeout, "closeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + maxBufferedBytes);
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be positive, got " + eventLoops);
        }
        extensions = List.copyOf(extensions);
        routes = Map.copyOf(routes);
        httpRoutes = Map.copyOf(httpRoutes);
        for (String path : routes.keySet()) {
            checkPath(path);
            if (httpRoutes.containsKey(path)) {
                throw new IllegalArgumentException("path " + path + " is both a WebSocket and an HTTP route");
            }
        }
        httpRoutes.keySet().forEach(ServerConfig::checkPath);
    }

    static void checkPath(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a route path starts with / and has no query or fragment: " + path);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    @Override
    public String toString() {
        return "ServerConfig[" + bindAddress + (sslContext != null ? ", tls" : "") + ", routes=" + routes.keySet()
                + ", httpRoutes=" + httpRoutes.keySet() + ", handshakeTimeout=" + handshakeTimeout
                + ", idleTimeout=" + idleTimeout + ", closeTimeout=" + closeTimeout + ", maxConnections="
                + maxConnections + ", maxBufferedBytes=" + maxBufferedBytes + ", overflowPolicy=" + overflowPolicy
                + (extensions.isEmpty() ? "" : ", extensions=" + extensions)
                + (protocolVersions.size() == 1 ? "" : ", protocolVersions=" + EnumSet.copyOf(protocolVersions))
                + ", " + engine + "]";
    }
}
