package dev.duplex.http2;

import dev.duplex.http2.StreamTransitions.Input;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.duplex.http2.StreamState.CLOSED;
import static dev.duplex.http2.StreamState.HALF_CLOSED_LOCAL;
import static dev.duplex.http2.StreamState.HALF_CLOSED_REMOTE;
import static dev.duplex.http2.StreamState.IDLE;
import static dev.duplex.http2.StreamState.OPEN;
import static dev.duplex.http2.StreamState.RESERVED_LOCAL;
import static dev.duplex.http2.StreamState.RESERVED_REMOTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stream states and identifiers (RFC 9113 sections 5.1, 5.1.1, 5.1.2, 5.4). */
class StreamStatesTest extends Http2TestBase {

    @Test
    void transitionTableFollowsTheDiagramOfSection51() {
        assertThat(StreamTransitions.next(IDLE, Input.SEND_HEADERS)).isEqualTo(OPEN);
        assertThat(StreamTransitions.next(IDLE, Input.RECV_HEADERS)).isEqualTo(OPEN);
        assertThat(StreamTransitions.next(IDLE, Input.SEND_PUSH_PROMISE)).isEqualTo(RESERVED_LOCAL);
        assertThat(StreamTransitions.next(IDLE, Input.RECV_PUSH_PROMISE)).isEqualTo(RESERVED_REMOTE);
        assertThat(StreamTransitions.next(IDLE, Input.RECV_DATA)).isNull();
        assertThat(StreamTransitions.next(IDLE, Input.RECV_RST_STREAM)).isNull();
        assertThat(StreamTransitions.next(RESERVED_LOCAL, Input.SEND_HEADERS)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(StreamTransitions.next(RESERVED_REMOTE, Input.RECV_HEADERS)).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(StreamTransitions.next(RESERVED_REMOTE, Input.SEND_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(StreamTransitions.next(OPEN, Input.SEND_END_STREAM)).isEqualTo(HALF_CLOSED_LOCAL);
        assertThat(StreamTransitions.next(OPEN, Input.RECV_END_STREAM)).isEqualTo(HALF_CLOSED_REMOTE);
        assertThat(StreamTransitions.next(OPEN, Input.RECV_RST_STREAM)).isEqualTo(CLOSED);
        assertThat(StreamTransitions.next(HALF_CLOSED_LOCAL, Input.RECV_END_STREAM)).isEqualTo(CLOSED);
        assertThat(StreamTransitions.next(HALF_CLOSED_LOCAL, Input.SEND_DATA)).isNull();
        assertThat(StreamTransitions.next(HALF_CLOSED_REMOTE, Input.SEND_END_STREAM)).isEqualTo(CLOSED);
        assertThat(StreamTransitions.next(HALF_CLOSED_REMOTE, Input.RECV_DATA)).isNull();
        for (Input input : Input.values()) {
            assertThat(StreamTransitions.next(CLOSED, input)).as("closed is terminal: " + input).isNull();
        }
        // Only open and half-closed count toward SETTINGS_MAX_CONCURRENT_STREAMS (5.1.2).
        Set<StreamState> active = EnumSet.noneOf(StreamState.class);
        for (StreamState s : StreamState.values()) {
            if (s.isActive()) {
                active.add(s);
            }
        }
        assertThat(active).containsExactlyInAnyOrder(OPEN, HALF_CLOSED_LOCAL, HALF_CLOSED_REMOTE);
    }

    private static H2 server() {
        return H2.handshakenServer(Http2Config.defaults());
    }

    private static byte[] get(int id, int flags) {
        return Wire.headers(id, Wire.END_HEADERS | flags, Wire.request("/" + id));
    }

    @Test
    void anEvenStreamFromAClientIsAProtocolError() {
        H2 s = server();
        s.recv(get(2, Wire.END_STREAM));
        assertThat(s.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void aNewStreamBelowAnEarlierOneIsAProtocolError() {
        H2 s = server();
        s.recv(get(5, Wire.END_STREAM));
        // Section 5.1.1: stream 3 was implicitly closed by the first use of 5.
        assertThat(s.conn.streamState(3)).isEqualTo(CLOSED);
        s.recv(get(3, Wire.END_STREAM));
        assertThat(s.sent()).containsExactly("GOAWAY(5, PROTOCOL_ERROR)");
    }

    @Test
    void framesOtherThanHeadersOrPriorityOnIdleStreamsAreProtocolErrors() {
        for (byte[] frame : new byte[][] {Wire.data(1, 0, "x"), Wire.rst(1, ErrorCode.CANCEL),
                Wire.windowUpdate(1, 10), Wire.data(2, 0, "x")}) {
            H2 s = server();
            s.recv(frame);
            assertThat(s.sent()).as(H2.render(Wire.parse(frame).get(0))).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
        }
    }

    @Test
    void dataOnAHalfClosedRemoteStreamIsAStreamErrorStreamClosed() {
        H2 s = server();
        s.recv(get(1, Wire.END_STREAM));
        s.takeEvents();
        s.recv(Wire.data(1, 0, "late"));
        // Section 5.1, half-closed (remote): STREAM_CLOSED stream error, reported and closed.
        assertThat(s.sent()).containsExactly("RST_STREAM(1, STREAM_CLOSED)");
        assertThat(s.takeRendered()).containsExactly("StreamReset[streamId=1, code=STREAM_CLOSED, local=true]",
                "StreamClosed[streamId=1]");
    }

    @Test
    void afterThePeersResetDataIsAStreamErrorAndWindowUpdateOrResetAreIgnored() {
        H2 s = server();
        s.recv(get(1, 0), Wire.rst(1, ErrorCode.CANCEL));
        assertThat(s.takeRendered()).containsExactly(
                "Headers(1, :method=GET, :scheme=https, :path=/1, :authority=example.com)",
                "StreamReset[streamId=1, code=CANCEL, local=false]", "StreamClosed[streamId=1]");
        // Section 5.4.2: never answer RST_STREAM with RST_STREAM; section 5.1: WINDOW_UPDATE, PRIORITY ignored.
        s.recv(Wire.rst(1, ErrorCode.CANCEL), Wire.windowUpdate(1, 5), Wire.priority(1, 0));
        assertThat(s.sent()).isEmpty();
        // Section 5.1, closed: DATA after the peer's RST_STREAM is a stream error STREAM_CLOSED, once.
        s.recv(Wire.data(1, 0, "x"), Wire.data(1, 0, "y"));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, STREAM_CLOSED)");
        assertThat(s.takeEvents()).isEmpty();
    }

    @Test
    void afterOurResetLateFramesAreIgnoredButStillDecodedAndFlowControlled() {
        H2 s = H2.handshakenServer(Http2Config.builder().connectionWindowSize(65_535).build());
        s.recv(get(1, 0));
        s.run(c -> c.resetStream(1, ErrorCode.CANCEL));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, CANCEL)");
        // No StreamReset for a reset the application asked for, only StreamClosed.
        assertThat(s.takeRendered()).containsExactly(
                "Headers(1, :method=GET, :scheme=https, :path=/1, :authority=example.com)", "StreamClosed[streamId=1]");
        // Section 5.1, closed: after sending RST_STREAM, frames are minimally processed and discarded; DATA still
        // counts toward the connection window (6.9) and its credit is returned at once.
        s.recv(Wire.data(1, 0, new byte[16_384]), Wire.data(1, 0, new byte[16_384]),
                Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block("x-trailer", "t")));
        assertThat(s.sent()).containsExactly("WINDOW_UPDATE(0, 32768)");
        assertThat(s.takeEvents()).isEmpty();
        assertThat(s.conn.isClosed()).isFalse();
        s.run(c -> c.resetStream(1, ErrorCode.CANCEL));
        assertThat(s.sent()).as("resetting a closed stream does nothing").isEmpty();
    }

    @Test
    void afterEndStreamBothWaysDataIsAConnectionErrorStreamClosed() {
        H2 s = server();
        s.recv(get(1, Wire.END_STREAM));
        s.run(c -> c.sendHeaders(1, Wire.fields(":status", "200"), true));
        s.sent();
        assertThat(s.conn.streamState(1)).isEqualTo(CLOSED);
        s.recv(Wire.windowUpdate(1, 100), Wire.rst(1, ErrorCode.NO_ERROR));
        assertThat(s.sent()).as("WINDOW_UPDATE and RST_STREAM may arrive after END_STREAM (5.1)").isEmpty();
        s.recv(Wire.data(1, 0, "late"));
        assertThat(s.sent()).containsExactly("GOAWAY(1, STREAM_CLOSED)");
    }

    @Test
    void pushPromiseIsAConnectionErrorForBothRoles() {
        H2 s = server();
        s.recv(get(1, 0), Wire.pushPromise(1, 2, Wire.request("/pushed")));
        // Section 8.4: a client cannot push.
        assertThat(s.sent()).containsExactly("GOAWAY(1, PROTOCOL_ERROR)");

        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.sent();
        c.recv(Wire.pushPromise(1, 2, Wire.request("/pushed")));
        // Section 6.6: we sent SETTINGS_ENABLE_PUSH=0.
        assertThat(c.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void aClientRejectsStreamsItDidNotOpen() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.recv(Wire.headers(2, Wire.END_HEADERS, Wire.block(":status", "200")));
        assertThat(c.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
        H2 c2 = H2.handshakenClient(Http2Config.defaults());
        c2.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(":status", "200")));
        assertThat(c2.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void streamsBeyondMaxConcurrentStreamsAreRefused() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxConcurrentStreams(2).build());
        s.recv(get(1, Wire.END_STREAM), get(3, Wire.END_STREAM), get(5, Wire.END_STREAM));
        // Section 5.1.2: a stream error REFUSED_STREAM, which tells the client it may retry.
        assertThat(s.sent()).containsExactly("RST_STREAM(5, REFUSED_STREAM)");
        assertThat(s.takeRendered()).hasSize(4).endsWith("StreamReset[streamId=5, code=REFUSED_STREAM, local=true]",
                "StreamClosed[streamId=5]");
        assertThat(s.conn.lastProcessedPeerStream()).isEqualTo(3);
        s.run(c -> c.sendHeaders(1, Wire.fields(":status", "200"), true));
        s.recv(get(7, Wire.END_STREAM));
        assertThat(s.takeRendered()).containsExactly("StreamClosed[streamId=1]",
                "Headers(7, END_STREAM, :method=GET, :scheme=https, :path=/7, :authority=example.com)");
        assertThat(s.conn.activeStreams()).isEqualTo(2);
    }

    @Test
    void aClientHonoursThePeersMaxConcurrentStreams() {
        H2 c = H2.handshakenClient(Http2Config.defaults(), Settings.MAX_CONCURRENT_STREAMS, 1);
        c.call(x -> x.openStream(ExchangeTest.GET, false));
        assertThatThrownBy(() -> c.call(x -> x.openStream(ExchangeTest.GET, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("allows 1 concurrent");
        assertThat(c.conn.streamState(3)).isEqualTo(IDLE);
        c.run(x -> x.resetStream(1, ErrorCode.CANCEL));
        assertThat((int) c.call(x -> x.openStream(ExchangeTest.GET, false))).isEqualTo(3);
    }

    @Test
    void serversDoNotOpenStreamsAndClosedStreamsRejectSends() {
        H2 s = server();
        assertThatThrownBy(() -> s.call(x -> x.openStream(ExchangeTest.GET, true)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.call(x -> x.sendData(1, java.nio.ByteBuffer.allocate(1), true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("IDLE");
        assertThat(s.conn.sendWindow(1)).isZero();
    }

    @Test
    void streamToString() {
        Http2Stream stream = new Http2Stream(3, false, 100, 200);
        stream.apply(Input.RECV_HEADERS);
        assertThat(stream.toString()).isEqualTo("Http2Stream[3 remote OPEN, send=100, receive=200/200, received=0]");
    }
}
