package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Heads.SAMPLE_KEY;
import static dev.duplex.engine.handshake.Heads.request;
import static dev.duplex.engine.handshake.Heads.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 section 4.2.1: what a server requires of the client's opening handshake. */
class ServerHandshakeValidateTest {

    @Test
    @DisplayName("4.2.1: the section 1.3 sample request is accepted")
    void sampleRequest() throws HandshakeException {
        OpeningRequest offer = validate(request("Origin: http://example.com", "Sec-WebSocket-Protocol: chat, superchat"));

        assertThat(offer.path()).isEqualTo("/chat");
        assertThat(offer.query()).isNull();
        assertThat(offer.key()).isEqualTo(SAMPLE_KEY);
        assertThat(offer.version()).isEqualTo(13);
        assertThat(offer.origin()).isEqualTo("http://example.com");
        assertThat(offer.host()).isEqualTo("server.example.com");
        assertThat(offer.subprotocols()).containsExactly("chat", "superchat");
        assertThat(offer.extensionOffers()).isEmpty();
        assertThat(offer.head().method()).isEqualTo("GET");
    }

    @Test
    @DisplayName("4.2.1: Chromium's real request is accepted with both subprotocols and its extension offer")
    void chromium() throws HandshakeException {
        OpeningRequest offer = validate(PeerRequests.CHROMIUM);

        assertThat(offer.path()).isEqualTo("/");
        assertThat(offer.host()).isEqualTo("127.0.0.1:8766");
        assertThat(offer.origin()).isEqualTo("http://127.0.0.1:8766");
        assertThat(offer.key()).isEqualTo("r+pBf3JvWg5UmVAGMEle/w==");
        assertThat(offer.subprotocols()).containsExactly("chat", "superchat");
        assertThat(offer.extensionOffers()).containsExactly("permessage-deflate; client_max_window_bits");
        assertThat(OriginPolicy.sameOrigin().allows(offer.origin(), offer.host())).isTrue();
    }

    @Test
    @DisplayName("4.2.1 item 8: Jetty-style repeated Sec-WebSocket-Protocol lines are one list; "
            + "items 3-4: Upgrade: WebSocket and Connection: keep-alive, Upgrade")
    void jetty() throws HandshakeException {
        OpeningRequest offer = validate(PeerRequests.JETTY);

        assertThat(offer.subprotocols()).containsExactly("chat", "superchat");
        assertThat(offer.path()).isEqualTo("/echo");
        assertThat(offer.query()).isEqualTo("x=1");
        assertThat(offer.origin()).isNull();
    }

    @Test
    @DisplayName("4.2.1 items 3-4: Upgrade and Connection are token lists, case-insensitive, across lines")
    void upgradeAndConnectionTokens() throws HandshakeException {
        String text = request().replace("Upgrade: websocket", "Upgrade: h2c, WEBSOCKET")
                .replace("Connection: Upgrade", "Connection: keep-alive\r\nConnection: upgrade");

        assertThat(validate(text).key()).isEqualTo(SAMPLE_KEY);
    }

    @Test
    @DisplayName("4.2.1 item 1: a method other than GET is 405 with Allow: GET")
    void post() {
        HandshakeException e = failure(request().replace("GET /chat", "POST /chat"));

        assertThat(e.status()).isEqualTo(405);
        assertThat(e.reason()).isEqualTo("Method Not Allowed");
        assertThat(e.headers()).hasToString("{Allow: GET}");
        assertThat(e.getMessage()).isEqualTo("405 Method Not Allowed: method \"POST\" is not GET");
        assertThat(failure(request().replace("GET /chat", "get /chat")).status())
                .as("RFC 9110 9.1: methods are case-sensitive").isEqualTo(405);
    }

    @Test
    @DisplayName("4.2.1 item 1: HTTP/1.0 is 400")
    void http10() {
        HandshakeException e = failure(request().replace("HTTP/1.1", "HTTP/1.0"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("HTTP/1.1 or later");
    }

    @Test
    @DisplayName("4.2.1 item 1: a later HTTP/1.x minor version is accepted")
    void http19() throws HandshakeException {
        assertThat(validate(request().replace("HTTP/1.1", "HTTP/1.9")).head().version()).isEqualTo("HTTP/1.9");
    }

    @Test
    @DisplayName("4.2.1 item 1: origin-form target split into path and query; absolute-form tolerated")
    void targets() throws HandshakeException {
        OpeningRequest query = validate(request().replace("GET /chat", "GET /a/b?x=1&y=%20?z"));
        assertThat(query.path()).isEqualTo("/a/b");
        assertThat(query.query()).isEqualTo("x=1&y=%20?z");
        assertThat(validate(request().replace("GET /chat", "GET /chat?")).query()).isEmpty();

        OpeningRequest absolute = validate(request().replace("GET /chat", "GET ws://Other.example:8080/r?q"));
        assertThat(absolute.path()).isEqualTo("/r");
        assertThat(absolute.query()).isEqualTo("q");
        assertThat(absolute.host()).as("RFC 9112 3.2.2: the target's authority wins").isEqualTo("Other.example:8080");

        assertThat(validate(request().replace("GET /chat", "GET HTTPS://h.example")).path()).isEqualTo("/");
        assertThat(validate(request().replace("GET /chat", "GET http://h.example?a")).query()).isEqualTo("a");
    }

    @ParameterizedTest(name = "4.2.1 item 1: target {0} is 400")
    @ValueSource(strings = {"/chat#frag", "*", "chat", "server.example.com:80", "ftp://h/x", "ws://", "ws://u@h/x",
        "ws://h:99999/"})
    void badTargets(String target) {
        assertThat(failure(request().replace("GET /chat", "GET " + target)).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("4.2.1 item 2 and RFC 9112 3.2: Host missing, repeated or invalid is 400")
    void host() {
        assertThat(failure(request().replace("Host: server.example.com\r\n", "")).getMessage())
                .isEqualTo("400 Bad Request: Host is missing");
        assertThat(failure(request("Host: other.example")).getMessage())
                .isEqualTo("400 Bad Request: Host is repeated");
        assertThat(failure(request().replace("server.example.com", "")).status()).isEqualTo(400);
        assertThat(failure(request().replace("server.example.com", "a b")).status()).isEqualTo(400);
        assertThat(failure(request().replace("server.example.com", "a:x")).status()).isEqualTo(400);
        assertThat(failure(request().replace("server.example.com", "a/b")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("RFC 9112 3.2: IPv6 literal and port in Host are valid")
    void hostForms() throws HandshakeException {
        assertThat(validate(request().replace("server.example.com", "[::1]:8080")).host()).isEqualTo("[::1]:8080");
        assertThat(validate(request().replace("server.example.com", "10.0.0.1")).host()).isEqualTo("10.0.0.1");
    }

    @Test
    @DisplayName("4.2.1 items 3-4: missing Upgrade or Connection tokens are 400")
    void upgradeConnectionMissing() {
        assertThat(failure(request().replace("Upgrade: websocket\r\n", "")).getMessage())
                .isEqualTo("400 Bad Request: Upgrade does not list websocket: \"\"");
        assertThat(failure(request().replace("Upgrade: websocket", "Upgrade: websocket2")).status()).isEqualTo(400);
        assertThat(failure(request().replace("Connection: Upgrade\r\n", "")).status()).isEqualTo(400);
        assertThat(failure(request().replace("Connection: Upgrade", "Connection: keep-alive")).getMessage())
                .isEqualTo("400 Bad Request: Connection does not list Upgrade: \"keep-alive\"");
        assertThat(failure(request().replace("Connection: Upgrade", "Connection: Upgraded")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("4.2.1 item 5: missing Sec-WebSocket-Key is 400")
    void keyMissing() {
        HandshakeException e = failure(request().replace("Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\n", ""));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("400 Bad Request: Sec-WebSocket-Key is missing");
    }

    @Test
    @DisplayName("4.2.1 item 5: a repeated Sec-WebSocket-Key is 400, even with equal values")
    void keyDuplicate() {
        HandshakeException e = failure(request("Sec-WebSocket-Key: " + SAMPLE_KEY));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("400 Bad Request: Sec-WebSocket-Key is repeated");
    }

    @ParameterizedTest(name = "4.2.1 item 5: key {0} is not the base64 of 16 bytes: 400")
    @ValueSource(strings = {
        "dGhlIHNhbXBsZSBub25jZQ",       // 16 bytes unpadded
        "dGhlIHNhbXBsZSBub25j",         // 15 bytes, too short
        "c2hvcnQ=",                     // 5 bytes
        "dGhlIHNhbXBsZSBub25jZXg=",     // 17 bytes
        "dGhlIHNhbXBsZSBub25jZR==",     // non-zero pad bits
        "dGhlIHNhbXBsZSBub25jZQ=a",     // bad padding
        "dGhlIHNhbXBsZSBub25jZ-==",     // base64url alphabet
        "dGhlIHNhbXBsZSBub25j ZQ==",    // inner space
        "",
    })
    void keyMalformed(String key) {
        HandshakeException e = failure(request().replace(SAMPLE_KEY, key));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("400 Bad Request: Sec-WebSocket-Key is not the base64 of 16 bytes");
    }

    @Test
    @DisplayName("4.2.1 item 6 and 4.4: version 8 is 426 with Sec-WebSocket-Version: 13")
    void version8() {
        HandshakeException e = failure(request().replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"));

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.reason()).isEqualTo("Upgrade Required");
        assertThat(e.headers().first("Sec-WebSocket-Version")).isEqualTo("13");
        assertThat(e.headers().first("Upgrade")).isEqualTo("websocket");
    }

    @Test
    @DisplayName("4.2.1 item 6: a missing version (hixie-76 style, no key either) is 426")
    void versionMissing() {
        String hixie = Heads.head("GET /demo HTTP/1.1", "Host: example.com", "Connection: Upgrade",
                "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00", "Upgrade: WebSocket",
                "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5", "Origin: http://example.com");
        HandshakeException e = failure(hixie);

        assertThat(e.status()).isEqualTo(426);
        assertThat(e.headers().all("Sec-WebSocket-Version")).containsExactly("13");
    }

    @ParameterizedTest(name = "4.2.1 item 6, 11.3.5: malformed version {0} is 400")
    @ValueSource(strings = {"13, 8", "013", "256", "1x", "", "-1", "13.0"})
    void versionMalformed(String version) {
        HandshakeException e = failure(request().replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: " + version));

        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("4.2.1 item 6: a repeated version line is 400")
    void versionRepeated() {
        assertThat(failure(request("Sec-WebSocket-Version: 13")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("4.2.1 item 8, 4.1 item 10: subprotocol elements must be distinct tokens")
    void subprotocolTokens() {
        assertThat(failure(request("Sec-WebSocket-Protocol: a/b")).getMessage())
                .isEqualTo("400 Bad Request: Sec-WebSocket-Protocol element is not a token: \"a/b\"");
        assertThat(failure(request("Sec-WebSocket-Protocol: \"chat\"")).status()).isEqualTo(400);
        assertThat(failure(request("Sec-WebSocket-Protocol: chat", "Sec-WebSocket-Protocol: chat")).getMessage())
                .isEqualTo("400 Bad Request: Sec-WebSocket-Protocol repeats \"chat\"");
    }

    @Test
    @DisplayName("4.2.1 item 8: Java-WebSocket 1.6's semicolon-joined list is read as a list (PEERS.md)")
    void subprotocolsJoinedBySemicolons() throws HandshakeException {
        assertThat(validate(request("Sec-WebSocket-Protocol: chat; superchat")).subprotocols())
                .containsExactly("chat", "superchat");
        assertThat(failure(request("Sec-WebSocket-Protocol: chat; chat")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("4.2.1 item 8: empty list elements are skipped (RFC 9110 5.6.1)")
    void subprotocolEmptyElements() throws HandshakeException {
        assertThat(validate(request("Sec-WebSocket-Protocol: , chat,,")).subprotocols()).containsExactly("chat");
        assertThat(validate(request("Sec-WebSocket-Protocol:")).subprotocols()).isEmpty();
    }

    @Test
    @DisplayName("4.2.1 item 9: extension offers are kept as raw header values, in order")
    void extensionOffers() throws HandshakeException {
        OpeningRequest offer = validate(request("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
                "Sec-WebSocket-Extensions: x-webkit-deflate-frame, deflate-frame"));

        assertThat(offer.extensionOffers()).containsExactly("permessage-deflate; client_max_window_bits",
                "x-webkit-deflate-frame, deflate-frame");
    }

    @Test
    @DisplayName("4.2.1 item 7 and 10.2: a repeated Origin is 400")
    void originRepeated() {
        assertThat(failure(request("Origin: http://a", "Origin: http://b")).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("RFC 9112 6.3: a request announcing a body is 400 (it would be read as frames)")
    void body() throws HandshakeException {
        assertThat(failure(request("Content-Length: 8")).status()).isEqualTo(400);
        assertThat(failure(request("Transfer-Encoding: chunked")).status()).isEqualTo(400);
        assertThat(validate(request("Content-Length: 0")).key()).isEqualTo(SAMPLE_KEY);
    }

    @Test
    @DisplayName("order of checks: method before version before key")
    void order() {
        String bad = request().replace("GET /chat", "PUT /chat").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8")
                .replace(SAMPLE_KEY, "short");
        assertThat(failure(bad).status()).isEqualTo(405);
        assertThat(failure(bad.replace("PUT /chat", "GET /chat")).status()).isEqualTo(426);
    }

    private static HandshakeException failure(String text) {
        return assertThrows(HandshakeException.class, () -> validate(text));
    }
}
