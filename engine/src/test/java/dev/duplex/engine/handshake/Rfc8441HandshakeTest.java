package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8441: the server side of the opening handshake over HTTP/2 (extended CONNECT). */
class Rfc8441HandshakeTest {

    /** Chromium's request for {@code new WebSocket('wss://localhost:8443/echo0', ['chat'])}, fields in its order. */
    static ExtendedConnect chromium() {
        return new ExtendedConnect("CONNECT", "websocket", "https", "/echo0", "localhost:8443", new HttpHeaders()
                .add("pragma", "no-cache")
                .add("cache-control", "no-cache")
                .add("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "HeadlessChrome/156.0.0.0 Safari/537.36")
                .add("origin", "https://localhost:8443")
                .add("sec-websocket-version", "13")
                .add("accept-encoding", "gzip, deflate, br, zstd")
                .add("accept-language", "en-US,en;q=0.9")
                .add("sec-websocket-extensions", "permessage-deflate; client_max_window_bits")
                .add("sec-websocket-protocol", "chat"));
    }

    /** Chromium's request with its regular fields passed through {@code edit}. */
    private static ExtendedConnect withFields(UnaryOperator<HttpHeaders> edit) {
        ExtendedConnect r = chromium();
        return new ExtendedConnect(r.method(), r.protocol(), r.scheme(), r.path(), r.authority(),
                edit.apply(r.headers()));
    }

    /** {@code headers} without the lines named {@code name}. */
    private static HttpHeaders without(HttpHeaders headers, String name) {
        HttpHeaders out = new HttpHeaders();
        headers.forEach((n, v) -> {
            if (!n.equalsIgnoreCase(name)) {
                out.add(n, v);
            }
        });
        return out;
    }

    private static HandshakeException failure(ExtendedConnect request) {
        return assertThrows(HandshakeException.class, () -> Rfc8441Handshake.validate(request));
    }

    @Test
    @DisplayName("4, 5: Chromium's request is an OpeningRequest like an HTTP/1.1 one, with an empty key")
    void chromiumRequest() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(chromium());

        assertThat(offer.path()).isEqualTo("/echo0");
        assertThat(offer.query()).isNull();
        assertThat(offer.key()).isEmpty();
        assertThat(offer.version()).isEqualTo(13);
        assertThat(ProtocolVersion.of(offer)).isEqualTo(ProtocolVersion.RFC_6455);
        assertThat(offer.origin()).isEqualTo("https://localhost:8443");
        assertThat(offer.host()).isEqualTo("localhost:8443");
        assertThat(offer.subprotocols()).containsExactly("chat");
        assertThat(offer.extensionOffers()).containsExactly("permessage-deflate; client_max_window_bits");
        assertThat(OriginPolicy.sameOrigin().allows(offer.origin(), offer.host())).isTrue();
    }

    @Test
    @DisplayName("4: the synthesized head: CONNECT, :path, HTTP/2, a Host from :authority before the fields")
    void synthesizedHead() throws HandshakeException {
        HttpRequestHead head = Rfc8441Handshake.validate(chromium()).head();

        assertThat(head.method()).isEqualTo("CONNECT");
        assertThat(head.target()).isEqualTo("/echo0");
        assertThat(head.version()).isEqualTo("HTTP/2");
        assertThat(head.headers().first("Host")).isEqualTo("localhost:8443");
        assertThat(head.headers().names()).containsExactly("host", "pragma", "cache-control", "user-agent", "origin",
                "sec-websocket-version", "accept-encoding", "accept-language", "sec-websocket-extensions",
                "sec-websocket-protocol");
    }

    @Test
    @DisplayName("RFC 9113 8.3.1: a host field naming the :authority (normalized) is kept as sent, not added again")
    void hostFieldAgrees() throws HandshakeException {
        ExtendedConnect r = new ExtendedConnect("CONNECT", "websocket", "https", "/", "Example.com",
                new HttpHeaders().add("host", "example.com:443").add("sec-websocket-version", "13"));

        OpeningRequest offer = Rfc8441Handshake.validate(r);

        assertThat(offer.host()).isEqualTo("Example.com");
        assertThat(offer.head().headers().all("Host")).containsExactly("example.com:443");
    }

    @Test
    @DisplayName("RFC 9113 8.3.1: a host field naming another host or port, or repeated, is 400")
    void hostFieldDiffers() {
        assertThat(failure(withFields(h -> h.add("host", "other.example:8443"))).getMessage())
                .isEqualTo("400 Bad Request: host \"other.example:8443\" differs from :authority \"localhost:8443\" "
                        + "(RFC 9113 section 8.3.1)");
        assertThat(failure(withFields(h -> h.add("host", "localhost"))).status()).isEqualTo(400);
        assertThat(failure(withFields(h -> h.add("host", "localhost:8443").add("host", "localhost:8443"))).getMessage())
                .isEqualTo("400 Bad Request: host is repeated");
    }

    @Test
    @DisplayName("4: :path is split into path and query as an HTTP/1.1 request-target")
    void pathAndQuery() throws HandshakeException {
        ExtendedConnect r = new ExtendedConnect("CONNECT", "websocket", "http", "/a/b?x=1&y=%20?z", "h.example",
                new HttpHeaders().add("sec-websocket-version", "13"));

        OpeningRequest offer = Rfc8441Handshake.validate(r);

        assertThat(offer.path()).isEqualTo("/a/b");
        assertThat(offer.query()).isEqualTo("x=1&y=%20?z");
        assertThat(offer.origin()).isNull();
        assertThat(offer.subprotocols()).isEmpty();
        assertThat(offer.extensionOffers()).isEmpty();
    }

    @Test
    @DisplayName("5: a Sec-WebSocket-Key, if sent, is ignored: the key stays empty")
    void keyIgnored() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(withFields(h -> h.add("sec-websocket-key", "not base64")));

        assertThat(offer.key()).isEmpty();
    }

    @Test
    @DisplayName("4: fields a handshake hook reads (Authorization, Cookie) are in the head, case-insensitively")
    void hookFields() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(withFields(h -> h.add("authorization", "Bearer t0k")
                .add("cookie", "a=1").add("cookie", "b=2")));

        assertThat(offer.head().headers().first("Authorization")).isEqualTo("Bearer t0k");
        assertThat(offer.head().headers().all("Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    @DisplayName("4 and RFC 6455 4.2.1 item 8: repeated sec-websocket-protocol fields are one list")
    void subprotocolsAcrossFields() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(withFields(h -> h.add("sec-websocket-protocol", "superchat, v2")));

        assertThat(offer.subprotocols()).containsExactly("chat", "superchat", "v2");
    }

    @Test
    @DisplayName("RFC 6455 4.2.1 item 8: a repeated or non-token subprotocol is 400")
    void badSubprotocols() {
        assertThat(failure(withFields(h -> h.add("sec-websocket-protocol", "chat"))).getMessage())
                .isEqualTo("400 Bad Request: sec-websocket-protocol repeats \"chat\"");
        assertThat(failure(withFields(h -> h.add("sec-websocket-protocol", "a/b"))).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("RFC 6455 4.2.1 item 7: a repeated origin is 400")
    void originRepeated() {
        assertThat(failure(withFields(h -> h.add("origin", "https://evil.example"))).getMessage())
                .isEqualTo("400 Bad Request: origin is repeated");
    }

    @Test
    @DisplayName("4 and RFC 9110 7.8: :protocol is compared case-insensitively (HAProxy forwards WebSocket)")
    void protocolCase() throws HandshakeException {
        for (String protocol : new String[] {"WebSocket", "WEBSOCKET"}) {
            ExtendedConnect r = chromium();
            r = new ExtendedConnect(r.method(), protocol, r.scheme(), r.path(), r.authority(), r.headers());

            assertThat(Rfc8441Handshake.validate(r).path()).isEqualTo("/echo0");
        }
    }

    @ParameterizedTest(name = "4: :method {0} is 405 with allow: CONNECT")
    @NullSource
    @ValueSource(strings = {"GET", "connect", "POST"})
    void method(String method) {
        ExtendedConnect r = chromium();
        HandshakeException e = failure(new ExtendedConnect(method, r.protocol(), r.scheme(), r.path(), r.authority(),
                r.headers()));

        assertThat(e.status()).isEqualTo(405);
        assertThat(e.headers()).hasToString("{allow: CONNECT}");
        assertThat(e.detail()).isEqualTo("method " + HttpSyntax.quote(method) + " is not CONNECT (RFC 8441 section 4)");
    }

    @ParameterizedTest(name = "4: :protocol {0} is 501")
    @ValueSource(strings = {"connect-udp", "websocket2", "h2c", "web socket"})
    void otherProtocol(String protocol) {
        ExtendedConnect r = chromium();
        HandshakeException e = failure(new ExtendedConnect(r.method(), protocol, r.scheme(), r.path(), r.authority(),
                r.headers()));

        assertThat(e.status()).isEqualTo(501);
        assertThat(e.reason()).isEqualTo("Not Implemented");
        assertThat(e.detail()).isEqualTo("protocol \"" + protocol + "\" is not supported; this server speaks "
                + "websocket (RFC 8441 section 4)");
    }

    @Test
    @DisplayName("4: a CONNECT without :protocol (a tunnel request) is 501")
    void noProtocol() {
        ExtendedConnect r = chromium();
        HandshakeException e = failure(new ExtendedConnect("CONNECT", null, null, null, r.authority(), r.headers()));

        assertThat(e.status()).isEqualTo(501);
        assertThat(e.detail()).startsWith("CONNECT without :protocol (a tunnel) is not supported");
    }

    @ParameterizedTest(name = "4: :scheme {0} is 400")
    @NullSource
    @ValueSource(strings = {"", "ws", "wss", "ftp"})
    void scheme(String scheme) {
        ExtendedConnect r = chromium();
        HandshakeException e = failure(new ExtendedConnect(r.method(), r.protocol(), scheme, r.path(), r.authority(),
                r.headers()));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).startsWith(":scheme is ");
    }

    @ParameterizedTest(name = "4 and RFC 9113 8.3.1: :path {0} is 400")
    @NullSource
    @ValueSource(strings = {"", "*", "echo", "http://localhost:8443/echo", "/a b", "/a\tb", "/echo#frag"})
    void path(String path) {
        ExtendedConnect r = chromium();
        HandshakeException e = failure(new ExtendedConnect(r.method(), r.protocol(), r.scheme(), path, r.authority(),
                r.headers()));

        assertThat(e.status()).isEqualTo(400);
    }

    @ParameterizedTest(name = "4 and RFC 9113 8.3.1: :authority {0} is 400")
    @NullSource
    @ValueSource(strings = {"", "user@localhost", "localhost:99999", "local host", "[::1"})
    void authority(String authority) {
        ExtendedConnect r = chromium();
        HandshakeException e = failure(new ExtendedConnect(r.method(), r.protocol(), r.scheme(), r.path(), authority,
                r.headers()));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).startsWith(":authority is ");
    }

    @Test
    @DisplayName("4 and RFC 9113 8.3.1: IPv6 and IPv4 :authority forms are valid")
    void authorityForms() throws HandshakeException {
        ExtendedConnect r = chromium();
        for (String authority : new String[] {"[::1]:8443", "127.0.0.1", "LOCALHOST:8443"}) {
            OpeningRequest offer = Rfc8441Handshake.validate(new ExtendedConnect(r.method(), r.protocol(), r.scheme(),
                    r.path(), authority, r.headers()));

            assertThat(offer.host()).isEqualTo(authority);
            assertThat(offer.head().headers().first("Host")).isEqualTo(authority);
        }
    }

    @ParameterizedTest(name = "5 and RFC 6455 4.2.1 item 6: sec-websocket-version {0} is 400 naming 13 (no 426: "
            + "it needs Upgrade)")
    @ValueSource(strings = {"8", "14", "013", "", "13, 8"})
    void version(String version) {
        HandshakeException e = failure(withFields(h -> without(h, "sec-websocket-version")
                .add("sec-websocket-version", version)));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.headers()).hasToString("{sec-websocket-version: 13}");
        assertThat(e.detail()).isEqualTo("sec-websocket-version " + HttpSyntax.quote(version) + " is not supported; "
                + "this server speaks 13 (RFC 8441 section 5, RFC 6455 section 4.2.1 item 6)");
    }

    @Test
    @DisplayName("5 and RFC 6455 4.2.1 item 6: sec-websocket-version missing or repeated is 400 naming 13")
    void versionMissingOrRepeated() {
        HandshakeException missing = failure(withFields(h -> without(h, "sec-websocket-version")));
        HandshakeException repeated = failure(withFields(h -> h.add("sec-websocket-version", "13")));

        assertThat(missing.getMessage()).startsWith("400 Bad Request: sec-websocket-version is missing; this server "
                + "speaks 13");
        assertThat(missing.headers().first("sec-websocket-version")).isEqualTo("13");
        assertThat(repeated.getMessage()).startsWith("400 Bad Request: sec-websocket-version is repeated");
    }

    @Test
    @DisplayName("5: the 200 response's fields: protocol, extensions, extra lowercased; no sec-websocket-accept")
    void accept() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(chromium());

        HttpHeaders fields = Rfc8441Handshake.accept(offer, "chat", "permessage-deflate",
                new HttpHeaders().add("Set-Cookie", "s=1"));

        assertThat(fields).hasToString("{sec-websocket-protocol: chat, sec-websocket-extensions: permessage-deflate, "
                + "set-cookie: s=1}");
        assertThat(Rfc8441Handshake.accept(offer, null, null, null).isEmpty()).isTrue();
    }

    @Test
    @DisplayName("5: accept refuses a subprotocol not offered, a blank extensions answer, reserved or "
            + "connection-specific extra fields (RFC 9113 8.2.2), and an HTTP/1.1 offer")
    void acceptMisuse() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(chromium());

        assertThatThrownBy(() -> Rfc8441Handshake.accept(offer, "superchat", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not offered");
        assertThatThrownBy(() -> Rfc8441Handshake.accept(offer, null, " ", null))
                .isInstanceOf(IllegalArgumentException.class);
        for (String name : new String[] {"Sec-WebSocket-Accept", "sec-websocket-protocol", "Upgrade", "connection",
            "keep-alive", "Transfer-Encoding"}) {
            assertThatThrownBy(() -> Rfc8441Handshake.accept(offer, null, null, new HttpHeaders().add(name, "x")))
                    .as(name).isInstanceOf(IllegalArgumentException.class).message().containsIgnoringCase(name);
        }
        OpeningRequest http11 = Heads.validate(Heads.request());
        assertThatThrownBy(() -> Rfc8441Handshake.accept(http11, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ServerHandshake.accept");
    }

    @Test
    @DisplayName("5: ServerHandshake.accept (a 101 with Sec-WebSocket-Accept) refuses an HTTP/2 offer")
    void http11AcceptRefusesHttp2() throws HandshakeException {
        OpeningRequest offer = Rfc8441Handshake.validate(chromium());

        assertThatThrownBy(() -> ServerHandshake.accept(offer, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rfc8441Handshake.accept");
    }

    @Test
    @DisplayName("reject: status, text body, content-type, content-length and the failure's fields")
    void reject() {
        HandshakeException e = failure(withFields(h -> without(h, "sec-websocket-version")));

        Rfc8441Handshake.Rejection r = Rfc8441Handshake.reject(e);

        String body = e.detail() + "\n";
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        assertThat(r.headers()).hasToString("{content-type: text/plain; charset=utf-8, content-length: "
                + body.length() + ", sec-websocket-version: 13}");
    }

    @Test
    @DisplayName("reject and RFC 9113 8.2.2: fields are lowercased, connection-specific ones left out")
    void rejectHttp11Failure() {
        Rfc8441Handshake.Rejection r = Rfc8441Handshake.reject(HandshakeException.upgradeRequired("version 8"));

        assertThat(r.status()).isEqualTo(426);
        assertThat(r.headers().names()).containsExactly("content-type", "content-length", "sec-websocket-version");
        assertThat(Rfc8441Handshake.reject(HandshakeException.forbidden("origin")).headers().size()).isEqualTo(2);
        assertThat(Rfc8441Handshake.reject(new HandshakeException(401, "token",
                new HttpHeaders().add("WWW-Authenticate", "Bearer"))).headers().first("www-authenticate"))
                .isEqualTo("Bearer");
    }

    @Test
    @DisplayName("reject refuses a non-error status and a failure setting content-length")
    void rejectMisuse() {
        assertThatThrownBy(() -> Rfc8441Handshake.reject(new HandshakeException(200, "ok")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rfc8441Handshake.reject(new HandshakeException(400, "x",
                new HttpHeaders().add("Content-Length", "1")))).isInstanceOf(IllegalArgumentException.class);
    }
}
