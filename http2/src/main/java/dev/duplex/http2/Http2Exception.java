package dev.duplex.http2;

/**
 * A violation of RFC 9113 by the peer, thrown inside {@link Http2Connection#receive} and mapped to the wire in
 * one place: a {@link ConnectionError} becomes GOAWAY and the terminal state (section 5.4.1), a
 * {@link StreamError} becomes RST_STREAM on that stream (section 5.4.2). Mistakes of the local application are
 * {@link IllegalStateException}s and {@link IllegalArgumentException}s instead. Stack traces are not filled
 * in: hostile input must not be able to make failures expensive.
 */
abstract sealed class Http2Exception extends RuntimeException {
    private final ErrorCode code;

    private Http2Exception(ErrorCode code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    ErrorCode code() {
        return code;
    }

    static ConnectionError connection(ErrorCode code, String reason) {
        return new ConnectionError(code, reason);
    }

    static StreamError stream(int streamId, ErrorCode code, String reason) {
        return new StreamError(streamId, code, reason);
    }

    /** An error that ends the whole connection (RFC 9113 section 5.4.1). */
    static final class ConnectionError extends Http2Exception {
        ConnectionError(ErrorCode code, String reason) {
            super(code, reason);
        }
    }

    /** An error confined to one stream (RFC 9113 section 5.4.2). */
    static final class StreamError extends Http2Exception {
        private final int streamId;

        StreamError(int streamId, ErrorCode code, String reason) {
            super(code, reason);
            this.streamId = streamId;
        }

        int streamId() {
            return streamId;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + code + ": " + getMessage() + "]";
    }
}
