package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Heads.SAMPLE_ACCEPT;
import static dev.duplex.engine.handshake.Heads.parseResponse;
import static dev.duplex.engine.handshake.Heads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.1: the client's request and its checks of the server's response. */
class ClientHandshakeTest {
    /** The nonce of the section 1.3 example: "the sample nonce". */
    private static final byte[] NONCE = Base64.getDecoder().decode(Heads.SAMPLE_KEY);

    @Test
    @DisplayName("4.1 items 1-9: the request bytes, minimal")
    void requestMinimal() {
        ClientHandshake client = client("ws://server.example.com/chat", List.of(), null, null);

        assertThat(client.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(text(client.request())).isEqualTo("""
                GET /chat HTTP/1.1\r
                Host: server.example.com\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
                Sec-WebSocket-Version: 13\r
                \r
                """);
    }

    @Test
    @DisplayName("4.1 items 10-12: subprotocols joined by \", \", the extension offer, then extra headers")
    void requestFull() {
        ClientHandshake client = client("wss://Example.com:8443/a%20b?x=1&y=%2F", List.of("chat", "superchat"),
                new HttpHeaders().add("Origin", "https://example.com"), "permessage-deflate; client_max_window_bits");

        assertThat(text(client.request())).isEqualTo("""
                GET /a%20b?x=1&y=%2F HTTP/1.1\r
                Host: Example.com:8443\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
                Sec-WebSocket-Version: 13\r
                Sec-WebSocket-Protocol: chat, superchat\r
                Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
                Origin: https://example.com\r
                \r
                """);
    }

    @ParameterizedTest(name = "4.1 item 4: {0} -> Host {1}, target {2}")
    @CsvSource({
        "ws://h.example,             h.example,       /",
        "ws://h.example:80/x,        h.example,       /x",
        "ws://h.example:443/x,       h.example:443,   /x",
        "wss://h.example:443/x,      h.example,       /x",
        "wss://h.example:80/x,       h.example:80,    /x",
        "WS://h.example?q,           h.example,       /?q",
        "ws://[::1]:9000/,           [::1]:9000,      /",
        "ws://127.0.0.1:8766,        127.0.0.1:8766,  /",
    })
    void hostAndTarget(String uri, String host, String target) {
        String request = text(client(uri, List.of(), null, null).request());

        assertThat(request).startsWith("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
    }

    @ParameterizedTest(name = "3: {0} is refused")
    @ValueSource(strings = {"http://h.example/", "ws://h.example/#frag", "ws://user@h.example/", "ws:h.example",
        "/relative", "ws://under_score/"})
    void badUris(String uri) {
        assertThatThrownBy(() -> client(uri, List.of(), null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("4.1 item 10: subprotocols must be distinct tokens; nonce exactly 16 bytes; no reserved extras")
    void misuse() {
        assertThatThrownBy(() -> client("ws://h/", List.of("chat", "chat"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("ws://h/", List.of("a b"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("ws://h/", List.of(""), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("ws://h/", List.of(), new HttpHeaders().add("sec-websocket-key", "x"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("ws://h/", List.of(), new HttpHeaders().add("Host", "x"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("ws://h/", List.of(), null, "deflate\r\nX: y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("ws://h/", List.of(), null, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), null, null, null, new byte[15]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("4.1: a server's 101 with the section 1.3 accept value passes")
    void acceptsValidResponse() throws HandshakeException {
        ClientHandshake.Result result = client().validate(parseResponse(response()));

        assertThat(result.subprotocol()).isNull();
        assertThat(result.extensions()).isNull();
        assertThat(result.headers().first("Sec-WebSocket-Accept")).isEqualTo(SAMPLE_ACCEPT);
    }

    @Test
    @DisplayName("4.1: the client round-trips with ServerHandshake")
    void roundTrip() throws HandshakeException {
        ClientHandshake client = client("ws://localhost:9000/echo", List.of("v1", "v2"), null, "permessage-deflate");
        OpeningRequest offer = Heads.validate(text(client.request()));
        String answer = text(ServerHandshake.accept(offer, "v2", "permessage-deflate", null));

        ClientHandshake.Result result = client.validate(parseResponse(answer));
        assertThat(result.subprotocol()).isEqualTo("v2");
        assertThat(result.extensions()).isEqualTo("permessage-deflate");
    }

    @Test
    @DisplayName("4.1: Upgrade and Connection are matched case-insensitively")
    void caseInsensitive() throws HandshakeException {
        String head = Heads.head("HTTP/1.1 101 Switching Protocols", "upgrade: WebSocket",
                "connection: keep-alive, UPGRADE", "sec-websocket-accept: " + SAMPLE_ACCEPT);

        assertThat(client().validate(parseResponse(head)).subprotocol()).isNull();
    }

    @Test
    @DisplayName("4.1: a 403 fails with the status, reason and headers the server sent")
    void status403() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> client().validate(parseResponse(
                Heads.head("HTTP/1.1 403 Forbidden", "Content-Length: 0", "X-Why: origin"))));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.reason()).isEqualTo("Forbidden");
        assertThat(e.headers().first("X-Why")).isEqualTo("origin");
        assertThat(e.getMessage()).isEqualTo("403 Forbidden: server answered 403 instead of 101 Switching Protocols");
    }

    @Test
    @DisplayName("4.1: a 200 (plain HTTP server) fails with status 200")
    void status200() {
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> client().validate(parseResponse(Heads.head("HTTP/1.1 200 OK"))));

        assertThat(e.status()).isEqualTo(200);
    }

    @Test
    @DisplayName("4.1: a wrong Sec-WebSocket-Accept fails with status 0")
    void wrongAccept() {
        HandshakeException e = failure(client(), response().replace(SAMPLE_ACCEPT, "AAAAAAAAAAAAAAAAAAAAAAAAAAA="));

        assertThat(e.status()).isZero();
        assertThat(e.reason()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("WebSocket handshake failed: Sec-WebSocket-Accept is "
                + "\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\", expected \"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\" (RFC 6455 section 4.1)");
    }

    @Test
    @DisplayName("4.1: the accept value is compared exactly (case-sensitive), once")
    void acceptExact() {
        assertThat(failure(client(), response().replace(SAMPLE_ACCEPT, SAMPLE_ACCEPT.toLowerCase())).status()).isZero();
        assertThat(failure(client(), response().replace("Sec-WebSocket-Accept: " + SAMPLE_ACCEPT + "\r\n", ""))
                .getMessage()).contains("Sec-WebSocket-Accept is missing");
        String twice = response().replace("\r\n\r\n", "\r\nSec-WebSocket-Accept: " + SAMPLE_ACCEPT + "\r\n\r\n");
        assertThat(failure(client(), twice).status()).isZero();
    }

    @Test
    @DisplayName("4.1: a missing or different Upgrade fails")
    void missingUpgrade() {
        assertThat(failure(client(), response().replace("Upgrade: websocket\r\n", "")).getMessage())
                .isEqualTo("WebSocket handshake failed: Upgrade is missing, not websocket (RFC 6455 section 4.1)");
        assertThat(failure(client(), response().replace("Upgrade: websocket", "Upgrade: h2c")).status()).isZero();
        assertThat(failure(client(), response().replace("Upgrade: websocket", "Upgrade: websocket, h2c")).status())
                .isZero();
    }

    @Test
    @DisplayName("4.1: a Connection without the upgrade token fails")
    void missingConnection() {
        assertThat(failure(client(), response().replace("Connection: Upgrade", "Connection: keep-alive"))
                .getMessage()).contains("without Upgrade");
        assertThat(failure(client(), response().replace("Connection: Upgrade\r\n", "")).status()).isZero();
    }

    @Test
    @DisplayName("4.1: a subprotocol that was not offered fails")
    void unofferedSubprotocol() {
        ClientHandshake offering = client("ws://server.example.com/chat", List.of("chat"), null, null);

        assertThat(failure(offering, response("Sec-WebSocket-Protocol: superchat")).getMessage())
                .isEqualTo("WebSocket handshake failed: server chose subprotocol \"superchat\", offered [chat] "
                        + "(RFC 6455 section 4.1)");
        assertThat(failure(offering, response("Sec-WebSocket-Protocol: CHAT")).status()).isZero();
        assertThat(failure(offering, response("Sec-WebSocket-Protocol: chat, chat")).status()).isZero();
        assertThat(failure(offering, response("Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: chat")).status())
                .isZero();
        assertThat(failure(client(), response("Sec-WebSocket-Protocol: chat")).getMessage())
                .as("none offered").contains("offered []");
    }

    @Test
    @DisplayName("4.1: the chosen subprotocol is returned; none chosen is allowed")
    void offeredSubprotocol() throws HandshakeException {
        ClientHandshake offering = client("ws://server.example.com/chat", List.of("chat", "superchat"), null, null);

        assertThat(offering.validate(parseResponse(response("Sec-WebSocket-Protocol: superchat"))).subprotocol())
                .isEqualTo("superchat");
        assertThat(offering.validate(parseResponse(response())).subprotocol()).isNull();
    }

    @Test
    @DisplayName("4.1: an extensions answer when none was offered fails (like the JDK client)")
    void unofferedExtension() {
        HandshakeException e = failure(client(), response("Sec-WebSocket-Extensions: permessage-deflate"));

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).isEqualTo("WebSocket handshake failed: server answered Sec-WebSocket-Extensions "
                + "\"permessage-deflate\" but none was offered (RFC 6455 section 4.1)");
    }

    @Test
    @DisplayName("4.1: with an offer, the extensions answer is returned verbatim for negotiation")
    void offeredExtension() throws HandshakeException {
        ClientHandshake offering = client("ws://server.example.com/chat", List.of(), null, "permessage-deflate");
        String answer = "permessage-deflate; server_no_context_takeover";

        assertThat(offering.validate(parseResponse(response("Sec-WebSocket-Extensions: " + answer))).extensions())
                .isEqualTo(answer);
        assertThat(offering.validate(parseResponse(response("Sec-WebSocket-Extensions: a", "Sec-WebSocket-Extensions: b")))
                .extensions()).isEqualTo("a, b");
        assertThat(offering.validate(parseResponse(response())).extensions()).isNull();
    }

    @Test
    @DisplayName("request() returns a fresh buffer each time")
    void freshBuffers() {
        ClientHandshake client = client();
        client.request().put(0, (byte) 'X');

        assertThat(text(client.request())).startsWith("GET ");
        assertThat(client.toString()).contains("key=dGhlIHNhbXBsZSBub25jZQ==");
    }

    private static ClientHandshake client() {
        return client("ws://server.example.com/chat", List.of(), null, null);
    }

    private static ClientHandshake client(String uri, List<String> subprotocols, HttpHeaders extra, String extensions) {
        return new ClientHandshake(URI.create(uri), subprotocols, extra, extensions, NONCE);
    }

    /** The section 1.3 sample response, with {@code extraLines}. */
    private static String response(String... extraLines) {
        StringBuilder out = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + SAMPLE_ACCEPT + "\r\n");
        for (String line : extraLines) {
            out.append(line).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    private static HandshakeException failure(ClientHandshake client, String response) {
        return assertThrows(HandshakeException.class, () -> client.validate(parseResponse(response)));
    }
}
