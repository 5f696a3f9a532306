package dev.duplex.http2;

/**
 * One stream's state (RFC 9113 section 5.1), its two flow-control windows (section 6.9) and what the message
 * rules of section 8.1 need to remember about what the peer sent.
 */
final class Http2Stream {
    final int id;
    /** True when this end opened the stream. */
    final boolean local;
    final SendWindow sendWindow;
    final WindowManager receiveWindow;
    private StreamState state = StreamState.IDLE;

    /** The peer's request, or our final response's counterpart, has arrived: later HEADERS are trailers. */
    boolean messageHeadersReceived;
    /** Client: the request was HEAD, so the response has no content whatever its content-length (8.1.1). */
    boolean headRequest;
    /** The peer's announced content-length (8.1.1), or -1. */
    long expectedLength = -1;
    /** DATA octets received from the peer, padding excluded. */
    long receivedLength;
    /** We refused the peer's request ourselves (431): its end does not pay back the rapid-reset budget. */
    boolean rejected;

    Http2Stream(int id, boolean local, long sendWindow, long receiveWindow) {
        this.id = id;
        this.local = local;
        this.sendWindow = new SendWindow(sendWindow);
        this.receiveWindow = new WindowManager(receiveWindow);
    }

    StreamState state() {
        return state;
    }

    /**
     * Applies an input of the state machine ({@link StreamTransitions}); returns false, leaving the state as
     * it was, when the input is not allowed in the current state.
     */
    boolean apply(StreamTransitions.Input input) {
        StreamState next = StreamTransitions.next(state, input);
        if (next == null) {
            return false;
        }
        state = next;
        return true;
    }

    @Override
    public String toString() {
        return "Http2Stream[" + id + (local ? " local " : " remote ") + state + ", send=" + sendWindow
                + ", receive=" + receiveWindow + (expectedLength >= 0 ? ", content-length=" + expectedLength : "")
                + ", received=" + receivedLength + "]";
    }
}
