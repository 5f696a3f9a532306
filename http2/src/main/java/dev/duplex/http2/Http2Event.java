package dev.duplex.http2;

import dev.duplex.http2.hpack.HeaderField;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What a {@link Http2Connection} reports. Consume with an exhaustive {@code switch}. Every stream that
 * appears in an event ends with exactly one {@link StreamClosed}.
 */
public sealed interface Http2Event {

    /**
     * A request, a response (informational or final) or trailers, validated (RFC 9113 sections 8.2, 8.3;
     * RFC 8441 section 4). A malformed section never arrives as this event: the stream is reset with
     * PROTOCOL_ERROR and reported as {@link StreamReset} with {@code local} true.
     *
     * @param endStream the peer has ended its side of the stream
     */
    record HeadersReceived(int streamId, List<HeaderField> headers, boolean endStream) implements Http2Event {
    }

    /**
     * DATA for a stream (RFC 9113 section 6.1). {@code data} is valid during the listener call only.
     *
     * @param flowControlled the frame's flow-controlled length, padding included: hand it to
     *                       {@link Http2Connection#consumed} once the data is processed, or the peer stops
     */
    record DataReceived(int streamId, ByteBuffer data, boolean endStream, int flowControlled) implements Http2Event {
    }

    /**
     * The stream ended by a reset: the peer's RST_STREAM ({@code local} false; also streams above the
     * last-stream-id of the peer's GOAWAY, as REFUSED_STREAM, and every stream when the peer's GOAWAY carries an
     * error), or a stream error of the peer that we answered with RST_STREAM ({@code local} true).
     */
    record StreamReset(int streamId, ErrorCode code, boolean local) implements Http2Event {
    }

    /**
     * A send window grew (RFC 9113 section 6.9): {@code streamId} 0 for the connection window. Also reported for
     * every open stream when the peer's SETTINGS_INITIAL_WINDOW_SIZE grows. Pending sends may go on.
     */
    record WindowUpdated(int streamId) implements Http2Event {
    }

    /** The peer's SETTINGS, applied and already acknowledged (RFC 9113 section 6.5.3). */
    record SettingsReceived(Settings remote) implements Http2Event {
    }

    /** The peer acknowledged our SETTINGS, which are now in effect (RFC 9113 section 6.5.3). */
    record SettingsAcknowledged() implements Http2Event {
    }

    /** A PING from the peer, already answered (RFC 9113 section 6.7). */
    record PingReceived(long opaque) implements Http2Event {
    }

    /** The answer to a PING (RFC 9113 section 6.7). */
    record PingAcked(long opaque) implements Http2Event {
    }

    /** The peer's GOAWAY (RFC 9113 section 6.8): no new streams from here on. */
    record GoAwayReceived(int lastStreamId, ErrorCode code, String debug) implements Http2Event {
    }

    /**
     * The connection is over (terminal; later input is ignored): we detected a connection error and wrote
     * GOAWAY with {@code code} ({@code local} true), or the peer's GOAWAY carried an error code ({@code local}
     * false). The transport flushes what was written and closes.
     */
    record ConnectionFailed(ErrorCode code, String reason, boolean local) implements Http2Event {
    }

    /** The stream is closed, by END_STREAM both ways or by a reset: its resources are gone. */
    record StreamClosed(int streamId) implements Http2Event {
    }
}
