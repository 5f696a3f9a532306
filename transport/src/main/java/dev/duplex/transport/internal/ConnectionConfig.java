package dev.duplex.transport.internal;

import dev.duplex.engine.EngineConfig;
import dev.duplex.transport.OverflowPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a connection, filled in by the server and client builders.
 *
 * @param engine           the protocol engine's limits
 * @param handshakeTimeout the opening handshake must finish within this time (TLS included), or the TCP
 *                         connection is closed
 * @param idleTimeout      close with 1001 when nothing was read for this long; zero turns it off
 * @param closeTimeout     how long to wait for the peer's close frame after sending ours, and for the TCP
 *                         close after the close handshake
 * @param maxBufferedBytes outgoing-buffer limit for data sends (see {@link OverflowPolicy}); a server connection
 *                         also stops reading while more than this waits to be written (see {@link Connection})
 * @param overflowPolicy   what happens to a data send over the limit
 */
public record ConnectionConfig(EngineConfig engine, Duration handshakeTimeout, Duration idleTimeout,
                               Duration closeTimeout, long maxBufferedBytes, OverflowPolicy overflowPolicy) {
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 16L * 1024 * 1024;

    public ConnectionConfig {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(closeTimeout, "closeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive, got " + maxBufferedBytes);
        }
    }

    /** Checks a timeout given to a builder: not null, greater than zero. */
    public static Duration requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

    public long handshakeNanos() {
        return saturatedNanos(handshakeTimeout);
    }

    public long idleNanos() {
        return saturatedNanos(idleTimeout);
    }

    public long closeNanos() {
        return saturatedNanos(closeTimeout);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
