package dev.duplex.http2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GOAWAY and connection errors (RFC 9113 sections 5.4.1, 6.8). */
class GoAwayTest extends Http2TestBase {

    @Test
    void aGracefulGoAwayStopsNewStreamsAndRefusesOursAboveTheLastStream() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        for (int i = 0; i < 3; i++) {
            c.call(x -> x.openStream(ExchangeTest.GET, true));
        }
        c.sent();
        c.recv(Wire.goAway(3, ErrorCode.NO_ERROR, "shutting down"));
        // Section 6.8: stream 5 was not processed and may be retried; streams 1 and 3 go on.
        assertThat(c.takeRendered()).containsExactly(
                "GoAwayReceived[lastStreamId=3, code=NO_ERROR, debug=shutting down]",
                "StreamReset[streamId=5, code=REFUSED_STREAM, local=false]", "StreamClosed[streamId=5]");
        assertThatThrownBy(() -> c.call(x -> x.openStream(ExchangeTest.GET, true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GOAWAY");
        assertThat(c.conn.isClosed()).isFalse();
        c.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":status", "200")),
                Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":status", "200")));
        assertThat(c.conn.isClosed()).as("GOAWAY and no active stream left").isTrue();
        assertThat(c.sent()).isEmpty();
    }

    @Test
    void aGoAwayWithAnErrorEndsTheConnection() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        c.sent();
        c.recv(Wire.goAway(1, ErrorCode.ENHANCE_YOUR_CALM, "calm"), Wire.ping(1));
        assertThat(c.takeRendered()).containsExactly(
                "GoAwayReceived[lastStreamId=1, code=ENHANCE_YOUR_CALM, debug=calm]",
                "StreamReset[streamId=3, code=REFUSED_STREAM, local=false]", "StreamClosed[streamId=3]",
                "StreamReset[streamId=1, code=ENHANCE_YOUR_CALM, local=false]", "StreamClosed[streamId=1]",
                "ConnectionFailed[code=ENHANCE_YOUR_CALM, reason=GOAWAY from the peer: ENHANCE_YOUR_CALM calm, local=false]");
        assertThat(c.sent()).as("terminal: the PING after it is ignored").isEmpty();
        assertThat(c.conn.isClosed()).isTrue();
    }

    @Test
    void aConnectionErrorSendsGoAwayWithTheLastProcessedStreamAndResetsTheRest() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.request("/")),
                Wire.headers(3, Wire.END_HEADERS, Wire.request("/")));
        s.takeEvents();
        s.recv(Wire.windowUpdate(0, 0));
        // Section 5.4.1: GOAWAY carries the last stream processed, then the connection is over.
        assertThat(s.sent()).containsExactly("GOAWAY(3, PROTOCOL_ERROR)");
        GoAway debug = new GoAway((Frame.GoAway) s.lastFrames().get(0));
        assertThat(debug.text()).contains("WINDOW_UPDATE increment 0");
        assertThat(s.takeRendered()).containsExactly(
                "StreamReset[streamId=1, code=PROTOCOL_ERROR, local=true]", "StreamClosed[streamId=1]",
                "StreamReset[streamId=3, code=PROTOCOL_ERROR, local=true]", "StreamClosed[streamId=3]",
                "ConnectionFailed[code=PROTOCOL_ERROR, reason=WINDOW_UPDATE increment 0 (6.9), local=true]");
        assertThatThrownBy(() -> s.run(c -> c.sendHeaders(1, Wire.fields(":status", "200"), true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");
        s.run(c -> c.consumed(1, 10));
        s.run(c -> c.goAway(ErrorCode.NO_ERROR, ""));
        assertThat(s.sent()).isEmpty();
    }

    private record GoAway(Frame.GoAway frame) {
        String text() {
            return frame.debug();
        }
    }

    @Test
    void ourGracefulGoAwayIgnoresLaterStreamsButFinishesEarlierOnes() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")));
        s.takeEvents();
        s.run(c -> c.goAway(ErrorCode.NO_ERROR, "bye"));
        assertThat(s.sent()).containsExactly("GOAWAY(1, NO_ERROR)");
        // Section 6.8: streams above the last-stream-id we sent are ignored (their block still decoded).
        s.recv(Wire.headers(3, Wire.END_HEADERS, Wire.request("/")), Wire.data(3, 0, "x"),
                Wire.data(1, Wire.END_STREAM, "body"));
        assertThat(s.sent()).isEmpty();
        assertThat(s.takeRendered()).containsExactly("Data(1, \"body\", END_STREAM, 4)");
        assertThat(s.conn.isClosed()).isFalse();
        s.run(c -> c.sendHeaders(1, Wire.fields(":status", "200"), true));
        assertThat(s.conn.isClosed()).isTrue();
    }

    @Test
    void anApplicationGoAwayWithAnErrorEndsTheConnection() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")));
        s.takeEvents();
        s.run(c -> c.goAway(ErrorCode.INTERNAL_ERROR, "oops"));
        assertThat(s.sent()).containsExactly("GOAWAY(1, INTERNAL_ERROR)");
        assertThat(s.takeRendered()).containsExactly("StreamReset[streamId=1, code=INTERNAL_ERROR, local=true]",
                "StreamClosed[streamId=1]", "ConnectionFailed[code=INTERNAL_ERROR, reason=oops, local=true]");
        assertThat(s.conn.isClosed()).isTrue();
    }

    @Test
    void aListenerThatFailsTheConnectionMidFrameSeesNoLaterEvent() {
        H2.Reaction failOnSettings = (c, e) -> {
            if (e instanceof Http2Event.SettingsReceived && c.activeStreams() > 0) {
                c.goAway(ErrorCode.INTERNAL_ERROR, "listener gave up");
            }
        };
        H2 c = H2.of(Http2Role.CLIENT, Http2Config.defaults(), failOnSettings);
        c.recv(Wire.settings(), Wire.settingsAck());
        c.call(x -> x.openStream(ExchangeTest.GET, false));
        c.takeEvents();
        // The INITIAL_WINDOW_SIZE increase would report WindowUpdated(1) after SettingsReceived.
        c.recv(Wire.settings(Settings.INITIAL_WINDOW_SIZE, 100_000), Wire.ping(7));
        assertThat(c.takeRendered()).hasSize(4).endsWith("StreamReset[streamId=1, code=INTERNAL_ERROR, local=true]",
                "StreamClosed[streamId=1]", "ConnectionFailed[code=INTERNAL_ERROR, reason=listener gave up, local=true]");
        assertThat(c.sent()).last().isEqualTo("GOAWAY(0, INTERNAL_ERROR)");
    }
}
