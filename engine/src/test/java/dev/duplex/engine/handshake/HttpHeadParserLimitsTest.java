package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Heads.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Limits before buffering: the parser fails on the first byte past a limit, without consuming it. */
class HttpHeadParserLimitsTest {
    private static final HeadLimits SMALL = new HeadLimits(32, 128, 3);

    @Test
    @DisplayName("HeadLimits.defaults(): 8192-byte lines, 16384-byte head, 100 headers; positive values only")
    void defaults() {
        assertThat(HeadLimits.defaults()).isEqualTo(new HeadLimits(8192, 16384, 100));
        assertThatThrownBy(() -> new HeadLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeadLimits(1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeadLimits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a header line of exactly maxLineLength bytes passes; one more byte is 431 at that byte")
    void headerLineLimit() throws HandshakeException {
        String start = "GET / HTTP/1.1\r\n";
        String exact = "X: " + "a".repeat(29);
        assertThat(exact).hasSize(32);
        assertThat(parser(SMALL).parse(bytes(start + exact + "\r\n\r\n"))).isTrue();

        ByteBuffer in = bytes(start + exact + "a\r\n\r\n");
        HttpHeadParser parser = parser(SMALL);
        HandshakeException e = assertThrows(HandshakeException.class, () -> parser.parse(in));

        assertThat(e.status()).isEqualTo(431);
        assertThat(e.reason()).isEqualTo("Request Header Fields Too Large");
        assertThat(in.position()).isEqualTo(start.length() + 32);
        assertThat(parser.bufferedCapacity()).isZero();
    }

    @Test
    @DisplayName("RFC 9112 3: a request line over the limit is 414")
    void requestLineLimit() {
        ByteBuffer in = bytes("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n");
        HandshakeException e = assertThrows(HandshakeException.class, () -> parser(SMALL).parse(in));

        assertThat(e.status()).isEqualTo(414);
        assertThat(in.position()).isEqualTo(32);
    }

    @Test
    @DisplayName("a head of exactly maxHeaderBytes passes; one more byte is 431 at that byte")
    void headLimit() throws HandshakeException {
        HeadLimits limits = new HeadLimits(32, 128, 10);
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (String name : new String[] {"A", "B", "C"}) {
            head.append(name).append(": ").append("v".repeat(27)).append("\r\n");
        }
        head.append("D: ").append("d".repeat(9)).append("\r\n\r\n");
        assertThat(head).hasSize(128);
        assertThat(parser(limits).parse(bytes(head.toString()))).isTrue();

        ByteBuffer in = bytes(head.toString().replace("D: d", "D: dd"));
        HandshakeException e = assertThrows(HandshakeException.class, () -> parser(limits).parse(in));
        assertThat(e.status()).isEqualTo(431);
        assertThat(e.getMessage()).isEqualTo("431 Request Header Fields Too Large: head is longer than 128 bytes");
        assertThat(in.position()).isEqualTo(128);
    }

    @Test
    @DisplayName("maxHeaderCount lines pass; the first byte of one more line is 431")
    void countLimit() throws HandshakeException {
        String three = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n";
        assertThat(parser(SMALL).parse(bytes(three + "\r\n"))).isTrue();

        ByteBuffer in = bytes(three + "D: 4\r\n\r\n");
        HandshakeException e = assertThrows(HandshakeException.class, () -> parser(SMALL).parse(in));
        assertThat(e.status()).isEqualTo(431);
        assertThat(e.getMessage()).endsWith("more than 3 header lines");
        assertThat(in.position()).isEqualTo(three.length());
    }

    @Test
    @DisplayName("with the default limits, an endless header line fails at byte 8193 of the line, buffering at most 8192")
    void floodWithDefaults() {
        String start = "GET / HTTP/1.1\r\nX: ";
        HttpHeadParser parser = parser(HeadLimits.defaults());
        HandshakeException e = assertThrows(HandshakeException.class, () -> {
            assertThat(parser.parse(bytes(start))).isFalse();
            byte[] chunk = "y".repeat(1000).getBytes();
            for (int i = 0; i < 1000; i++) {
                assertThat(parser.bufferedCapacity()).isLessThanOrEqualTo(8192);
                parser.parse(ByteBuffer.wrap(chunk));
            }
        });
        assertThat(e.status()).isEqualTo(431);
        assertThat(e.getMessage()).endsWith("header line is longer than 8192 bytes");
    }

    @Test
    @DisplayName("the line buffer grows with the line but never past maxLineLength")
    void bufferBound() throws HandshakeException {
        HttpHeadParser parser = parser(new HeadLimits(1000, 4000, 10));
        parser.parse(bytes("GET / HTTP/1.1\r\nX: " + "z".repeat(997)));

        assertThat(parser.bufferedCapacity()).isEqualTo(1000);
        assertThat(parser.parse(bytes("\r\n\r\n"))).isTrue();
    }

    @Test
    @DisplayName("a response over a limit fails with status 0: the server did not answer 431")
    void responseLimits() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> HttpHeadParser.forResponses(SMALL)
                .parse(bytes("HTTP/1.1 101 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n")));
        assertThat(e.status()).isZero();
    }

    private static HttpHeadParser parser(HeadLimits limits) {
        return HttpHeadParser.forRequests(limits);
    }
}
