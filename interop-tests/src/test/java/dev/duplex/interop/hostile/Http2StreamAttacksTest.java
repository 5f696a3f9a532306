package dev.duplex.interop.hostile;

import dev.duplex.http2.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.duplex.interop.hostile.H2Frames.ACK;
import static dev.duplex.interop.hostile.H2Frames.DATA;
import static dev.duplex.interop.hostile.H2Frames.END_STREAM;
import static dev.duplex.interop.hostile.H2Frames.INITIAL_WINDOW_SIZE;
import static dev.duplex.interop.hostile.H2Frames.PING;
import static dev.duplex.interop.hostile.H2Frames.RST_STREAM;
import static dev.duplex.interop.hostile.H2Frames.WINDOW_UPDATE;
import static dev.duplex.interop.hostile.H2Frames.data;
import static dev.duplex.interop.hostile.H2Frames.windowUpdate;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the streams of the HTTP/2 side of {@code duplex serve} that carry WebSockets (RFC 8441): flow-control
 * stalls and violations, WINDOW_UPDATE overflows, and WebSocket-level hostility inside DATA (docs/HARDENING.md,
 * "HTTP/2"). The server runs with a 256 KiB outgoing limit per WebSocket and a 2 s close timeout, so that the
 * documented endings come quickly; an HTTP/1.1 and an HTTP/2 client keep their echo latency throughout.
 */
@Timeout(60)
class Http2StreamAttacksTest {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration CLOSE = Duration.ofSeconds(2);
    private static final int MAX_BUFFERED = 256 << 10;
    /** The stream and connection receive windows the server advertises (Http2Config defaults). */
    private static final int STREAM_WINDOW = 1 << 20;
    private static final int CONNECTION_WINDOW = 16 << 20;
    private static final int MAX_WINDOW = Integer.MAX_VALUE;
    private static final String FAILED = ServerWatch.CONNECTION_FAILED;
    private static ServeProcess server;
    private H2Probes probes;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start("-v", "--max-buffered", "256KiB", "--close-timeout", CLOSE.toString());
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

    private static void assertEchoes(H2Wire w, int stream, String text) throws IOException {
        w.sendWs(stream, Wire.text(text));
        assertThat(w.readWs(stream, ANSWER).text()).as("echo on stream %d", stream).isEqualTo(text);
    }

    /** A PING answered: every frame sent before it was processed. Returns the frames read until its ACK. */
    private static List<H2Wire.Frame> barrier(H2Wire w) throws IOException {
        List<H2Wire.Frame> before = new ArrayList<>();
        w.send(H2Frames.ping(0x5eed));
        w.await(f -> {
            before.add(f);
            return f.type() == PING && f.has(ACK) || f.isGoAway();
        }, ANSWER);
        return before;
    }

    /**
     * The client's stream windows are 0 (SETTINGS_INITIAL_WINDOW_SIZE) and it never grants any: the echoes of what
     * it sends to /echo (within the server's window) cannot leave. They pile up in that stream only to the
     * outgoing limit plus one message; then the overflow policy (CLOSE) closes the WebSocket with 1008, whose close
     * frame cannot leave either, and the stream is reset (CANCEL) at the close timeout. Another stream of the same
     * connection keeps working meanwhile.
     */
    @Test
    void zeroWindowStallIsBoundedByTheOverflowPolicy() throws Exception {
        try (H2Wire w = H2Wire.open(server.port(), INITIAL_WINDOW_SIZE, 0)) {
            int stalled = w.openWebSocket("/echo");
            byte[] message = Wire.frame(Wire.Frame.BINARY, new byte[16_000]);
            for (int i = 0; i < 50; i++) {
                w.sendWs(stalled, message); // 800 KB in all: within the server's 1 MiB stream window
            }
            long sent = System.nanoTime();
            String overflow = ServerWatch.awaitLine(server,
                    "outgoing buffer over its limit \\(([\\d,]+) > 262,144 bytes\\), closing with 1008", ANSWER);
            Matcher m = Pattern.compile("\\(([\\d,]+) >").matcher(overflow);
            assertThat(m.find()).isTrue();
            long buffered = Long.parseLong(m.group(1).replace(",", ""));
            assertThat(buffered).as("bytes buffered for the stalled stream").isLessThanOrEqualTo(MAX_BUFFERED + 16_004);

            int other = w.openWebSocket("/echo");
            w.send(windowUpdate(other, 1 << 20));
            assertEchoes(w, other, "another stream of the stalled connection");

            H2Wire.Frame reset = w.await(f -> f.isReset(stalled) || f.isGoAway(), ANSWER);
            Duration after = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(reset.isReset(stalled)).as("%s", reset).isTrue();
            assertThat(reset.code()).isEqualTo(ErrorCode.CANCEL);
            assertThat(after).as("reset after the close timeout")
                    .isBetween(CLOSE.minusMillis(500), CLOSE.plusSeconds(4));
            assertThat(w.seen()).noneMatch(f -> f.streamId() == stalled && f.type() == DATA);
            assertEchoes(w, other, "still");
        }
        ServerWatch.awaitLine(server, "/echo over HTTP/2 stream \\d+ of connection \\d+ closed 1006 \\(abnormal closure\\) \"close handshake timed out\" "
                + "\\(not clean\\), 50 messages in", ANSWER);
    }

    /**
     * A WebSocket stream whose reading the server has paused: the client's stream windows are 0, so the echo of
     * one 300 KiB message stays in the stream and passes the outgoing limit (256 KiB). A paused stream keeps the
     * credit of what it receives (no WINDOW_UPDATE), so its window only shrinks. Returns the stream; the server's
     * receive window for it is {@code STREAM_WINDOW - sent}, with {@code sent} = 307,214.
     */
    private static int pausedStream(H2Wire w) throws IOException {
        int s = w.openWebSocket("/echo");
        w.sendWs(s, Wire.frame(Wire.Frame.BINARY, new byte[300 << 10]));
        return s;
    }

    /** DATA that fills {@code bytes} of a stream's window: the start of a 16 MiB binary message, never finished. */
    private static void fill(H2Wire w, int stream, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        byte[] header = Wire.header(true, 0, Wire.Frame.BINARY, 16 << 20, 0);
        System.arraycopy(header, 0, b, 0, header.length);
        w.sendWs(stream, b);
    }

    /** RFC 9113 section 6.9.1: DATA beyond the stream window the server advertised is a stream error. */
    @Test
    void dataBeyondTheStreamWindowGetsRstFlowControlError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port(), INITIAL_WINDOW_SIZE, 0)) {
            int s = pausedStream(w);
            int other = w.openWebSocket("/echo");
            fill(w, s, STREAM_WINDOW - 307_214);
            // Exactly the window: accepted, and no credit given back.
            assertThat(barrier(w)).noneMatch(f -> f.streamId() == s && (f.type() == RST_STREAM
                    || f.type() == WINDOW_UPDATE)).noneMatch(H2Wire.Frame::isGoAway);
            w.send(data(s, 0, new byte[1]));
            H2Wire.Frame reset = w.await(f -> f.streamId() == s && f.type() != DATA || f.isGoAway(), ANSWER);
            assertThat(reset.isReset(s)).as("%s", reset).isTrue();
            assertThat(reset.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            w.send(windowUpdate(other, 1 << 20));
            assertEchoes(w, other, "the connection goes on");
        }
        ServerWatch.awaitLine(server, "HTTP/2 stream \\d+ of connection \\d+ .*reset by us: FLOW_CONTROL_ERROR",
                ANSWER);
    }

    /** RFC 9113 section 6.9.1: DATA beyond the connection window is a connection error. */
    @Test
    void dataBeyondTheConnectionWindowGetsGoAwayFlowControlError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port(), INITIAL_WINDOW_SIZE, 0)) {
            int streams = CONNECTION_WINDOW / STREAM_WINDOW;
            int last = 0;
            for (int i = 0; i < streams; i++) {
                last = pausedStream(w);
                fill(w, last, STREAM_WINDOW - 307_214);
            }
            int open = w.openWebSocket("/echo");
            assertThat(barrier(w)).noneMatch(f -> f.type() == RST_STREAM || f.type() == WINDOW_UPDATE)
                    .noneMatch(H2Wire.Frame::isGoAway);
            w.send(data(open, 0, new byte[1]));
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            assertThat(goAway.lastStreamId()).isEqualTo(open).isEqualTo(last + 2);
            assertThat(goAway.debug()).startsWith("DATA of 1 octets beyond the connection receive window 0");
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server,
                FAILED + "FLOW_CONTROL_ERROR DATA of 1 octets beyond the connection receive window", ANSWER);
    }

    /** RFC 9113 section 6.9.1: a stream send window above 2^31-1 is a stream error, the connection goes on. */
    @Test
    void windowUpdateOverflowingAStreamGetsRstFlowControlError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.openWebSocket("/echo");
            int other = w.openWebSocket("/echo");
            w.send(windowUpdate(s, MAX_WINDOW));
            H2Wire.Frame reset = w.await(f -> f.streamId() == s || f.isGoAway(), ANSWER);
            assertThat(reset.isReset(s)).as("%s", reset).isTrue();
            assertThat(reset.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            assertEchoes(w, other, "the other stream");
        }
        // To the octet: a window of exactly 2^31-1 (SETTINGS_INITIAL_WINDOW_SIZE), then an increment of 1.
        try (H2Wire w = H2Wire.open(server.port(), INITIAL_WINDOW_SIZE, MAX_WINDOW)) {
            int s = w.openWebSocket("/echo");
            assertEchoes(w, s, "a full window"); // its DATA credited back at once: the window is 2^31-1 again
            assertThat(barrier(w)).noneMatch(f -> f.streamId() == s && f.type() == RST_STREAM);
            w.send(windowUpdate(s, 1));
            H2Wire.Frame reset = w.await(f -> f.streamId() == s && f.type() != DATA || f.isGoAway(), ANSWER);
            assertThat(reset.isReset(s)).as("%s", reset).isTrue();
            assertThat(reset.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
        }
    }

    /**
     * The connection send window above 2^31-1 (a WINDOW_UPDATE on stream 0, or SETTINGS_INITIAL_WINDOW_SIZE that
     * takes an open stream's window past it, section 6.9.2) is a connection error FLOW_CONTROL_ERROR.
     */
    @Test
    void windowOverflowOnTheConnectionGetsGoAwayFlowControlError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.openWebSocket("/echo");
            w.send(windowUpdate(0, MAX_WINDOW));
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            assertThat(goAway.lastStreamId()).isEqualTo(s);
            assertThat(goAway.debug()).isEqualTo("connection send window above 2^31-1 (6.9.1)");
            w.awaitEnd(ANSWER);
        }
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.openWebSocket("/echo");
            w.send(windowUpdate(s, MAX_WINDOW - (16 << 20))); // the stream window is now exactly 2^31-1
            w.send(H2Frames.settings(INITIAL_WINDOW_SIZE, (16 << 20) + 1));
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            assertThat(goAway.debug()).contains("takes the window of stream " + s + " above 2^31-1");
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "FLOW_CONTROL_ERROR connection send window above 2\\^31-1", ANSWER);
    }

    /**
     * RFC 9113 section 4.2: a frame of SETTINGS_MAX_FRAME_SIZE (16,384) octets passes; one announcing more is a
     * connection error FRAME_SIZE_ERROR decided from its header alone (nothing reserved for the payload).
     */
    @Test
    void frameOverTheMaxFrameSizeGetsGoAwayFrameSizeError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.openWebSocket("/echo");
            byte[] full = Wire.frame(Wire.Frame.BINARY, new byte[H2Frames.MAX_FRAME - 8]);
            w.send(data(s, 0, full));
            assertThat(w.readWs(s, ANSWER).payload()).hasSize(H2Frames.MAX_FRAME - 8);
            byte[] header = Arrays.copyOf(data(s, 0, new byte[0]), 9);
            header[0] = header[1] = header[2] = (byte) 0xff; // 16,777,215 octets announced, none sent
            w.send(header);
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.FRAME_SIZE_ERROR);
            assertThat(goAway.lastStreamId()).isEqualTo(s);
            assertThat(goAway.debug()).endsWith("exceeds SETTINGS_MAX_FRAME_SIZE 16384 (4.2)");
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "FRAME_SIZE_ERROR .*exceeds SETTINGS_MAX_FRAME_SIZE 16384", ANSWER);
    }

    /**
     * A WebSocket-level violation inside DATA (an unmasked client frame, RFC 6455 section 5.1) closes that
     * WebSocket with 1002 and ends its stream with END_STREAM (RFC 8441 section 5.2); the other stream of the
     * connection is not affected.
     */
    @Test
    void unmaskedFrameOnAWebSocketStreamCloses1002() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int bad = w.openWebSocket("/echo");
            int good = w.openWebSocket("/echo");
            w.send(data(bad, 0, new byte[] {(byte) 0x81, 0x02, 'h', 'i'}));
            Wire.Frame close = w.readWs(bad, ANSWER);
            assertThat(close.opcode()).isEqualTo(Wire.Frame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(1002);
            H2Wire.Frame end = w.await(f -> f.streamId() == bad, ANSWER);
            assertThat(end.type()).as("%s", end).isEqualTo(DATA);
            assertThat(end.has(END_STREAM)).isTrue();
            assertEchoes(w, good, "unaffected");
            w.send(data(bad, END_STREAM, new byte[0]));
            assertEchoes(w, good, "still unaffected");
            assertThat(w.seen()).noneMatch(f -> f.type() == RST_STREAM).noneMatch(H2Wire.Frame::isGoAway);
        }
        ServerWatch.awaitLine(server, "protocol error by the peer, closed with 1002 \\(protocol error\\): "
                + "unmasked frame from a client", ANSWER);
        ServerWatch.awaitLine(server, "/echo over HTTP/2 stream \\d+ of connection \\d+ closed 1002 \\(protocol error\\) \"unmasked frame from a client\"",
                ANSWER);
    }
}
