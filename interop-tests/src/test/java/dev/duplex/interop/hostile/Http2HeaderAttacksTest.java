package dev.duplex.interop.hostile;

import dev.duplex.http2.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.duplex.interop.hostile.H2Frames.DATA;
import static dev.duplex.interop.hostile.H2Frames.END_HEADERS;
import static dev.duplex.interop.hostile.H2Frames.END_STREAM;
import static dev.duplex.interop.hostile.H2Frames.GOAWAY;
import static dev.duplex.interop.hostile.H2Frames.HEADERS;
import static dev.duplex.interop.hostile.H2Frames.PREFACE;
import static dev.duplex.interop.hostile.H2Frames.SETTINGS;
import static dev.duplex.interop.hostile.H2Frames.WINDOW_UPDATE;
import static dev.duplex.interop.hostile.H2Frames.block;
import static dev.duplex.interop.hostile.H2Frames.concat;
import static dev.duplex.interop.hostile.H2Frames.continuation;
import static dev.duplex.interop.hostile.H2Frames.headers;
import static dev.duplex.interop.hostile.H2Frames.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile field blocks and prefaces against the HTTP/2 side of {@code duplex serve} (docs/HARDENING.md,
 * "HTTP/2"): HPACK bombs and table size updates, header lists over SETTINGS_MAX_HEADER_LIST_SIZE, malformed
 * requests, extended CONNECT for another protocol, invalid and unfinished prefaces. Each gets its exact answer
 * while an HTTP/1.1 and an HTTP/2 client keep their echo latency. The handshake timeout is 2 s.
 */
@Timeout(60)
class Http2HeaderAttacksTest {
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    private static final String FAILED = ServerWatch.CONNECTION_FAILED;
    private static ServeProcess server;
    private H2Probes probes;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start("-v", "--handshake-timeout", HANDSHAKE_TIMEOUT.toString());
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

    /** The server's answer (HEADERS, RST_STREAM or GOAWAY) to a request on {@code stream}. */
    private static H2Wire.Frame answer(H2Wire w, int stream) throws Exception {
        return w.await(f -> f.streamId() == stream && f.type() != DATA && f.type() != WINDOW_UPDATE || f.isGoAway(),
                ANSWER);
    }

    /** A field block over several frames: HEADERS then CONTINUATION frames of at most 16 KiB each. */
    private static byte[] split(int stream, int flags, byte[] block) {
        byte[] out = new byte[0];
        for (int off = 0; off < block.length; off += H2Frames.MAX_FRAME) {
            byte[] part = Arrays.copyOfRange(block, off, Math.min(block.length, off + H2Frames.MAX_FRAME));
            boolean last = off + H2Frames.MAX_FRAME >= block.length;
            out = concat(out, off == 0 ? headers(stream, flags | (last ? END_HEADERS : 0), part)
                    : continuation(stream, last ? END_HEADERS : 0, part));
        }
        return out;
    }

    private static void assertServed(H2Wire w) throws Exception {
        int s = w.nextStream();
        w.send(headers(s, END_HEADERS | END_STREAM, request("HEAD", "/")));
        assertThat(answer(w, s).status()).as("a HEAD request afterwards on the same connection").isEqualTo(200);
    }

    /**
     * A 4000-octet field enters the dynamic table, then one-octet references to it: a 60 KB block whose header
     * list would be 226 MB. Refused with 431 once the list passes 16 KiB, without building it; the connection,
     * its HPACK state included, goes on.
     */
    @Test
    void hpackBombIsRefusedWith431() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int first = w.nextStream();
            H2Frames.Block bomb = new H2Frames.Block().literal(":method", "GET").literal(":scheme", "http")
                    .literal(":path", "/").literal(":authority", "127.0.0.1")
                    .indexedLiteral("x-bomb", "b".repeat(4000));
            for (int i = 0; i < 56_000; i++) {
                bomb.indexed(62);
            }
            byte[] block = bomb.bytes();
            assertThat(block.length).isLessThan(64 << 10);
            long start = System.nanoTime();
            w.send(split(first, END_STREAM, block));
            H2Wire.Frame refusal = answer(w, first);
            assertThat(refusal.status()).isEqualTo(431);
            assertThat(refusal.has(END_STREAM)).isTrue();
            // Again without the literal (the entry is in the table now), on a request that is still open: 431,
            // then RST_STREAM(NO_ERROR) ends the request side (RFC 9113 section 8.1).
            int second = w.nextStream();
            H2Frames.Block again = new H2Frames.Block().literal(":method", "CONNECT").literal(":protocol", "websocket")
                    .literal(":scheme", "http").literal(":path", "/echo").literal(":authority", "127.0.0.1");
            for (int i = 0; i < 16_000; i++) {
                again.indexed(62);
            }
            w.send(split(second, 0, again.bytes()));
            assertThat(answer(w, second).status()).isEqualTo(431);
            H2Wire.Frame reset = answer(w, second);
            assertThat(reset.isReset(second)).as("%s", reset).isTrue();
            assertThat(reset.code()).isEqualTo(ErrorCode.NO_ERROR);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertServed(w);
        }
    }

    /** A dynamic table size update above SETTINGS_HEADER_TABLE_SIZE (4096): COMPRESSION_ERROR (RFC 7541 6.3). */
    @Test
    void tableSizeUpdateAboveTheSettingIsACompressionError() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            assertServed(w);
            int s = w.nextStream();
            w.send(headers(s, END_HEADERS | END_STREAM, new H2Frames.Block().sizeUpdate(4097)
                    .literal(":method", "GET").literal(":scheme", "http").literal(":path", "/")
                    .literal(":authority", "127.0.0.1").bytes()));
            H2Wire.Frame goAway = w.await(H2Wire.Frame::isGoAway, ANSWER);
            assertThat(goAway.code()).isEqualTo(ErrorCode.COMPRESSION_ERROR);
            assertThat(goAway.lastStreamId()).isEqualTo(1);
            assertThat(goAway.debug())
                    .contains("dynamic table size update to 4097 exceeds the SETTINGS_HEADER_TABLE_SIZE limit 4096");
            w.awaitEnd(ANSWER);
        }
        ServerWatch.awaitLine(server, FAILED + "COMPRESSION_ERROR HPACK: dynamic table size update to 4097", ANSWER);
    }

    /**
     * SETTINGS_MAX_HEADER_LIST_SIZE is advertised (16 KiB) and enforced to the octet (RFC 9113 section 6.5.2: name
     * plus value plus 32 per field): a list of exactly 16384 is served, one octet more gets 431.
     */
    @Test
    void headerListOverTheLimitGets431() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            assertThat(w.serverSettings).containsEntry(H2Frames.MAX_HEADER_LIST_SIZE, 16_384L);
            // :method GET (42) + :scheme http (43) + :path / (38) + :authority 127.0.0.1 (51) = 174 octets
            int fits = 16_384 - 174 - ("x-filler".length() + 32);
            int s = w.nextStream();
            w.send(split(s, END_STREAM, request("HEAD", "/", "x-filler", "f".repeat(fits + 1))));
            assertThat(answer(w, s).status()).isEqualTo(431);
            int t = w.nextStream();
            w.send(split(t, END_STREAM, request("GET", "/", "x-filler", "f".repeat(fits))));
            assertThat(answer(w, t).status()).isEqualTo(200);
            // Many small fields count the same way.
            String[] many = new String[2 * 500];
            for (int i = 0; i < 500; i++) {
                many[2 * i] = "x-f" + i;
                many[2 * i + 1] = "v";
            }
            int u = w.nextStream();
            w.send(split(u, END_STREAM, request("GET", "/", many)));
            assertThat(answer(w, u).status()).isEqualTo(431);
            assertServed(w);
        }
    }

    /** RFC 8441 section 4: :protocol other than websocket on a WebSocket route is 501; on another path, 404. */
    @Test
    void extendedConnectForAnUnknownProtocolGets501() throws Exception {
        try (H2Wire w = H2Wire.open(server.port())) {
            int s = w.nextStream();
            w.send(headers(s, END_HEADERS, block(":method", "CONNECT", ":protocol", "h2-tunnel", ":scheme", "http",
                    ":path", "/echo", ":authority", "127.0.0.1", "sec-websocket-version", "13")));
            H2Wire.Frame refusal = answer(w, s);
            assertThat(refusal.status()).isEqualTo(501);
            H2Wire.Frame body = w.await(f -> f.streamId() == s && f.type() == DATA, ANSWER);
            assertThat(body.has(END_STREAM)).isTrue();
            assertThat(new String(body.payload(), StandardCharsets.UTF_8)).contains("websocket");
            int t = w.nextStream();
            w.send(headers(t, END_HEADERS, H2Frames.connect("/nowhere")));
            assertThat(answer(w, t).status()).isEqualTo(404);
            assertServed(w);
        }
        ServerWatch.awaitLine(server, "refused HTTP/2 stream 1 of connection \\d+ from /127\\.0\\.0\\.1:\\d+: 501 ",
                ANSWER);
    }

    /** Malformed requests (RFC 9113 sections 8.2, 8.3; RFC 8441 section 4): RST_STREAM(PROTOCOL_ERROR) each. */
    @Test
    void malformedRequestsAreResetWithProtocolError() throws Exception {
        List<String[]> malformed = List.of(
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":path", "/", ":authority", "x"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", ":foo", "y"},
                new String[] {":method", "GET", ":scheme", "http", ":authority", "x"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "", ":authority", "x"},
                new String[] {":scheme", "http", ":path", "/", ":authority", "x"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", "x", "y", ":authority", "x"},
                new String[] {":status", "200", ":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", "X-Upper", "y"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x",
                        "connection", "close"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", "te", "gzip"},
                new String[] {":method", "GET", ":scheme", "http", ":path", "/", ":authority", "x", "x-nl", "a\nb"},
                new String[] {":method", "GET", ":protocol", "websocket", ":scheme", "http", ":path", "/echo",
                        ":authority", "x"},
                new String[] {":method", "CONNECT", ":protocol", "websocket", ":scheme", "http", ":authority", "x"},
                new String[] {":method", "CONNECT", ":protocol", "websocket", ":protocol", "websocket",
                        ":scheme", "http", ":path", "/echo", ":authority", "x"});
        try (H2Wire w = H2Wire.open(server.port())) {
            for (String[] fields : malformed) {
                int s = w.nextStream();
                w.send(headers(s, END_HEADERS | END_STREAM, block(fields)));
                H2Wire.Frame f = answer(w, s);
                assertThat(f.isReset(s)).as("answer to %s: %s", Arrays.toString(fields), f).isTrue();
                assertThat(f.code()).as("answer to %s", Arrays.toString(fields)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            }
            assertServed(w);
        }
    }

    /** RFC 9113 section 3.4: a wrong preface, or a first frame other than SETTINGS, is a connection error. */
    @Test
    void invalidPrefaceGetsGoAwayProtocolError() throws Exception {
        assertRefused("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII), ErrorCode.PROTOCOL_ERROR,
                "invalid connection preface at octet 18 (3.4)");
        assertRefused("PRI * HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), ErrorCode.PROTOCOL_ERROR,
                "invalid connection preface at octet 11 (3.4)");
        assertRefused(concat(PREFACE, H2Frames.ping(1)), ErrorCode.PROTOCOL_ERROR,
                "the peer's preface must start with SETTINGS, got Ping (3.4)");
        assertRefused(concat(PREFACE, headers(1, END_HEADERS | END_STREAM, request("GET", "/"))),
                ErrorCode.PROTOCOL_ERROR, "the peer's preface must start with SETTINGS, got Headers (3.4)");
        assertRefused(concat(PREFACE, H2Frames.frame(SETTINGS, 0, 0, new byte[5])), ErrorCode.FRAME_SIZE_ERROR,
                "SETTINGS length 5 is not a multiple of 6 (6.5)");
        ServerWatch.awaitLine(server, FAILED + "PROTOCOL_ERROR invalid connection preface at octet 18", ANSWER);
    }

    /** The server's SETTINGS and connection WINDOW_UPDATE, then GOAWAY(code, last 0), then the end. */
    private static void assertRefused(byte[] opening, ErrorCode code, String debug) throws Exception {
        try (H2Wire w = H2Wire.connect(server.port(), 0)) {
            w.send(opening);
            List<H2Wire.Frame> frames = w.awaitEnd(ANSWER);
            assertThat(frames).extracting(H2Wire.Frame::type).containsExactly(SETTINGS, WINDOW_UPDATE, GOAWAY);
            H2Wire.Frame goAway = frames.get(2);
            assertThat(goAway.code()).isEqualTo(code);
            assertThat(goAway.lastStreamId()).isZero();
            assertThat(goAway.debug()).isEqualTo(debug);
        }
    }

    /**
     * A prior-knowledge client whose preface reaches the server in pieces (here "PR", then the rest 200 ms later)
     * speaks HTTP/2 all the same (RFC 9113 section 3.3: TCP may split any write).
     */
    @Test
    void prefaceSplitAcrossReadsIsHttp2() throws Exception {
        try (H2Wire w = H2Wire.connect(server.port(), 0)) {
            w.send(Arrays.copyOf(PREFACE, 2));
            Thread.sleep(200);
            w.send(concat(Arrays.copyOfRange(PREFACE, 2, PREFACE.length), H2Frames.settings()));
            H2Wire.Frame first = w.next(ANSWER);
            assertThat(first).isNotNull();
            assertThat(first.type()).isEqualTo(SETTINGS);
            assertServed(w);
        }
    }

    /**
     * Slowloris on the preface: a cleartext client that sends "PRI " (or the preface without its SETTINGS) and
     * then nothing is still in its opening handshake (RFC 9113 section 3.4) and must be dropped at the handshake
     * deadline, as an unfinished HTTP/1.1 request is.
     */
    @Test
    void unfinishedPrefaceIsDroppedAtTheHandshakeDeadline() throws Exception {
        byte[] pri = "PRI ".getBytes(StandardCharsets.US_ASCII);
        for (byte[] opening : List.of(pri, Arrays.copyOf(PREFACE, 20), PREFACE)) {
            try (H2Wire w = H2Wire.connect(server.port(), 0)) {
                long start = System.nanoTime();
                w.send(opening);
                w.awaitEnd(HANDSHAKE_TIMEOUT.plusSeconds(3));
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .isGreaterThan(HANDSHAKE_TIMEOUT.minusMillis(300));
            }
        }
    }
}
