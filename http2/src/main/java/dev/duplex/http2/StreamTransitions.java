package dev.duplex.http2;

import java.util.EnumMap;
import java.util.Map;

/**
 * The stream state machine of RFC 9113 section 5.1 as an explicit table (after python-hyper/h2's
 * {@code stream.py}): for each state, the inputs it accepts and the state they lead to. An input missing from a
 * state's row is not allowed there; the connection decides what that means (an {@link IllegalStateException}
 * when we try to send, a stream or connection error when the peer did).
 * <p>HEADERS or DATA carrying END_STREAM are two inputs: the frame, then {@code SEND_END_STREAM} or
 * {@code RECV_END_STREAM}.
 */
final class StreamTransitions {

    /** What happens to a stream. */
    enum Input {
        SEND_HEADERS, RECV_HEADERS, SEND_DATA, RECV_DATA, SEND_END_STREAM, RECV_END_STREAM,
        SEND_PUSH_PROMISE, RECV_PUSH_PROMISE, SEND_RST_STREAM, RECV_RST_STREAM
    }

    private static final Map<StreamState, Map<Input, StreamState>> TABLE = new EnumMap<>(StreamState.class);

    static {
        row(StreamState.IDLE,
                Input.SEND_HEADERS, StreamState.OPEN,
                Input.RECV_HEADERS, StreamState.OPEN,
                Input.SEND_PUSH_PROMISE, StreamState.RESERVED_LOCAL,
                Input.RECV_PUSH_PROMISE, StreamState.RESERVED_REMOTE);
        row(StreamState.RESERVED_LOCAL,
                Input.SEND_HEADERS, StreamState.HALF_CLOSED_REMOTE,
                Input.SEND_RST_STREAM, StreamState.CLOSED,
                Input.RECV_RST_STREAM, StreamState.CLOSED);
        row(StreamState.RESERVED_REMOTE,
                Input.RECV_HEADERS, StreamState.HALF_CLOSED_LOCAL,
                Input.SEND_RST_STREAM, StreamState.CLOSED,
                Input.RECV_RST_STREAM, StreamState.CLOSED);
        row(StreamState.OPEN,
                Input.SEND_HEADERS, StreamState.OPEN,
                Input.RECV_HEADERS, StreamState.OPEN,
                Input.SEND_DATA, StreamState.OPEN,
                Input.RECV_DATA, StreamState.OPEN,
                Input.SEND_END_STREAM, StreamState.HALF_CLOSED_LOCAL,
                Input.RECV_END_STREAM, StreamState.HALF_CLOSED_REMOTE,
                Input.SEND_RST_STREAM, StreamState.CLOSED,
                Input.RECV_RST_STREAM, StreamState.CLOSED);
        row(StreamState.HALF_CLOSED_LOCAL,
                Input.RECV_HEADERS, StreamState.HALF_CLOSED_LOCAL,
                Input.RECV_DATA, StreamState.HALF_CLOSED_LOCAL,
                Input.RECV_END_STREAM, StreamState.CLOSED,
                Input.SEND_RST_STREAM, StreamState.CLOSED,
                Input.RECV_RST_STREAM, StreamState.CLOSED);
        row(StreamState.HALF_CLOSED_REMOTE,
                Input.SEND_HEADERS, StreamState.HALF_CLOSED_REMOTE,
                Input.SEND_DATA, StreamState.HALF_CLOSED_REMOTE,
                Input.SEND_END_STREAM, StreamState.CLOSED,
                Input.SEND_RST_STREAM, StreamState.CLOSED,
                Input.RECV_RST_STREAM, StreamState.CLOSED);
        row(StreamState.CLOSED);
    }

    private StreamTransitions() {
    }

    private static void row(StreamState from, Object... pairs) {
        Map<Input, StreamState> row = new EnumMap<>(Input.class);
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((Input) pairs[i], (StreamState) pairs[i + 1]);
        }
        TABLE.put(from, row);
    }

    /** The state {@code input} leads to from {@code from}, or null when the input is not allowed there. */
    static StreamState next(StreamState from, Input input) {
        return TABLE.get(from).get(input);
    }
}
