package dev.duplex.engine.handshake;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static dev.duplex.engine.handshake.Heads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client side of the legacy handshakes: the requests, and the checks of the responses. */
class LegacyClientHandshakeTest {
    private static final URI URL = URI.create("ws://example.com:8080/chat?room=1");

    private static ClientHandshake client(ProtocolVersion version, List<String> subprotocols, HttpHeaders extra) {
        return ClientHandshake.forVersion(version, URL, subprotocols, extra, null, new SplittableRandom(42));
    }

    /** What a server of this package answers to the client's request, head and body. */
    private static ByteBuffer serverAnswer(ClientHandshake client, String subprotocol) throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());
        ByteBuffer request = client.request();
        assertThat(parser.parse(request)).isTrue();
        OpeningRequest offer = ServerHandshake.validate(parser.request(), ProtocolVersion.all());
        assertThat(ProtocolVersion.of(offer)).isEqualTo(client.version());
        assertThat(request.remaining()).isEqualTo(client.version().requestBodyLength());
        return ServerHandshake.accept(offer, subprotocol, null, null, false, request);
    }

    /** Parses a response head; the bytes after it are left in {@code in}. */
    private static HttpResponseHead head(ByteBuffer in) throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forResponses(HeadLimits.defaults());
        assertThat(parser.parse(in)).isTrue();
        return parser.response();
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}: request, server detection and answer, client check")
    @EnumSource(ProtocolVersion.class)
    void roundTrip(ProtocolVersion version) throws HandshakeException {
        ClientHandshake client = client(version, List.of("chat"), null);
        ByteBuffer answer = serverAnswer(client, "chat");
        HttpResponseHead response = head(answer);

        assertThat(answer.remaining()).isEqualTo(client.responseBodyLength());
        ClientHandshake.Result result = client.validate(response, answer);
        assertThat(result.subprotocol()).isEqualTo("chat");
        assertThat(result.extensions()).isNull();
    }

    @ParameterizedTest(name = "{0}: 2000 seeds, every handshake the server accepts and the client verifies")
    @EnumSource(value = ProtocolVersion.class, names = {"HIXIE_76"})
    void manySeeds(ProtocolVersion version) throws HandshakeException {
        for (int seed = 0; seed < 2000; seed++) {
            ClientHandshake client = ClientHandshake.forVersion(version, URL, null, null, null,
                    new SplittableRandom(seed));
            ByteBuffer answer = serverAnswer(client, null);
            assertThat(client.validate(head(answer), answer).subprotocol()).isNull();
        }
    }

    @Test
    @DisplayName("hixie-76 keys as the draft makes them: 1-12 spaces, never first or last, 1-12 other characters")
    void keyShape() throws HandshakeException {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5000; i++) {
            HixieKeys.Key key = HixieKeys.generate(random);
            String text = key.text();
            long spaces = text.chars().filter(c -> c == ' ').count();
            long noise = text.chars().filter(c -> c != ' ' && (c < '0' || c > '9')).count();
            assertThat(spaces).isBetween(1L, 12L);
            assertThat(noise).isBetween(1L, 12L);
            assertThat(text).doesNotStartWith(" ").doesNotEndWith(" ");
            assertThat(text.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
            assertThat(HixieKeys.parse("k", text)).isEqualTo(key.number());
            assertThat(key.number() * spaces).isLessThanOrEqualTo(HixieKeys.MAX_NUMBER);
        }
    }

    @Test
    @DisplayName("hixie-76 request: the draft's fields, Content-Length: 8, then 8 bytes of body")
    void hixie76Request() {
        ClientHandshake client = client(ProtocolVersion.HIXIE_76, List.of("chat"),
                new HttpHeaders().add("User-Agent", "test"));
        String request = text(client.request());

        assertThat(request).startsWith("""
                GET /chat?room=1 HTTP/1.1\r
                Upgrade: WebSocket\r
                Connection: Upgrade\r
                Host: example.com:8080\r
                Origin: http://example.com:8080\r
                Sec-WebSocket-Protocol: chat\r
                Sec-WebSocket-Key1: """).contains("\r\nSec-WebSocket-Key2: ",
                "\r\nContent-Length: 8\r\nUser-Agent: test\r\n\r\n");
        assertThat(request.length() - request.indexOf("\r\n\r\n") - 4).isEqualTo(8);
        assertThat(client.key()).isEmpty();
        assertThat(client.responseBodyLength()).isEqualTo(16);
    }

    @Test
    @DisplayName("hixie-75 request: WebSocket-Protocol, the Origin given in the extra headers, no keys, no body")
    void hixie75Request() {
        ClientHandshake client = client(ProtocolVersion.HIXIE_75, List.of("chat"),
                new HttpHeaders().add("Origin", "http://app.example"));
        assertThat(text(client.request())).isEqualTo("""
                GET /chat?room=1 HTTP/1.1\r
                Upgrade: WebSocket\r
                Connection: Upgrade\r
                Host: example.com:8080\r
                Origin: http://app.example\r
                WebSocket-Protocol: chat\r
                \r
                """);
        assertThat(client.responseBodyLength()).isZero();
    }

    @Test
    @DisplayName("hybi-08 request: Sec-WebSocket-Version: 8, the Origin sent as Sec-WebSocket-Origin")
    void hybi08Request() {
        ClientHandshake client = client(ProtocolVersion.HYBI_08, null,
                new HttpHeaders().add("Origin", "http://app.example").add("X-A", "b"));
        String request = text(client.request());

        assertThat(request).contains("\r\nSec-WebSocket-Version: 8\r\n", "\r\nSec-WebSocket-Origin: http://app.example\r\n",
                "\r\nX-A: b\r\n").doesNotContain("\r\nOrigin:");
        assertThat(client.key()).hasSize(24);
        assertThat(text(client(ProtocolVersion.HYBI_07, null, null).request()))
                .contains("\r\nSec-WebSocket-Version: 7\r\n");
        assertThat(text(client(ProtocolVersion.RFC_6455, null, new HttpHeaders().add("Origin", "http://o")).request()))
                .contains("\r\nSec-WebSocket-Version: 13\r\n", "\r\nOrigin: http://o\r\n");
    }

    @Test
    @DisplayName("wss: the default hixie origin is https:// and the expected location wss://")
    void secureHixie() throws HandshakeException {
        ClientHandshake client = ClientHandshake.forVersion(ProtocolVersion.HIXIE_75, URI.create("wss://example.com/x"),
                null, null, null, new SplittableRandom(1));
        assertThat(text(client.request())).contains("\r\nHost: example.com\r\nOrigin: https://example.com\r\n");
        String ok = Heads.head("HTTP/1.1 101 Web Socket Protocol Handshake", "Upgrade: WebSocket", "Connection: Upgrade",
                "WebSocket-Origin: https://example.com", "WebSocket-Location: wss://example.com/x");
        assertThat(client.validate(Heads.parseResponse(ok)).subprotocol()).isNull();
    }

    @Test
    @DisplayName("hixie-76: a wrong 16-byte answer, a missing or short one, fail the handshake")
    void wrongAnswer() throws HandshakeException {
        ClientHandshake client = client(ProtocolVersion.HIXIE_76, null, null);
        ByteBuffer answer = serverAnswer(client, null);
        HttpResponseHead response = head(answer);
        byte[] good = new byte[16];
        answer.get(answer.position(), good);

        byte[] bad = good.clone();
        bad[15] ^= 1;
        assertThatThrownBy(() -> client.validate(response, ByteBuffer.wrap(bad)))
                .isInstanceOfSatisfying(HandshakeException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.detail()).contains("answer does not match");
                });
        assertThatThrownBy(() -> client.validate(response)).isInstanceOf(HandshakeException.class)
                .hasMessageContaining("0 bytes after the response head, expected 16");
        assertThatThrownBy(() -> client.validate(response, ByteBuffer.wrap(good, 0, 15)))
                .isInstanceOf(HandshakeException.class);
        assertThat(client.validate(response, ByteBuffer.wrap(good)).subprotocol()).isNull();
    }

    @Test
    @DisplayName("hixie: origin, location, Upgrade and subprotocol of the response are checked")
    void hixieResponseChecks() throws HandshakeException {
        ClientHandshake client = client(ProtocolVersion.HIXIE_75, List.of("chat"), null);
        String ok = Heads.head("HTTP/1.1 101 Web Socket Protocol Handshake", "Upgrade: WebSocket", "Connection: Upgrade",
                "WebSocket-Origin: http://example.com:8080", "WebSocket-Location: ws://example.com:8080/chat?room=1");
        assertThat(client.validate(Heads.parseResponse(ok)).subprotocol()).isNull();
        assertThat(client.validate(Heads.parseResponse(ok.replace("\r\n\r\n", "\r\nWebSocket-Protocol: chat\r\n\r\n")))
                .subprotocol()).isEqualTo("chat");

        for (String bad : List.of(
                ok.replace("WebSocket-Origin: http://example.com:8080", "WebSocket-Origin: http://evil"),
                ok.replace("ws://example.com:8080/chat?room=1", "ws://example.com:8080/other"),
                ok.replace("Upgrade: WebSocket", "Upgrade: h2c"),
                ok.replace("Connection: Upgrade", "Connection: close"),
                ok.replace("WebSocket-Location", "Sec-WebSocket-Location"),
                ok.replace("\r\n\r\n", "\r\nWebSocket-Protocol: other\r\n\r\n"))) {
            assertThatThrownBy(() -> client.validate(Heads.parseResponse(bad))).as(bad)
                    .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isZero());
        }
        assertThatThrownBy(() -> client.validate(Heads.parseResponse(Heads.head("HTTP/1.1 400 Bad Request",
                "Content-Length: 0")))).isInstanceOfSatisfying(HandshakeException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThat(client.validate(Heads.parseResponse(ok.replace("Upgrade: WebSocket", "Upgrade: websocket"))))
                .isNotNull();
    }

    @Test
    @DisplayName("hybi-08: the response is checked as RFC 6455's")
    void hybiResponse() throws HandshakeException {
        ClientHandshake client = client(ProtocolVersion.HYBI_08, null, null);
        String ok = Heads.head("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Accept: " + ServerHandshake.acceptKey(client.key()));
        assertThat(client.validate(Heads.parseResponse(ok))).isNotNull();
        assertThatThrownBy(() -> client.validate(Heads.parseResponse(ok.replace("Sec-WebSocket-Accept: ",
                "Sec-WebSocket-Accept: x")))).isInstanceOf(HandshakeException.class);
    }

    @Test
    @DisplayName("hixie: no extensions, one subprotocol at most, no reserved extra headers")
    void hixieMisuse() {
        SplittableRandom random = new SplittableRandom(3);
        assertThatThrownBy(() -> ClientHandshake.forVersion(ProtocolVersion.HIXIE_76, URL, null, null,
                "permessage-deflate", random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientHandshake.forVersion(ProtocolVersion.HIXIE_76, URL, List.of("a", "b"), null,
                null, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientHandshake.forVersion(ProtocolVersion.HIXIE_76, URL, null,
                new HttpHeaders().add("Sec-WebSocket-Key1", "1 1"), null, random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientHandshake.forVersion(ProtocolVersion.HIXIE_75, URI.create("http://x/"), null,
                null, null, random)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientHandshake.forVersion(ProtocolVersion.HYBI_08, URL, List.of("a", "b"), null,
                "permessage-deflate", random).request()).isNotNull();
    }

    @Test
    @DisplayName("the same seed gives the same request")
    void repeatable() {
        assertThat(text(client(ProtocolVersion.HIXIE_76, null, null).request()))
                .isEqualTo(text(client(ProtocolVersion.HIXIE_76, null, null).request()));
        assertThat(ascii(text(client(ProtocolVersion.HIXIE_76, null, null).request())).remaining()).isPositive();
    }
}
