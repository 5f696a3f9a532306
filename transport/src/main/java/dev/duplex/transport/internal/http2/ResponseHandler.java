package dev.duplex.transport.internal.http2;

import dev.duplex.http2.hpack.HeaderField;

import java.util.List;

/** A client's request on an HTTP/2 stream waiting for its response (RFC 8441: the extended CONNECT). Loop thread. */
public interface ResponseHandler {

    /** The final response's header section ({@code :status} 200-599; informational ones are skipped). */
    void onResponse(Http2Transport transport, int streamId, List<HeaderField> headers, boolean endStream);

    /** The stream or the connection ended before a response came. */
    void onFailed(Throwable cause);
}
