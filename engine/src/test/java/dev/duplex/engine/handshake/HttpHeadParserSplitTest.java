package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Heads.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A resumable parser: any split of the input gives the same outcome as one piece. */
class HttpHeadParserSplitTest {
    private static final HeadLimits SMALL = new HeadLimits(40, 200, 4);

    static List<String> requests() {
        List<String> all = new ArrayList<>(List.of(
                Heads.request(),
                Heads.request("Origin: http://server.example.com", "Sec-WebSocket-Protocol: chat, superchat"),
                PeerRequests.CHROMIUM,
                PeerRequests.JETTY,
                "GET / HTTP/1.1\nHost: a\n\n",
                "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n",
                "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
                "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n",
                "GET / HTTP/2.0\r\n\r\n",
                "GET  / HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nX: \u0000\r\n\r\n",
                "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n",
                "GET / HTTP/1.1\r\nLong: " + "x".repeat(60) + "\r\n\r\n",
                "GET /" + "p".repeat(60) + " HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\n" + "Header-Number: 1234567890\r\n".repeat(8) + "\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n\u0081\u0085frame"));
        for (int i = 0; i < 40; i++) {
            all.add(Heads.request("X-" + i + ": " + "v".repeat(i)));
        }
        return all;
    }

    static List<String> responses() {
        return List.of(
                Heads.head("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Accept: " + Heads.SAMPLE_ACCEPT) + "\u0081\u0002hi",
                "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 101\nUpgrade: websocket\n\n",
                "HTTP/1.1 1O1 x\r\n\r\n",
                "HTTP/1.1 101 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("requests")
    @DisplayName("request heads (RFC 9112 3, 5): byte by byte and random splits equal one piece")
    void requestSplits(String text) {
        assertSplitsAgree(text, () -> HttpHeadParser.forRequests(HeadLimits.defaults()));
        assertSplitsAgree(text, () -> HttpHeadParser.forRequests(SMALL));
    }

    @ParameterizedTest
    @MethodSource("responses")
    @DisplayName("response heads (RFC 9112 4, 5): byte by byte and random splits equal one piece")
    void responseSplits(String text) {
        assertSplitsAgree(text, () -> HttpHeadParser.forResponses(HeadLimits.defaults()));
        assertSplitsAgree(text, () -> HttpHeadParser.forResponses(SMALL));
    }

    private static void assertSplitsAgree(String text, Supplier<HttpHeadParser> parsers) {
        String whole = outcome(parsers.get(), text, new int[] {text.length()});
        int[] ones = new int[text.length()];
        Arrays.fill(ones, 1);
        assertThat(outcome(parsers.get(), text, ones)).as("byte by byte").isEqualTo(whole);
        Random random = new Random(text.hashCode());
        for (int round = 0; round < 20; round++) {
            List<Integer> sizes = new ArrayList<>();
            for (int left = text.length(); left > 0; ) {
                int size = Math.min(left, 1 + random.nextInt(17));
                sizes.add(size);
                left -= size;
            }
            int[] split = sizes.stream().mapToInt(Integer::intValue).toArray();
            assertThat(outcome(parsers.get(), text, split)).as("split %s", sizes).isEqualTo(whole);
        }
    }

    /** What the parser made of {@code text} fed in pieces of the given sizes, and how much it consumed. */
    private static String outcome(HttpHeadParser parser, String text, int[] pieceSizes) {
        ByteBuffer all = bytes(text);
        int consumed = 0;
        try {
            for (int size : pieceSizes) {
                ByteBuffer piece = all.slice(consumed, size);
                boolean done = parser.parse(piece);
                consumed += piece.position();
                if (done) {
                    Object head = text.startsWith("HTTP") ? parser.response() : parser.request();
                    return "done after " + consumed + ": " + head;
                }
                if (piece.hasRemaining()) {
                    return "left bytes unconsumed without finishing";
                }
            }
            return "incomplete after " + consumed;
        } catch (HandshakeException e) {
            return "failed " + e.status() + " " + e.getMessage();
        }
    }
}
