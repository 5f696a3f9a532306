package dev.duplex.client;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.transport.EventLoopGroup;
import dev.duplex.transport.OverflowPolicy;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link WebSocketClient}, built with {@link WebSocketClient#builder()}.
 *
 * @param sslContext       for {@code wss}; null uses {@link SSLContext#getDefault()}. Host names are always
 *                         verified against the certificate, and SNI is sent
 * @param engine           protocol limits of every connection
 * @param connectTimeout   the TCP connection must be established within this time
 * @param handshakeTimeout TLS and HTTP upgrade must finish within this time once connected
 * @param idleTimeout      close with 1001 after this long without reading anything; zero turns it off
 * @param closeTimeout     how long to wait for the server's close frame, and then for its TCP close
 * @param maxBufferedBytes outgoing-buffer limit per connection (see {@link OverflowPolicy})
 * @param overflowPolicy   what happens to a data send over that limit
 * @param headLimits       limits of the response head
 * @param eventLoops       number of event-loop threads (daemon) the client creates; ignored with a shared group
 * @param sharedEventLoops an event-loop group to run on instead (for example a server's); not closed by the client
 * @param extensions       extensions to offer (RFC 6455 section 9), such as
 *                         {@link dev.duplex.engine.extension.PerMessageDeflate}; empty for none (the default)
 */
public record ClientConfig(SSLContext sslContext, EngineConfig engine, Duration connectTimeout,
                           Duration handshakeTimeout, Duration idleTimeout, Duration closeTimeout,
                           long maxBufferedBytes, OverflowPolicy overflowPolicy, HeadLimits headLimits,
                           int eventLoops, EventLoopGroup sharedEventLoops, List<ExtensionFactory> extensions) {

    public ClientConfig {
        Objects.requireNonNull(engine, "engine");
        extensions = List.copyOf(extensions);
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(headLimits, "headLimits");
        positive(connectTimeout, "connectTimeout");
        positive(handshakeTimeout, "handshakeTimeout");
        positive(closeTimeout, "closeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + maxBufferedBytes);
        }
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be positive, got " + eventLoops);
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
        return "ClientConfig[" + (sslContext != null ? "custom TLS, " : "") + "connectTimeout=" + connectTimeout
                + ", handshakeTimeout=" + handshakeTimeout + ", idleTimeout=" + idleTimeout + ", closeTimeout="
                + closeTimeout + ", maxBufferedBytes=" + maxBufferedBytes + ", overflowPolicy=" + overflowPolicy
                + ", eventLoops=" + (sharedEventLoops != null ? "shared" : eventLoops)
                + (extensions.isEmpty() ? "" : ", extensions=" + extensions) + ", " + engine + "]";
    }
}
