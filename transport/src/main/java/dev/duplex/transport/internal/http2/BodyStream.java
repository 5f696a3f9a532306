package dev.duplex.transport.internal.http2;

import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.hpack.HeaderField;

import java.nio.ByteBuffer;
import java.util.List;

/** A response body on its way out, as the stream and connection windows allow (RFC 9113 section 6.9). */
final class BodyStream implements TransportStream {
    private final Http2Transport transport;
    private final int streamId;
    private final ByteBuffer body;
    private boolean done;

    BodyStream(Http2Transport transport, int streamId, ByteBuffer body) {
        this.transport = transport;
        this.streamId = streamId;
        this.body = body;
    }

    @Override
    public int streamId() {
        return streamId;
    }

    @Override
    public void onHeaders(List<HeaderField> headers, boolean endStream) {
    }

    @Override
    public void onData(ByteBuffer data, boolean endStream, int flowControlled) {
        data.position(data.limit()); // a request body nobody reads: its window goes back at once
        transport.consumed(streamId, flowControlled);
    }

    @Override
    public void onReset(ErrorCode code, boolean local) {
        done = true;
    }

    @Override
    public boolean pump() {
        if (done) {
            return true;
        }
        transport.engine().sendData(streamId, body, true);
        done = !body.hasRemaining();
        return done;
    }

    @Override
    public void onClosed() {
        done = true;
    }

    @Override
    public void connectionEnded(Throwable cause) {
        done = true;
    }

    @Override
    public String toString() {
        return "BodyStream[stream " + streamId + ", " + body.remaining() + " bytes to send]";
    }
}
