package dev.duplex.engine.handshake;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import static dev.duplex.engine.handshake.Heads.SAMPLE_ACCEPT;
import static dev.duplex.engine.handshake.Heads.SAMPLE_KEY;
import static dev.duplex.engine.handshake.Heads.bytes;
import static dev.duplex.engine.handshake.Heads.head;
import static dev.duplex.engine.handshake.Heads.parseRequest;
import static dev.duplex.engine.handshake.Heads.request;
import static dev.duplex.engine.handshake.Heads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server side of the legacy handshakes: detection, refusals, and the byte vectors of the drafts. */
class LegacyServerHandshakeTest {
    private static final Set<ProtocolVersion> ALL = ProtocolVersion.all();
    private static final Set<ProtocolVersion> STANDARD = ProtocolVersion.standardOnly();

    /** The hixie-76 request of draft-76 section 1.2 / 5.1, whose answer is "8jKS'y:G*Co,Wxa-". */
    static final String HIXIE76_EXAMPLE = head("GET /demo HTTP/1.1", "Host: example.com", "Connection: Upgrade",
            "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00", "Sec-WebSocket-Protocol: sample", "Upgrade: WebSocket",
            "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5", "Origin: http://example.com");
    static final String HIXIE76_EXAMPLE_BODY = "^n:ds[4U";

    /** The keys of draft-76 section 5.2's worked example. */
    static final String KEY1 = "18x 6]8vM;54 *(5:  {   U1]8  z [  8";
    static final String KEY2 = "1_ tx7X d  <  nw  334J702) 7]o}` 0";
    /** KEY2 cut short as it is sometimes quoted: 173347028 is not a multiple of its 9 spaces. */
    static final String KEY2_CUT = "1_ tx7X d  <  nw  334J702) 8";

    static final String HIXIE75 = head("GET /demo HTTP/1.1", "Upgrade: WebSocket", "Connection: Upgrade",
            "Host: example.com", "Origin: http://example.com", "WebSocket-Protocol: sample");

    private static String hixie76(String key1, String key2, String... more) {
        StringBuilder out = new StringBuilder("GET /chat?x=1 HTTP/1.1\r\nHost: server.example.com:8080\r\n"
                + "Upgrade: WebSocket\r\nConnection: Upgrade\r\nOrigin: http://example.com\r\n");
        out.append("Sec-WebSocket-Key1: ").append(key1).append("\r\n");
        out.append("Sec-WebSocket-Key2: ").append(key2).append("\r\n");
        for (String line : more) {
            out.append(line).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    private static OpeningRequest validate(String text, Set<ProtocolVersion> enabled) throws HandshakeException {
        return ServerHandshake.validate(parseRequest(text), enabled);
    }

    private static HandshakeException failure(String text, Set<ProtocolVersion> enabled) {
        try {
            validate(text, enabled);
        } catch (HandshakeException e) {
            return e;
        }
        throw new AssertionError("accepted: " + text);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------- the draft's vectors

    @Test
    @DisplayName("draft-76 section 5.2: 1868545188 / 12 spaces and 1733470270 / 10 spaces; the answer is fQJ,fN/4F4!~K~MH")
    void draftWorkedExample() throws HandshakeException {
        assertThat(HixieKeys.parse("Sec-WebSocket-Key1", KEY1)).isEqualTo(155712099L);
        assertThat(HixieKeys.parse("Sec-WebSocket-Key2", KEY2)).isEqualTo(173347027L);
        byte[] answer = HixieKeys.answer(155712099L, 173347027L, "Tm[K T2u".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).isEqualTo("fQJ,fN/4F4!~K~MH");
    }

    @Test
    @DisplayName("the worked example's Key2 cut short (173347028, 9 spaces) is not a multiple of its spaces: 400")
    void draftWorkedExampleCutShort() {
        HandshakeException e = failure(hixie76(KEY1, KEY2_CUT), ALL);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).isEqualTo("Sec-WebSocket-Key2: 173347028 is not a multiple of its 9 spaces (hixie-76)");
    }

    @Test
    @DisplayName("draft-76 worked example through validate and accept: the 101 ends with fQJ,fN/4F4!~K~MH")
    void draftWorkedExampleAccepted() throws HandshakeException {
        OpeningRequest offer = validate(hixie76(KEY1, KEY2), ALL);
        ByteBuffer response = ServerHandshake.accept(offer, null, null, null, false, ascii("Tm[K T2u"));

        assertThat(text(response)).isEqualTo("""
                HTTP/1.1 101 WebSocket Protocol Handshake\r
                Upgrade: WebSocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Origin: http://example.com\r
                Sec-WebSocket-Location: ws://server.example.com:8080/chat?x=1\r
                \r
                fQJ,fN/4F4!~K~MH""");
    }

    @Test
    @DisplayName("draft-76 section 1.2: the example request is answered exactly as in the draft, with 8jKS'y:G*Co,Wxa-")
    void draftIntroductionExample() throws HandshakeException {
        OpeningRequest offer = validate(HIXIE76_EXAMPLE, ALL);

        assertThat(ProtocolVersion.of(offer)).isEqualTo(ProtocolVersion.HIXIE_76);
        assertThat(offer.version()).isEqualTo(76);
        assertThat(offer.key()).isEmpty();
        assertThat(offer.origin()).isEqualTo("http://example.com");
        assertThat(offer.subprotocols()).containsExactly("sample");
        assertThat(offer.extensionOffers()).isEmpty();
        ByteBuffer response = ServerHandshake.accept(offer, "sample", null, null, false, ascii(HIXIE76_EXAMPLE_BODY));
        assertThat(text(response)).isEqualTo("""
                HTTP/1.1 101 WebSocket Protocol Handshake\r
                Upgrade: WebSocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Origin: http://example.com\r
                Sec-WebSocket-Location: ws://example.com/demo\r
                Sec-WebSocket-Protocol: sample\r
                \r
                8jKS'y:G*Co,Wxa-""");
    }

    @Test
    @DisplayName("hixie-76 over TLS: the location is wss://")
    void hixie76Secure() throws HandshakeException {
        OpeningRequest offer = validate(HIXIE76_EXAMPLE, ALL);
        String response = text(ServerHandshake.accept(offer, null, null, null, true, ascii(HIXIE76_EXAMPLE_BODY)));
        assertThat(response).contains("Sec-WebSocket-Location: wss://example.com/demo\r\n")
                .doesNotContain("Sec-WebSocket-Protocol");
    }

    @Test
    @DisplayName("hixie-75: the 101 'Web Socket Protocol Handshake' with WebSocket-Origin and -Location, no challenge")
    void hixie75Accepted() throws HandshakeException {
        OpeningRequest offer = validate(HIXIE75, ALL);

        assertThat(ProtocolVersion.of(offer)).isEqualTo(ProtocolVersion.HIXIE_75);
        assertThat(offer.subprotocols()).containsExactly("sample");
        assertThat(text(ServerHandshake.accept(offer, "sample", null, null, false, null))).isEqualTo("""
                HTTP/1.1 101 Web Socket Protocol Handshake\r
                Upgrade: WebSocket\r
                Connection: Upgrade\r
                WebSocket-Origin: http://example.com\r
                WebSocket-Location: ws://example.com/demo\r
                WebSocket-Protocol: sample\r
                \r
                """);
    }

    @Test
    @DisplayName("hybi-08: Sec-WebSocket-Origin is the origin; the answer is RFC 6455's")
    void hybi08() throws HandshakeException {
        String request = request("Sec-WebSocket-Origin: http://example.com", "Sec-WebSocket-Protocol: chat")
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        OpeningRequest offer = validate(request, ALL);

        assertThat(ProtocolVersion.of(offer)).isEqualTo(ProtocolVersion.HYBI_08);
        assertThat(offer.version()).isEqualTo(8);
        assertThat(offer.origin()).isEqualTo("http://example.com");
        assertThat(offer.key()).isEqualTo(SAMPLE_KEY);
        assertThat(text(ServerHandshake.accept(offer, "chat", null, null, false, null))).isEqualTo("""
                HTTP/1.1 101 Switching Protocols\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Accept: %s\r
                Sec-WebSocket-Protocol: chat\r
                \r
                """.formatted(SAMPLE_ACCEPT));
        assertThat(text(ServerHandshake.accept(offer, "chat", null, null)))
                .isEqualTo(text(ServerHandshake.accept(offer, "chat", null, null, true, null)));
    }

    @Test
    @DisplayName("hybi-07: an Origin header is read when Sec-WebSocket-Origin is absent")
    void hybi07OriginFallback() throws HandshakeException {
        String request = request("Origin: http://example.com").replace("Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Version: 7");
        OpeningRequest offer = validate(request, EnumSet.of(ProtocolVersion.RFC_6455, ProtocolVersion.HYBI_07));

        assertThat(ProtocolVersion.of(offer)).isEqualTo(ProtocolVersion.HYBI_07);
        assertThat(offer.origin()).isEqualTo("http://example.com");
    }

    @Test
    @DisplayName("hybi-08: a repeated Sec-WebSocket-Origin is 400")
    void hybi08RepeatedOrigin() {
        String request = request("Sec-WebSocket-Origin: http://a", "Sec-WebSocket-Origin: http://b")
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        assertThat(failure(request, ALL).status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- detection

    @ParameterizedTest(name = "{0} is detected as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Sec-WebSocket-Version: 13                                | RFC_6455
            Sec-WebSocket-Version: 8                                 | HYBI_08
            Sec-WebSocket-Version: 7                                 | HYBI_07
            Sec-WebSocket-Key1 + Key2, no version                    | HIXIE_76
            Origin, no key, no version                               | HIXIE_75
            """)
    void detection(String shape, ProtocolVersion expected) throws HandshakeException {
        String request = switch (expected) {
            case RFC_6455 -> request();
            case HYBI_08 -> request().replace("Version: 13", "Version: 8");
            case HYBI_07 -> request().replace("Version: 13", "Version: 7");
            case HIXIE_76 -> HIXIE76_EXAMPLE;
            case HIXIE_75 -> HIXIE75;
        };
        assertThat(ProtocolVersion.of(validate(request, ALL))).as(shape).isEqualTo(expected);
        assertThat(ProtocolVersion.of(validate(request, EnumSet.of(ProtocolVersion.RFC_6455, expected))))
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("no version, a Sec-WebSocket-Key and an Origin: an RFC 6455 request missing its version, 426")
    void missingVersionWithKey() {
        String request = request("Origin: http://example.com").replace("Sec-WebSocket-Version: 13\r\n", "");
        HandshakeException e = failure(request, ALL);

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.headers().first("Sec-WebSocket-Version")).isEqualTo("13, 8, 7");
    }

    @Test
    @DisplayName("no version, no key, no Origin: 426 as before")
    void missingEverything() {
        String request = request().replace("Sec-WebSocket-Version: 13\r\n", "").replace("Sec-WebSocket-Key: "
                + SAMPLE_KEY + "\r\n", "");
        assertThat(failure(request, ALL).status()).isEqualTo(426);
    }

    @Test
    @DisplayName("with legacy versions enabled, an unknown version gets 426 listing 13, 8, 7")
    void unknownVersionListsEnabled() {
        HandshakeException e = failure(request().replace("Version: 13", "Version: 9"), ALL);

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.headers().first("Sec-WebSocket-Version")).isEqualTo("13, 8, 7");
        assertThat(e.headers().first("Upgrade")).isEqualTo("websocket");
        assertThat(failure(request().replace("Version: 13", "Version: 7"),
                EnumSet.of(ProtocolVersion.RFC_6455, ProtocolVersion.HYBI_08)).headers().first("Sec-WebSocket-Version"))
                .isEqualTo("13, 8");
    }

    @Test
    @DisplayName("the one-argument validate keeps RFC 6455 only: hixie-76 is 426 there, as before")
    void oneArgumentValidateUnchanged() {
        assertThatThrownBy(() -> ServerHandshake.validate(parseRequest(HIXIE76_EXAMPLE)))
                .isInstanceOfSatisfying(HandshakeException.class, e -> assertThat(e.status()).isEqualTo(426));
    }

    @Test
    @DisplayName("RFC 6455 cannot be left out of the enabled versions")
    void rfc6455AlwaysEnabled() {
        assertThatThrownBy(() -> validate(request(), EnumSet.of(ProtocolVersion.HIXIE_76)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- disabled versions

    @ParameterizedTest(name = "disabled hybi version {0}: 426 with Sec-WebSocket-Version: 13")
    @ValueSource(ints = {7, 8})
    void disabledHybi(int version) {
        HandshakeException e = failure(request().replace("Version: 13", "Version: " + version), STANDARD);

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.headers().all("Sec-WebSocket-Version")).containsExactly("13");
        assertThat(e.detail()).isEqualTo("Sec-WebSocket-Version " + version + " is not supported; this server speaks 13");
    }

    @Test
    @DisplayName("disabled hixie-76: a clear 400 'hixie-76 is disabled on this server'")
    void disabledHixie76() {
        HandshakeException e = failure(HIXIE76_EXAMPLE, STANDARD);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).isEqualTo("hixie-76 is disabled on this server; it speaks RFC 6455");
        assertThat(e.headers().first("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(text(ServerHandshake.reject(e))).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .endsWith("\r\n\r\nhixie-76 is disabled on this server; it speaks RFC 6455\n");
    }

    @Test
    @DisplayName("disabled hixie-75: a clear 400 'hixie-75 is disabled on this server'")
    void disabledHixie75() {
        HandshakeException e = failure(HIXIE75, EnumSet.of(ProtocolVersion.RFC_6455, ProtocolVersion.HIXIE_76,
                ProtocolVersion.HYBI_08));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).isEqualTo("hixie-75 is disabled on this server; it speaks RFC 6455, hybi-08, hixie-76");
        assertThat(e.headers().first("Sec-WebSocket-Version")).isEqualTo("13, 8");
    }

    // ---------------------------------------------------------------- invalid hixie-76 keys

    @ParameterizedTest(name = "hixie-76 key {0}: 400")
    @CsvSource(delimiter = '|', textBlock = """
            '12345'                | no spaces
            '1 2 3'                | 123 is not a multiple of 2 spaces
            '4294967296 '          | more than 32 bits
            '99999999999999999999 '| more than 32 bits, far
            'a b'                  | no digits
            """)
    void invalidKeys(String key, String why) {
        HandshakeException e = failure(hixie76(key, "4 @1  46546xW%0l 1 5"), ALL);
        assertThat(e.status()).as(why).isEqualTo(400);
        assertThat(e.detail()).startsWith("Sec-WebSocket-Key1");

        HandshakeException e2 = failure(hixie76("4 @1  46546xW%0l 1 5", key), ALL);
        assertThat(e2.status()).as(why).isEqualTo(400);
        assertThat(e2.detail()).startsWith("Sec-WebSocket-Key2");
    }

    @Test
    @DisplayName("hixie-76 key numbers up to 2^32 - 1 pass, with leading zeros too")
    void largestKey() throws HandshakeException {
        assertThat(HixieKeys.parse("k", "4294967295 ")).isEqualTo(4294967295L);
        assertThat(HixieKeys.parse("k", "0004294967295 ")).isEqualTo(4294967295L);
        assertThat(HixieKeys.parse("k", "1 2 3 9 0 ")).isEqualTo(12390 / 5);
    }

    @Test
    @DisplayName("hixie-76 with only one key, or a key repeated: 400")
    void oneKey() {
        String onlyKey1 = HIXIE76_EXAMPLE.replace("Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n", "");
        assertThat(failure(onlyKey1, ALL).status()).isEqualTo(400);
        assertThat(failure(onlyKey1, ALL).detail()).isEqualTo("Sec-WebSocket-Key2 is missing");
        String twice = hixie76(KEY1, KEY2, "Sec-WebSocket-Key1: " + KEY1);
        assertThat(failure(twice, ALL).detail()).isEqualTo("Sec-WebSocket-Key1 is repeated");
    }

    @Test
    @DisplayName("hixie-76 may announce its body with Content-Length: 8; any other length is 400")
    void hixie76ContentLength() throws HandshakeException {
        assertThat(ProtocolVersion.of(validate(hixie76(KEY1, KEY2, "Content-Length: 8"), ALL)))
                .isEqualTo(ProtocolVersion.HIXIE_76);
        assertThat(failure(hixie76(KEY1, KEY2, "Content-Length: 0"), ALL).status()).isEqualTo(400);
        assertThat(failure(hixie76(KEY1, KEY2, "Content-Length: 9"), ALL).status()).isEqualTo(400);
        assertThat(failure(hixie76(KEY1, KEY2, "Transfer-Encoding: chunked"), ALL).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("hixie requests go through the common checks: method, Host, Upgrade, Connection")
    void hixieCommonChecks() {
        assertThat(failure(HIXIE76_EXAMPLE.replace("GET", "POST"), ALL).status()).isEqualTo(405);
        assertThat(failure(HIXIE76_EXAMPLE.replace("Host: example.com\r\n", ""), ALL).status()).isEqualTo(400);
        assertThat(failure(HIXIE76_EXAMPLE.replace("Upgrade: WebSocket", "Upgrade: h2c"), ALL).status())
                .isEqualTo(400);
        assertThat(failure(HIXIE75.replace("Connection: Upgrade", "Connection: close"), ALL).status())
                .isEqualTo(400);
        assertThat(failure(HIXIE75.replace("HTTP/1.1", "HTTP/1.0"), ALL).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("hixie subprotocols: one token at most")
    void hixieSubprotocol() {
        assertThat(failure(HIXIE75.replace("WebSocket-Protocol: sample", "WebSocket-Protocol: a/b"), ALL)
                .status()).isEqualTo(400);
        assertThat(failure(HIXIE75.replace("WebSocket-Protocol: sample\r\n",
                "WebSocket-Protocol: a\r\nWebSocket-Protocol: b\r\n"), ALL).status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- accept misuse

    @Test
    @DisplayName("accept refuses what a hixie version cannot answer")
    void acceptMisuse() throws HandshakeException {
        OpeningRequest v76 = validate(HIXIE76_EXAMPLE, ALL);
        OpeningRequest v75 = validate(HIXIE75, ALL);
        OpeningRequest v13 = validate(request(), ALL);

        assertThatThrownBy(() -> ServerHandshake.accept(v76, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secure, body");
        assertThatThrownBy(() -> ServerHandshake.accept(v75, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(v76, null, null, null, false, ascii("short")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> ServerHandshake.accept(v76, null, "deflate-frame", null, false,
                ascii(HIXIE76_EXAMPLE_BODY))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(v76, "other", null, null, false, ascii(HIXIE76_EXAMPLE_BODY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(v75, null, null,
                new HttpHeaders().add("WebSocket-Location", "ws://x/"), false, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(v75, null, null, null, false, ascii("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(v13, null, null, null, false, ascii("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("accept leaves the body buffer's position alone and adds extra headers after its own")
    void acceptExtraAndBody() throws HandshakeException {
        OpeningRequest offer = validate(HIXIE76_EXAMPLE, ALL);
        ByteBuffer body = ascii(HIXIE76_EXAMPLE_BODY);
        String response = text(ServerHandshake.accept(offer, null, null, new HttpHeaders().add("X-Server", "duplex"),
                false, body));

        assertThat(body.position()).isZero();
        assertThat(response).contains("Sec-WebSocket-Location: ws://example.com/demo\r\nX-Server: duplex\r\n\r\n"
                + "8jKS'y:G*Co,Wxa-");
    }

    @Test
    @DisplayName("an 8-byte hixie-76 body read in pieces ends up in the same answer (the request head parser stops at the head)")
    void bodyAfterHead() throws HandshakeException {
        HttpHeadParser parser = HttpHeadParser.forRequests(HeadLimits.defaults());
        ByteBuffer in = bytes(HIXIE76_EXAMPLE + HIXIE76_EXAMPLE_BODY);
        assertThat(parser.parse(in)).isTrue();
        assertThat(in.remaining()).isEqualTo(8);
        OpeningRequest offer = ServerHandshake.validate(parser.request(), ALL);
        assertThat(ProtocolVersion.of(offer).requestBodyLength()).isEqualTo(in.remaining());
        assertThat(text(ServerHandshake.accept(offer, null, null, null, false, in))).endsWith("8jKS'y:G*Co,Wxa-");
    }
}
