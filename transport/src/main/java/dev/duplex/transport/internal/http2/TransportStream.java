package dev.duplex.transport.internal.http2;

import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.hpack.HeaderField;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What the transport keeps for one open HTTP/2 stream: a WebSocket ({@link WebSocketStream}), a response body
 * being sent ({@link BodyStream}), or a client's request waiting for its response ({@link PendingRequest}).
 * {@link Http2Transport} routes the engine's stream events here. Loop thread only.
 */
sealed interface TransportStream permits WebSocketStream, BodyStream, PendingRequest {

    int streamId();

    /** A header section after the first (a response, or trailers). */
    void onHeaders(List<HeaderField> headers, boolean endStream);

    /**
     * DATA: the stream hands {@code flowControlled} back to the connection ({@link Http2Transport#consumed}) once
     * it has processed it, which is how a slow stream withholds only its own window.
     */
    void onData(ByteBuffer data, boolean endStream, int flowControlled);

    /** The stream was reset (by the peer, or by us for the peer's error). */
    void onReset(ErrorCode code, boolean local);

    /** Moves what waits to be sent into DATA frames as far as the windows allow; true when nothing waits. */
    boolean pump();

    /** The stream is gone from the engine (closed both ways, or reset). */
    void onClosed();

    /** The connection ended ({@code cause} null: an orderly end) before the stream did. */
    void connectionEnded(Throwable cause);
}
