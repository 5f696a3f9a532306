package dev.duplex.engine.handshake;

import java.nio.charset.StandardCharsets;

import static dev.duplex.engine.handshake.Heads.bytes;
import static dev.duplex.engine.handshake.Heads.parseRequest;
import static dev.duplex.engine.handshake.Heads.parseResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadParserTest {

    @Test
    @DisplayName("RFC 9112 3 and 5: request line and header lines; OWS around values removed")
    void parsesRequestHead() throws HandshakeException {
        HttpRequestHead head = parseRequest(Heads.head("GET /chat?room=1 HTTP/1.1", "Host:  example.com \t",
                "X-Empty:", "Upgrade:websocket"));

        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/chat?room=1");
        assertThat(head.version()).isEqualTo("HTTP/1.1");
        assertThat(head.headers()).hasToString("{Host: example.com, X-Empty: , Upgrade: websocket}");
    }

    @Test
    @DisplayName("RFC 9112 4: status line with reason phrase, and without one")
    void parsesResponseHead() throws HandshakeException {
        HttpResponseHead head = parseResponse(Heads.head("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket"));
        assertThat(head.version()).isEqualTo("HTTP/1.1");
        assertThat(head.status()).isEqualTo(101);
        assertThat(head.reason()).isEqualTo("Switching Protocols");
        assertThat(head.headers().first("upgrade")).isEqualTo("websocket");

        assertThat(parseResponse(Heads.head("HTTP/1.1 403 ")).reason()).isEmpty();
        assertThat(parseResponse(Heads.head("HTTP/1.1 403")).status()).isEqualTo(403);
    }

    @Test
    @DisplayName("RFC 9112 2.2: bare LF line endings are accepted")
    void bareLf() throws HandshakeException {
        HttpRequestHead head = parseRequest("GET / HTTP/1.1\nHost: a\r\nX: y\n\n");

        assertThat(head.headers()).hasToString("{Host: a, X: y}");
    }

    @Test
    @DisplayName("RFC 9112 2.2: a bare CR is refused with 400")
    void bareCr() {
        assertStatus(400, "GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n");
    }

    @Test
    @DisplayName("RFC 9112 2.2: empty lines before the request line are ignored")
    void leadingEmptyLines() throws HandshakeException {
        assertThat(parseRequest("\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").target()).isEqualTo("/");
    }

    @Test
    @DisplayName("RFC 6455 4.1: the head ends at CRLF CRLF; frame bytes after it are not consumed")
    void stopsAtEndOfHead() throws HandshakeException {
        String head = Heads.head("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket");
        ByteBuffer in = bytes(head + "\u0081\u0002hi");
        HttpHeadParser parser = HttpHeadParser.forResponses(HeadLimits.defaults());

        assertThat(parser.parse(in)).isTrue();
        assertThat(in.position()).isEqualTo(head.length());
        assertThat(in.remaining()).isEqualTo(4);
        assertThat(parser.parse(in)).as("a complete parser consumes nothing more").isTrue();
        assertThat(in.remaining()).isEqualTo(4);
    }

    @Test
    @DisplayName("incomplete input returns false and keeps its place")
    void incomplete() throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());

        assertThat(parser.parse(bytes("GET / HTTP/1.1\r\nHo"))).isFalse();
        assertThat(parser.isDone()).isFalse();
        assertThatThrownBy(parser::request).isInstanceOf(IllegalStateException.class);
        assertThat(parser.parse(bytes("st: a\r\n\r"))).isFalse();
        assertThat(parser.parse(bytes("\n"))).isTrue();
        assertThat(parser.request().headers().first("Host")).isEqualTo("a");
        assertThatThrownBy(parser::response).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("bytes are read as ISO-8859-1")
    void latin1() throws HandshakeException {
        ByteBuffer in = ByteBuffer.wrap(new byte[] {
            'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n',
            'X', ':', ' ', (byte) 0xE9, (byte) 0xFF, '\r', '\n', '\r', '\n'});
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());

        assertThat(parser.parse(in)).isTrue();
        assertThat(parser.request().headers().first("X")).isEqualTo("\u00e9\u00ff");
    }

    @Test
    @DisplayName("RFC 9110 5.5 leniency: DEL is accepted in a value (Java-WebSocket's hixie-76 keys carry it)")
    void delInValue() throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());
        assertThat(parser.parse(ByteBuffer.wrap("GET / HTTP/1.1\r\nX-Del: a\u007Fb\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
        assertThat(parser.request().headers().first("X-Del")).isEqualTo("a\u007Fb");
    }

    @ParameterizedTest(name = "RFC 9112 5: 400 for header line {0}")
    @ValueSource(strings = {
        "NoColon",                     // 5: field-line needs ":"
        "Host : a",                    // 5.1: no whitespace between name and colon
        "Host\t: a",                   // 5.1
        ": empty name",                // 5: field-name = token
        "Bad(Name): a",                // 5.1: "(" is not a tchar
        "X-Nul: a\u0000b",             // 5.5: control character in value
        "X-Esc: a\u001Bb",             // 5.5
    })
    void malformedHeaderLine(String line) {
        assertStatus(400, "GET / HTTP/1.1\r\nHost: a\r\n" + line + "\r\n\r\n");
    }

    @Test
    @DisplayName("RFC 9112 5.2: obs-fold (a line starting with whitespace) is refused with 400")
    void obsFold() {
        assertStatus(400, "GET / HTTP/1.1\r\nX-Long: a\r\n b\r\n\r\n");
        assertStatus(400, "GET / HTTP/1.1\r\nX-Long: a\r\n\tb\r\n\r\n");
    }

    @ParameterizedTest(name = "RFC 9112 3: 400 for request line {0}")
    @ValueSource(strings = {
        "GET /",
        "GET  / HTTP/1.1",
        "GET / HTTP/1.1 ",
        "GET\t/ HTTP/1.1",
        "G(T / HTTP/1.1",
        " GET / HTTP/1.1",
        "GET /a\u00e9 HTTP/1.1",
        "GET / http/1.1",
        "GET / HTTP/1.1.1",
        "GET / HTTP/11",
        "GET / HTTP/x.1",
    })
    void malformedRequestLine(String line) {
        assertStatus(400, line + "\r\nHost: a\r\n\r\n");
    }

    @ParameterizedTest(name = "RFC 9110 15.6.6: 505 for {0}")
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0"})
    void unsupportedMajorVersion(String version) {
        assertStatus(505, "GET / " + version + "\r\nHost: a\r\n\r\n");
    }

    @ParameterizedTest(name = "RFC 9112 4: malformed status line {0} fails with status 0")
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.1 1O1 OK", "HTTP/1.1 1011 x", "HTTP/1.1 099 x", "HTTP/1.1 600 x",
        "HTTP/2 101 x", "HTTP/2.0 101 x", "ICY 200 OK", "HTTP/1.1 101 a\u0001b"})
    void malformedStatusLine(String line) {
        HandshakeException e = assertThrows(HandshakeException.class, () -> parseResponse(line + "\r\n\r\n"));
        assertThat(e.status()).as("not a status the server answered").isZero();
    }

    @Test
    @DisplayName("response header faults fail with status 0, not 400")
    void malformedResponseHeader() {
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> parseResponse("HTTP/1.1 101 OK\r\nUpgrade : websocket\r\n\r\n"));
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).startsWith("WebSocket handshake failed: whitespace before the colon");
    }

    @Test
    @DisplayName("after a failure the parser is terminal and throws the same exception")
    void terminalFailure() {
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());
        HandshakeException first = assertThrows(HandshakeException.class,
                () -> parser.parse(bytes("GET / HTTP/1.1\r\nBad Name: x\r\n")));
        HandshakeException again = assertThrows(HandshakeException.class,
                () -> parser.parse(bytes("Host: a\r\n\r\n")));

        assertThat(again).isSameAs(first);
        assertThat(first.status()).isEqualTo(400);
        assertThat(parser.toString()).contains("FAILED");
    }

    @Test
    @DisplayName("messages quote and escape peer data for a log line")
    void messagesAreEscaped() {
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> parseRequest("GET / HTTP/1.1\r\nX\u00e9: a\r\n\r\n"));

        assertThat(e.getMessage()).isEqualTo("400 Bad Request: header name is not a token: \"X\\xE9\"");
    }

    static void assertStatus(int status, String text) {
        HandshakeException e = assertThrows(HandshakeException.class, () -> parseRequest(text));
        assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
    }
}
