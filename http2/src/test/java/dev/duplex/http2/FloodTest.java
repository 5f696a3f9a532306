package dev.duplex.http2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Flood defences without clocks (RFC 9113 section 10.5; see {@link FloodGuard}). */
class FloodTest extends Http2TestBase {

    private static byte[] get(int id, int flags) {
        return Wire.headers(id, Wire.END_HEADERS | flags, Wire.request("/"));
    }

    @Test
    void rapidResetPastTheBudgetIsEnhanceYourCalm() {
        H2 s = H2.handshakenServer(Http2Config.builder().rapidResetBudget(10).build());
        int id = 1;
        for (int i = 0; i < 10; i++, id += 2) {
            s.recv(get(id, 0), Wire.rst(id, ErrorCode.CANCEL));
        }
        assertThat(s.sent()).isEmpty();
        // CVE-2023-44487: the 11th stream opened and reset before we answered it ends the connection.
        s.recv(get(id, 0), Wire.rst(id, ErrorCode.CANCEL));
        assertThat(s.sent()).containsExactly("GOAWAY(21, ENHANCE_YOUR_CALM)");
        assertThat(s.takeEvents()).last().isInstanceOfSatisfying(Http2Event.ConnectionFailed.class,
                e -> assertThat(e.reason()).contains("rapid reset"));
    }

    @Test
    void streamsCompletedNormallyPayBackTheResetBudget() {
        H2 s = H2.handshakenServer(Http2Config.builder().rapidResetBudget(2).build());
        s.recv(get(1, 0), Wire.rst(1, ErrorCode.CANCEL), get(3, 0), Wire.rst(3, ErrorCode.CANCEL));
        s.recv(get(5, Wire.END_STREAM));
        s.run(c -> c.sendHeaders(5, Wire.fields(":status", "200"), true));
        s.recv(get(7, 0), Wire.rst(7, ErrorCode.CANCEL));
        s.sent();
        // A reset after we answered (we sent END_STREAM) is not a rapid reset...
        s.recv(get(9, 0));
        s.run(c -> c.sendHeaders(9, Wire.fields(":status", "200"), true));
        s.recv(Wire.rst(9, ErrorCode.CANCEL));
        // ...nor is one the application asked for.
        s.recv(get(11, 0));
        s.run(c -> c.resetStream(11, ErrorCode.CANCEL));
        assertThat(s.sent()).containsExactly("HEADERS(9, END_STREAM, :status=200)", "RST_STREAM(11, CANCEL)");
        s.recv(get(13, 0), Wire.rst(13, ErrorCode.CANCEL));
        assertThat(s.sent()).containsExactly("GOAWAY(13, ENHANCE_YOUR_CALM)");
    }

    @Test
    void resetsThePeerProvokesCountToo() {
        // Malformed requests and refused streams make us reset: the same budget (the "MadeYouReset" variant).
        H2 s = H2.handshakenServer(Http2Config.builder().rapidResetBudget(3).maxConcurrentStreams(1).build());
        s.recv(Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.block(":method", "GET")));
        s.recv(get(3, 0), get(5, 0), get(7, 0));
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)", "RST_STREAM(5, REFUSED_STREAM)",
                "RST_STREAM(7, REFUSED_STREAM)");
        s.recv(get(9, 0));
        assertThat(s.sent()).containsExactly("RST_STREAM(9, REFUSED_STREAM)", "GOAWAY(3, ENHANCE_YOUR_CALM)");
    }

    @Test
    void pingFloodIsEnhanceYourCalm() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxControlFramesWithoutProgress(5).build());
        // The handshake's SETTINGS counted one: four PINGs are answered, the fifth is one too many.
        for (int i = 0; i < 4; i++) {
            s.recv(Wire.ping(i));
        }
        assertThat(s.sent()).hasSize(4).allMatch(f -> f.startsWith("PING(ACK"));
        s.recv(Wire.ping(4));
        assertThat(s.sent()).containsExactly("GOAWAY(0, ENHANCE_YOUR_CALM)");
    }

    @Test
    void settingsFloodIsEnhanceYourCalmAndRequestsResetTheCount() {
        // The handshake's SETTINGS already counted one.
        H2 s = H2.handshakenServer(Http2Config.builder().maxControlFramesWithoutProgress(3).build());
        s.recv(Wire.settings(), Wire.ping(1), get(1, Wire.END_STREAM));
        s.recv(Wire.settings(), Wire.settings(), Wire.ping(2));
        assertThat(s.sent()).containsExactly("SETTINGS(ACK)", "PING(ACK, 1)", "SETTINGS(ACK)", "SETTINGS(ACK)",
                "PING(ACK, 2)");
        s.recv(Wire.settings());
        assertThat(s.sent()).containsExactly("GOAWAY(1, ENHANCE_YOUR_CALM)");
        assertThat(s.takeEvents()).last().isInstanceOfSatisfying(Http2Event.ConnectionFailed.class,
                e -> assertThat(e.reason()).contains("PING/SETTINGS flood"));
    }

    @Test
    void dataOnAStreamWeResetIsNoProgress() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxControlFramesWithoutProgress(3).build());
        s.recv(get(1, 0));
        s.run(c -> c.resetStream(1, ErrorCode.CANCEL));
        s.recv(Wire.ping(1), Wire.data(1, 0, "x"), Wire.ping(2), Wire.data(1, 0, "x"), Wire.ping(3));
        s.sent();
        // Only data handed to the application resets the count: a fourth PING since the request is too many.
        s.recv(Wire.data(1, 0, "x"), Wire.ping(4));
        assertThat(s.sent()).containsExactly("GOAWAY(1, ENHANCE_YOUR_CALM)");
    }

    @Test
    void pingAcksDoNotCount() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxControlFramesWithoutProgress(2).build());
        for (int i = 0; i < 10; i++) {
            s.recv(Wire.pingAck(i));
        }
        assertThat(s.sent()).isEmpty();
        assertThat(s.takeEvents()).hasSize(10);
    }

    @Test
    void emptyDataFloodIsEnhanceYourCalmAndDataResetsTheCount() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxEmptyFramesWithoutProgress(3).build());
        s.recv(get(1, 0));
        s.recv(Wire.data(1, 0, ""), Wire.data(1, 0, ""), Wire.data(1, 0, ""), Wire.data(1, 0, "x"));
        s.recv(Wire.data(1, 0, ""), Wire.data(1, 0, ""), Wire.data(1, 0, ""));
        assertThat(s.sent()).isEmpty();
        // CVE-2019-9518: empty frames without END_STREAM make us work for nothing.
        s.recv(Wire.data(1, 0, ""));
        assertThat(s.sent()).containsExactly("GOAWAY(1, ENHANCE_YOUR_CALM)");
    }

    @Test
    void emptyContinuationFramesCountAsEmptyFrames() {
        H2 s = H2.handshakenServer(Http2Config.builder().maxEmptyFramesWithoutProgress(2).build());
        s.recv(Wire.headers(1, 0, Wire.request("/")), Wire.continuation(1, 0, new byte[0]),
                Wire.continuation(1, 0, new byte[0]));
        assertThat(s.sent()).isEmpty();
        s.recv(Wire.continuation(1, 0, new byte[0]));
        assertThat(s.sent()).containsExactly("GOAWAY(0, ENHANCE_YOUR_CALM)");
    }

    @Test
    void floodGuardToString() {
        FloodGuard g = new FloodGuard(Http2Config.defaults());
        g.controlFrame();
        g.peerStreamReset();
        assertThat(g.toString()).isEqualTo("FloodGuard[resetDebt=1/200, control=1/1000, empty=0/100]");
    }
}
