package dev.duplex.http2;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Flow control (RFC 9113 sections 5.2, 6.9, 6.9.1, 6.9.2). */
class FlowControlTest extends Http2TestBase {

    private static final List<dev.duplex.http2.hpack.HeaderField> POST = Wire.fields(":method", "POST", ":scheme",
            "https", ":path", "/", ":authority", "a");

    @Test
    void aStreamWithAWindowOfZeroStopsAndWindowUpdateResumesIt() {
        Link link = new Link(Http2Config.defaults(), Http2Config.builder().initialWindowSize(100).build());
        link.client.call(c -> c.openStream(POST, false));
        assertThat(link.client.conn.sendWindow(1)).isEqualTo(100);
        assertThat(link.client.sendData(1, Wire.bytes(250, 0), true)).isEqualTo(100);
        assertThat(link.client.conn.sendWindow(1)).isZero();
        assertThat(link.client.sendData(1, Wire.bytes(150, 100), true)).as("nothing fits").isZero();
        link.pump();
        List<Http2Event> events = link.server.takeEvents();
        assertThat(events).hasSize(2).last().isInstanceOfSatisfying(Http2Event.DataReceived.class, d -> {
            assertThat(d.data().remaining()).isEqualTo(100);
            assertThat(d.endStream()).as("END_STREAM only with the last byte").isFalse();
        });
        // Section 6.9: the application consumes; with the window exhausted, more than a quarter of it processed
        // returns the credit (python-hyper/h2's WindowManager rule).
        link.server.run(c -> c.consumed(1, 25));
        assertThat(link.server.drain()).isEmpty();
        link.server.run(c -> c.consumed(1, 75));
        assertThat(link.server.sent()).containsExactly("WINDOW_UPDATE(1, 100)");
        link.client.recv(Wire.windowUpdate(1, 100));
        assertThat(link.client.takeRendered()).containsExactly("WindowUpdated[streamId=1]");
        assertThat(link.client.conn.sendWindow(1)).isEqualTo(100);
        assertThat(link.client.sendData(1, Wire.bytes(150, 100), true)).isEqualTo(100);
    }

    @Test
    void oneStreamsUnconsumedDataDoesNotBlockAnother() {
        Link link = new Link(Http2Config.defaults(), Http2Config.builder().initialWindowSize(1000).build());
        link.client.call(c -> c.openStream(POST, false));
        link.client.call(c -> c.openStream(POST, false));
        link.client.sendData(1, Wire.bytes(1000, 0), false);
        link.pump();
        // Stream 1 is stalled by a reader that does not consume; stream 3 is not (section 5.2).
        assertThat(link.client.conn.sendWindow(1)).isZero();
        assertThat(link.client.conn.sendWindow(3)).isEqualTo(1000);
        assertThat(link.client.sendData(3, Wire.bytes(1000, 0), true)).isEqualTo(1000);
        link.pump();
        assertThat(link.server.takeEvents()).filteredOn(Http2Event.DataReceived.class::isInstance)
                .extracting(e -> ((Http2Event.DataReceived) e).streamId()).containsExactly(1, 3);
    }

    @Test
    void theConnectionWindowLimitsAllStreamsAndIsReturnedByConsumed() {
        Http2Config server = Http2Config.builder().connectionWindowSize(65_535).build();
        Link link = new Link(Http2Config.defaults(), server);
        link.client.call(c -> c.openStream(POST, false));
        link.client.call(c -> c.openStream(POST, false));
        assertThat(link.client.sendData(1, Wire.bytes(70_000, 0), false)).isEqualTo(65_535);
        assertThat(link.client.conn.sendWindow(3)).as("connection window used up").isZero();
        link.pump();
        int[] received = new int[1];
        link.server.takeEvents().stream().filter(Http2Event.DataReceived.class::isInstance)
                .forEach(e -> received[0] += ((Http2Event.DataReceived) e).flowControlled());
        assertThat(received[0]).isEqualTo(65_535);
        link.server.run(c -> c.consumed(1, 40_000));
        assertThat(link.server.sent()).containsExactly("WINDOW_UPDATE(0, 40000)");
        link.client.recv(Wire.windowUpdate(0, 40_000));
        assertThat(link.client.takeRendered()).containsExactly("WindowUpdated[streamId=0]");
        assertThat(link.client.conn.sendWindow(3)).isEqualTo(40_000);
    }

    @Test
    void dataBeyondTheStreamWindowIsAStreamErrorFlowControlError() {
        H2 s = H2.handshakenServer(Http2Config.builder().initialWindowSize(10).build());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.data(1, 0, new byte[10]),
                Wire.data(1, 0, new byte[1]));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, FLOW_CONTROL_ERROR)");
        assertThat(s.takeRendered()).endsWith("StreamReset[streamId=1, code=FLOW_CONTROL_ERROR, local=true]",
                "StreamClosed[streamId=1]");
    }

    @Test
    void dataBeyondTheConnectionWindowIsAConnectionErrorFlowControlError() {
        H2 s = H2.handshakenServer(Http2Config.builder().connectionWindowSize(65_535).build());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.headers(3, Wire.END_HEADERS, Wire.request("/")));
        for (int i = 0; i < 3; i++) {
            s.recv(Wire.data(1, 0, new byte[16_384]));
        }
        s.recv(Wire.data(3, 0, new byte[16_383]));
        assertThat(s.sent()).isEmpty();
        s.recv(Wire.data(3, 0, new byte[1]));
        assertThat(s.sent()).containsExactly("GOAWAY(3, FLOW_CONTROL_ERROR)");
    }

    @Test
    void ourWindowSettingTakesEffectOnAcknowledgement() {
        H2 s = H2.server(Http2Config.defaults());
        s.recv(Wire.PREFACE, Wire.settings(), Wire.headers(1, Wire.END_HEADERS, Wire.request("/")));
        // Until the peer acknowledges our SETTINGS, the initial 65,535 applies (section 6.9.2).
        s.recv(Wire.data(1, 0, new byte[16_384]), Wire.data(1, 0, new byte[16_384]), Wire.data(1, 0, new byte[16_384]),
                Wire.data(1, 0, new byte[16_383]));
        s.sent();
        s.recv(Wire.settingsAck());
        // The ACK moves every stream window by the difference: now 1 MiB - 65,535 remain.
        for (int i = 0; i < 60; i++) {
            s.recv(Wire.data(1, 0, new byte[16_384]));
        }
        assertThat(s.sent()).isEmpty();
        s.recv(Wire.data(1, 0, new byte[16_384]));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, FLOW_CONTROL_ERROR)");
    }

    @Test
    void windowUpdateOfZeroIsAProtocolError() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.windowUpdate(1, 0));
        // Section 6.9: a stream error on a stream...
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        s.recv(Wire.windowUpdate(0, 0));
        // ...and a connection error on stream 0.
        assertThat(s.sent()).containsExactly("GOAWAY(1, PROTOCOL_ERROR)");
    }

    @Test
    void windowUpdatePastTheMaximumIsAFlowControlError() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.windowUpdate(1, 0x7fffffff - 65_535));
        assertThat(s.sent()).isEmpty();
        assertThat(s.conn.sendWindow(1)).isEqualTo(65_535);
        // Section 6.9.1: above 2^31-1 is FLOW_CONTROL_ERROR, for the stream...
        s.recv(Wire.windowUpdate(1, 1));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, FLOW_CONTROL_ERROR)");
        s.recv(Wire.windowUpdate(0, 0x7fffffff - 65_535));
        assertThat(s.sent()).isEmpty();
        // ...and for the connection.
        s.recv(Wire.windowUpdate(0, 1));
        assertThat(s.sent()).containsExactly("GOAWAY(1, FLOW_CONTROL_ERROR)");
    }

    @Test
    void initialWindowSizeChangesMoveEveryStreamSendWindowEvenBelowZero() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(POST, false));
        c.call(x -> x.openStream(POST, false));
        c.sendData(1, new byte[500], false);
        c.sent();
        // Section 6.9.2: the change applies to all stream windows; 1 goes to 100 - 500 = -400.
        c.recv(Wire.settings(Settings.INITIAL_WINDOW_SIZE, 100));
        assertThat(c.sent()).containsExactly("SETTINGS(ACK)");
        assertThat(c.takeRendered()).singleElement().asString().startsWith("SettingsReceived");
        assertThat(c.conn.sendWindow(1)).isZero();
        assertThat(c.conn.sendWindow(3)).isEqualTo(100);
        c.recv(Wire.windowUpdate(1, 400));
        assertThat(c.conn.sendWindow(1)).isZero();
        c.recv(Wire.settings(Settings.INITIAL_WINDOW_SIZE, 1000));
        // A larger initial window is reported for every stream that can send.
        assertThat(c.takeRendered()).containsExactly("WindowUpdated[streamId=1]",
                c.allEvents().get(c.allEvents().size() - 3).toString(), "WindowUpdated[streamId=1]",
                "WindowUpdated[streamId=3]");
        assertThat(c.conn.sendWindow(1)).isEqualTo(900);
        assertThat(c.conn.sendWindow(3)).isEqualTo(1000);
    }

    @Test
    void initialWindowSizeThatOverflowsAStreamWindowIsAConnectionError() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.call(x -> x.openStream(POST, false));
        c.recv(Wire.windowUpdate(1, 0x7fffffff - 65_535));
        c.sent();
        // Section 6.9.2: a change that takes any window above 2^31-1 is a connection error FLOW_CONTROL_ERROR.
        c.recv(Wire.settings(Settings.INITIAL_WINDOW_SIZE, 65_536));
        assertThat(c.sent()).containsExactly("GOAWAY(0, FLOW_CONTROL_ERROR)");
    }

    @Test
    void consumedOnAClosedStreamCreditsOnlyTheConnection() {
        H2 s = H2.handshakenServer(Http2Config.builder().connectionWindowSize(65_535).initialWindowSize(65_535).build());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/")), Wire.data(1, 0, new byte[16_384]),
                Wire.data(1, 0, new byte[16_384]), Wire.data(1, Wire.END_STREAM, new byte[7232]));
        s.run(c -> c.sendHeaders(1, Wire.fields(":status", "200"), true));
        s.sent();
        s.run(c -> c.consumed(1, 40_000));
        assertThat(s.sent()).containsExactly("WINDOW_UPDATE(0, 40000)");
    }

    @Test
    void windowManagerCreditsHalfTheWindowOrAQuarterOnceExhausted() {
        WindowManager w = new WindowManager(1000);
        assertThat(w.consume(600)).isTrue();
        assertThat(w.processed(499)).isZero();
        assertThat(w.processed(1)).isEqualTo(500);
        assertThat(w.window()).isEqualTo(900);
        assertThat(w.consume(901)).as("beyond the window").isFalse();
        assertThat(w.consume(900)).isTrue();
        // Exhausted: more than min(1024, max/4) processed is credited.
        assertThat(w.processed(250)).isZero();
        assertThat(w.processed(1)).isEqualTo(251);
        assertThat(w.toString()).isEqualTo("251/1000");
        w.resize(-500);
        assertThat(w.window()).isEqualTo(-249);
    }

    @Test
    void sendWindowNeverReportsANegativeWindow() {
        SendWindow w = new SendWindow(10);
        w.consume(10);
        assertThat(w.grow(-5)).isTrue();
        assertThat(w.available()).isZero();
        assertThat(w.window()).isEqualTo(-5);
        assertThat(w.grow(Integer.MAX_VALUE)).isTrue();
        assertThat(w.grow(6)).isFalse();
    }
}
