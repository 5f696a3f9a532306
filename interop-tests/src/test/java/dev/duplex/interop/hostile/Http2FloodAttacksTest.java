package dev.duplex.interop.hostile;

import dev.duplex.http2.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.duplex.interop.hostile.H2Frames.ACK;
import static dev.duplex.interop.hostile.H2Frames.END_HEADERS;
import static dev.duplex.interop.hostile.H2Frames.END_STREAM;
import static dev.duplex.interop.hostile.H2Frames.HEADERS;
import static dev.duplex.interop.hostile.H2Frames.PING;
import static dev.duplex.interop.hostile.H2Frames.RST_STREAM;
import static dev.duplex.interop.hostile.H2Frames.SETTINGS;
import static dev.duplex.interop.hostile.H2Frames.concat;
import static dev.duplex.interop.hostile.H2Frames.connect;
import static dev.duplex.interop.hostile.H2Frames.continuation;
import static dev.duplex.interop.hostile.H2Frames.headers;
import static dev.duplex.interop.hostile.H2Frames.ping;
import static dev.duplex.interop.hostile.H2Frames.repeat;
import static dev.duplex.interop.hostile.H2Frames.request;
import static dev.duplex.interop.hostile.H2Frames.rst;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods against the HTTP/2 side of {@code duplex serve} (prior-knowledge h2c, default {@code Http2Config}):
 * rapid reset, CONTINUATION, concurrent streams, PING and SETTINGS (docs/HARDENING.md, "HTTP/2"). Each gets its
 * exact answer on the wire and a log line, while an HTTP/1.1 and an HTTP/2 client keep their echo latency.
 */
@Timeout(60)
class Http2FloodAttacksTest {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final int CANCEL = ErrorCode.CANCEL.code();
    private static final String FAILED = ServerWatch.CONNECTION_FAILED;
    private static ServeProcess server;
    private H2Probes probes;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start("-v");
    }

    @AfterAll
    static void stopServer() throws Exception {
        ServeProcess.stopHealthy(server);
    }

    @BeforeEach
    void startProbes() throws Exception {
        probes = H2Probes.start(server);
    }

    @AfterEach
    void checkProbes() {
        probes.assertSurvivedAndClose("the attack");
    }

    private static byte[] head(int stream) {
        return headers(stream, END_HEADERS | END_STREAM, request("HEAD", "/"));
    }

    /** CVE-2023-44487: streams opened and reset at once, 300 in one write. */
    @Test
    void rapidResetGetsGoAwayEnhanceYourCalmPastTheBudget() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int i = 0; i < 300; i++) {
                int s = w.nextStream();
                b.writeBytes(headers(s, END_HEADERS, connect("/echo")));
                b.writeBytes(rst(s, CANCEL));
            }
            w.send(b.toByteArray());
            List<Integer> accepted = new ArrayList<>();
            H2Wire.Frame goAway = w.await(f -> {
                if (f.type() == HEADERS) {
                    accepted.add(f.streamId());
                }
                return f.isGoAway();
            }, ANSWER);
            // The budget is 200 resets more than completions: the 201st reset (stream 401) ends the connection,
            // and every stream up to it was processed.
            assertThat(goAway.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(goAway.lastStreamId()).isEqualTo(401);
            assertThat(goAway.debug()).contains("rapid reset: 201 more peer streams reset than completed");
            assertThat(accepted).hasSize(201).allMatch(id -> id <= 401);
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM rapid reset: 201 more peer streams reset", ANSWER);
    }

    /** The budget is a debt, not a total: resets paid back by completed requests never end the connection. */
    @Test
    void resetsBalancedByCompletedRequestsAreServed() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            for (int round = 0; round < 3; round++) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int i = 0; i < 150; i++) {
                    int s = w.nextStream();
                    b.writeBytes(headers(s, END_HEADERS, connect("/echo")));
                    b.writeBytes(rst(s, CANCEL));
                }
                int last = 0;
                for (int i = 0; i < 150; i++) {
                    last = w.nextStream();
                    b.writeBytes(head(last));
                }
                w.send(b.toByteArray());
                int lastHead = last;
                H2Wire.Frame f = w.await(x -> x.streamId() == lastHead || x.isGoAway(), ANSWER);
                assertThat(f.status()).as("HEAD after %d resets in total", 150 * (round + 1)).isEqualTo(200);
            }
            int s = w.openWebSocket("/echo");
            w.sendWs(s, Wire.text("after 450 resets"));
            assertThat(w.readWs(s, ANSWER).text()).isEqualTo("after 450 resets");
            assertThat(w.seen()).noneMatch(H2Wire.Frame::isGoAway);
        }
    }

    /** Requests the server must reset itself (malformed) count against the same budget. */
    @Test
    void provokedResetsGetGoAwayEnhanceYourCalmPastTheBudget() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int i = 0; i < 250; i++) {
                b.writeBytes(headers(w.nextStream(), END_HEADERS | END_STREAM,
                        request("GET", "/", "X-Uppercase", "not allowed in HTTP/2")));
            }
            w.send(b.toByteArray());
            List<Integer> reset = new ArrayList<>();
            H2Wire.Frame goAway = w.await(f -> {
                if (f.type() == RST_STREAM) {
                    assertThat(f.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
                    reset.add(f.streamId());
                }
                return f.isGoAway();
            }, ANSWER);
            assertThat(reset).hasSize(201);
            assertThat(goAway.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(goAway.lastStreamId()).as("no request was processed").isZero();
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM rapid reset: 201 ", ANSWER);
    }

    /** HEADERS without END_HEADERS, then CONTINUATION frames that never end the block. */
    @Test
    void continuationFloodIsAConnectionError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int first = w.nextStream();
            w.send(head(first));
            assertThat(w.await(f -> f.streamId() == first, ANSWER).status()).isEqualTo(200);
            int s = w.nextStream();
            byte[] oneByte = continuation(s, 0, new byte[] {0});
            WriteFlood flood = new WriteFlood(w::send, n -> n == 0
                    ? headers(s, 0, request("GET", "/")) : repeat(oneByte, 1000), 1 << 20);
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(goAway.lastStreamId()).isEqualTo(first);
            assertThat(goAway.debug())
                    .isEqualTo("CONTINUATION flood: more than 32 CONTINUATION frames in one field block");
            w.awaitEnd(ANSWER);
            flood.stop.set(true);
        }
        // Large fragments: the block is refused once it passes 64 KiB, so the server never holds more. After the
        // GOAWAY the server half-closes and drops what still comes until the close timeout.
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.nextStream();
            byte[] big = continuation(s, 0, new byte[H2Frames.MAX_FRAME]);
            WriteFlood flood = new WriteFlood(w::send, n -> n == 0 ? headers(s, 0, request("GET", "/")) : big,
                    64 << 20);
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(goAway.lastStreamId()).isZero();
            assertThat(goAway.debug()).isEqualTo("field block larger than 65536 octets");
            w.awaitEnd(ANSWER);
            flood.stop.set(true);
        }
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM CONTINUATION flood: more than 32", ANSWER);
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM field block larger than 65536 octets", ANSWER);
    }

    /** CVE-2019-9518: empty DATA frames (no data, no END_STREAM) cost work and carry nothing. */
    @Test
    void emptyDataFloodGetsGoAwayEnhanceYourCalm() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.openWebSocket("/echo");
            w.send(repeat(H2Frames.data(s, 0, new byte[0]), 150));
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(goAway.lastStreamId()).isEqualTo(s);
            assertThat(goAway.debug())
                    .isEqualTo("empty frame flood: more than 100 empty frames without data in between");
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM empty frame flood", ANSWER);
    }

    /** SETTINGS_MAX_CONCURRENT_STREAMS (100): the excess is refused one stream at a time, the rest are served. */
    @Test
    void streamsOverTheConcurrencyLimitAreRefused() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            assertThat(w.serverSettings).containsEntry(H2Frames.MAX_CONCURRENT_STREAMS, 100L);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int i = 0; i < 110; i++) {
                b.writeBytes(headers(w.nextStream(), END_HEADERS, connect("/echo")));
            }
            w.send(b.toByteArray());
            List<Integer> accepted = new ArrayList<>();
            List<Integer> refused = new ArrayList<>();
            while (accepted.size() + refused.size() < 110) {
                H2Wire.Frame f = w.await(x -> x.type() == HEADERS || x.type() == RST_STREAM || x.isGoAway(), ANSWER);
                assertThat(f.isGoAway()).as("%s", f).isFalse();
                if (f.type() == HEADERS) {
                    assertThat(f.status()).isEqualTo(200);
                    accepted.add(f.streamId());
                } else {
                    assertThat(f.code()).isEqualTo(ErrorCode.REFUSED_STREAM);
                    refused.add(f.streamId());
                }
            }
            assertThat(accepted).hasSize(100).allMatch(id -> id <= 199);
            assertThat(refused).containsExactly(201, 203, 205, 207, 209, 211, 213, 215, 217, 219);
            // A slot given back is usable again, and the open streams still work.
            w.send(rst(1, CANCEL));
            int again = w.openWebSocket("/echo");
            assertThat(again).isEqualTo(221);
            w.sendWs(199, Wire.text("stream 199"));
            assertThat(w.readWs(199, ANSWER).text()).isEqualTo("stream 199");
        }
    }

    /** CVE-2019-9512: PING frames, each answered, with nothing else in between. */
    @Test
    void pingFloodGetsGoAwayAfterTheControlFrameBudget() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            w.send(repeat(ping(7), 1500));
            int acks = 0;
            H2Wire.Frame f;
            while (!(f = w.await(x -> x.type() == PING || x.isGoAway(), ANSWER)).isGoAway()) {
                assertThat(f.has(ACK)).isTrue();
                acks++;
            }
            // 1000 control frames answered: the preface's SETTINGS, then 999 PINGs.
            assertThat(acks).isEqualTo(999);
            assertThat(f.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            assertThat(f.lastStreamId()).isZero();
            assertThat(f.debug()).isEqualTo("PING/SETTINGS flood: more than 1000 without a request or data in between");
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM PING/SETTINGS flood", ANSWER);
    }

    /** CVE-2019-9515: SETTINGS frames, each acknowledged. */
    @Test
    void settingsFloodGetsGoAwayAfterTheControlFrameBudget() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            w.send(repeat(H2Frames.settings(H2Frames.INITIAL_WINDOW_SIZE, 1 << 20), 1500));
            int acks = 0;
            H2Wire.Frame f;
            while (!(f = w.await(x -> x.type() == SETTINGS && x.has(ACK) || x.isGoAway(), ANSWER)).isGoAway()) {
                acks++;
            }
            assertThat(acks).as("acknowledgements, the preface's SETTINGS included").isEqualTo(1000);
            assertThat(f.code()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
            w.awaitEnd(ANSWER);
        }
    }

    /** Keep-alive pings between requests are not a flood. */
    @Test
    void pingsBetweenRequestsAreAnswered() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int acks = 0;
            for (int round = 0; round < 3; round++) {
                int s = w.nextStream();
                w.send(concat(repeat(ping(round), 900), head(s)));
                H2Wire.Frame f;
                while ((f = w.await(x -> x.type() == PING || x.streamId() == s || x.isGoAway(), ANSWER))
                        .type() == PING) {
                    acks++;
                }
                assertThat(f.status()).isEqualTo(200);
            }
            assertThat(acks).isEqualTo(2700);
            assertThat(w.seen()).noneMatch(H2Wire.Frame::isGoAway);
        }
    }

    /**
     * A PING flood from a peer that reads nothing: the server answers at most the budget's worth, sends GOAWAY and
     * ends the connection (what still comes is dropped until the close timeout), whatever the flood's length.
     */
    @Test
    void pingFloodFromAPeerThatNeverReadsIsDropped() throws Exception {
        try (H2Wire w = H2Wire.connect(server.port(), 8 * 1024)) {
            byte[] pings = repeat(ping(1), 1000);
            WriteFlood flood = new WriteFlood(w::send, n -> n == 0
                    ? concat(H2Frames.PREFACE, H2Frames.settings(), pings) : pings, 32 << 20);
            assertThat(flood.awaitEnd(ANSWER)).as("the flood ended (written or its connection failed)").isTrue();
            List<H2Wire.Frame> answers = w.awaitEnd(ANSWER);
            assertThat(answers.stream().filter(f -> f.type() == PING)).as("PING acknowledgements").hasSize(999);
            assertThat(answers).last().matches(H2Wire.Frame::isGoAway, "GOAWAY last")
                    .extracting(H2Wire.Frame::code).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM);
        }
        ServerWatch.awaitLine(server, FAILED + "ENHANCE_YOUR_CALM PING/SETTINGS flood", ANSWER);
    }

    /**
     * A peer that never reads and keeps the server answering: a HEAD request (progress, so no flood by the
     * control-frame rule) then 900 PINGs, again and again. The server must stop reading it (as over HTTP/1.1, while
     * more than {@code maxBufferedBytes} wait to be written) or drop it, not buffer its answers without bound.
     */
    @Test
    void peerThatNeverReadsIsNotBufferedWithoutBound() throws Exception {
        byte[] pings = repeat(ping(1), 900);
        try (H2Wire w = H2Wire.connect(server.port(), 8 * 1024)) {
            WriteFlood flood = new WriteFlood(w::send, n -> {
                byte[] request = head(2 * (int) n + 1);
                return n == 0 ? concat(H2Frames.PREFACE, H2Frames.settings(), request, pings) : concat(request, pings);
            }, 64 << 20);
            boolean blocked = flood.awaitBlocked(Duration.ofSeconds(1), Duration.ofSeconds(30));
            assertThat(blocked || flood.failure.get() != null)
                    .as("the server stopped reading or dropped the peer (%d bytes taken)", flood.written.get())
                    .isTrue();
            assertThat(flood.written.get()).as("bytes the server took from a peer that never reads")
                    .isLessThan(32 << 20);
            probes.assertResponsive("the flood");
            server.assertHealthy();
        }
    }
}
