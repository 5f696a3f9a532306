package dev.duplex.transport.internal.http2;

import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.hpack.HeaderField;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A client's request waiting for its response; replaced by a {@link WebSocketStream} once accepted. */
final class PendingRequest implements TransportStream {
    private final Http2Transport transport;
    private final int streamId;
    private ResponseHandler handler;

    PendingRequest(Http2Transport transport, int streamId, ResponseHandler handler) {
        this.transport = transport;
        this.streamId = streamId;
        this.handler = handler;
    }

    @Override
    public int streamId() {
        return streamId;
    }

    @Override
    public void onHeaders(List<HeaderField> headers, boolean endStream) {
        String status = Http2Transport.first(headers, ":status");
        if (status != null && status.length() == 3 && status.charAt(0) == '1') {
            return; // informational (RFC 9113 section 8.1)
        }
        ResponseHandler h = handler;
        handler = null;
        if (h != null) {
            h.onResponse(transport, streamId, headers, endStream);
        }
    }

    @Override
    public void onData(ByteBuffer data, boolean endStream, int flowControlled) {
        data.position(data.limit());
        transport.consumed(streamId, flowControlled);
    }

    @Override
    public void onReset(ErrorCode code, boolean local) {
        fail(new IOException("HTTP/2 stream " + streamId + " reset " + (local ? "by us" : "by the server") + ": " + code));
    }

    @Override
    public boolean pump() {
        return true;
    }

    @Override
    public void onClosed() {
        fail(new IOException("HTTP/2 stream " + streamId + " closed without a response"));
    }

    @Override
    public void connectionEnded(Throwable cause) {
        fail(cause != null ? cause : new IOException("the HTTP/2 connection closed before the response"));
    }

    private void fail(Throwable cause) {
        ResponseHandler h = handler;
        handler = null;
        if (h != null) {
            h.onFailed(cause);
        }
    }

    @Override
    public String toString() {
        return "PendingRequest[stream " + streamId + "]";
    }
}
