package dev.duplex.transport.internal.http2;

import dev.duplex.http2.Settings;
import dev.duplex.http2.hpack.HeaderField;

import java.util.List;

/** What a server or a client does with an HTTP/2 connection's streams. Loop thread only. */
public interface StreamHandler {

    /**
     * Server: the header section of a request on a new stream, already checked by the HTTP/2 engine (RFC 9113
     * section 8.3; RFC 8441 section 4). The handler answers it ({@link Http2Transport#respond},
     * {@link Http2Transport#acceptWebSocket}) before returning or later on the loop thread.
     */
    void onRequest(Http2Transport transport, int streamId, List<HeaderField> headers, boolean endStream);

    /** The peer's SETTINGS arrived (a client waits for them before an extended CONNECT, RFC 8441 section 3). */
    default void onSettings(Http2Transport transport, Settings remote) {
    }

    /** The peer sent GOAWAY: no new stream on this connection (RFC 9113 section 6.8). */
    default void onGoAway(Http2Transport transport) {
    }

    /** The connection is closed; every stream on it has been told. */
    default void onClosed(Http2Transport transport) {
    }
}
