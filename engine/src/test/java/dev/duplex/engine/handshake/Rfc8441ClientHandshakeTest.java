package dev.duplex.engine.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8441: the client side of the opening handshake over HTTP/2, and a round trip with the server side. */
class Rfc8441ClientHandshakeTest {

    private static Rfc8441ClientHandshake client(String uri, List<String> subprotocols, HttpHeaders extra,
                                                 String extensionOffer) {
        return new Rfc8441ClientHandshake(URI.create(uri), subprotocols, extra, extensionOffer);
    }

    private static Rfc8441ClientHandshake chat() {
        return client("wss://localhost:8443/echo", List.of("chat", "superchat"), null, "permessage-deflate");
    }

    @Test
    @DisplayName("4, 5: the request in Chromium's form: pseudo-header fields, lowercase fields, no sec-websocket-key")
    void request() {
        ExtendedConnect r = client("wss://localhost:8443/echo?room=1", List.of("chat", "superchat"),
                new HttpHeaders().add("Origin", "https://localhost:8443").add("Authorization", "Bearer t0k"),
                "permessage-deflate; client_max_window_bits").request();

        assertThat(r.method()).isEqualTo("CONNECT");
        assertThat(r.protocol()).isEqualTo("websocket");
        assertThat(r.scheme()).isEqualTo("https");
        assertThat(r.path()).isEqualTo("/echo?room=1");
        assertThat(r.authority()).isEqualTo("localhost:8443");
        assertThat(r.headers()).hasToString("{sec-websocket-version: 13, sec-websocket-protocol: chat, superchat, "
                + "sec-websocket-extensions: permessage-deflate; client_max_window_bits, "
                + "origin: https://localhost:8443, authorization: Bearer t0k}");
    }

    @ParameterizedTest(name = "4: {0} is :scheme {1}, :authority {2}, :path {3}")
    @CsvSource({
        "ws://example.com/, http, example.com, /",
        "ws://example.com:80, http, example.com, /",
        "wss://example.com:443/a/b, https, example.com, /a/b",
        "WSS://example.com:80/?, https, example.com:80, /?",
        "ws://[::1]:9000/x?y=%20, http, [::1]:9000, /x?y=%20",
        "wss://127.0.0.1:8443, https, 127.0.0.1:8443, /",
    })
    void targets(String uri, String scheme, String authority, String path) {
        ExtendedConnect r = client(uri, null, null, null).request();

        assertThat(r.scheme()).isEqualTo(scheme);
        assertThat(r.authority()).isEqualTo(authority);
        assertThat(r.path()).isEqualTo(path);
        assertThat(r.headers()).hasToString("{sec-websocket-version: 13}");
    }

    @ParameterizedTest(name = "RFC 6455 section 3: {0} is refused")
    @ValueSource(strings = {"http://example.com/", "ws://example.com/#f", "ws://u@example.com/", "urn:x", "/path"})
    void badUris(String uri) {
        assertThatThrownBy(() -> client(uri, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} in the extra fields is refused")
    @ValueSource(strings = {"Host", "sec-websocket-key", "Sec-WebSocket-Version", "sec-websocket-protocol",
        "Sec-WebSocket-Extensions", "Connection", "upgrade", "Keep-Alive", "Proxy-Connection", "transfer-encoding"})
    void reservedExtra(String name) {
        assertThatThrownBy(() -> client("wss://localhost/", null, new HttpHeaders().add(name, "x"), null))
                .isInstanceOf(IllegalArgumentException.class).message().containsIgnoringCase(name);
    }

    @Test
    @DisplayName("RFC 6455 4.1 item 10: repeated or non-token subprotocols, and a blank extension offer, are refused")
    void badOffers() {
        assertThatThrownBy(() -> client("wss://localhost/", List.of("chat", "chat"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("wss://localhost/", List.of("a b"), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client("wss://localhost/", null, null, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("request() is a fresh copy: changing one does not change the next")
    void requestIsFresh() {
        Rfc8441ClientHandshake client = chat();
        client.request().headers().add("x", "y");

        assertThat(client.request().headers().contains("x")).isFalse();
    }

    @Test
    @DisplayName("5: a 200 without fields: no subprotocol, no extensions")
    void plain200() throws HandshakeException {
        ClientHandshake.Result r = chat().validate(200, new HttpHeaders());

        assertThat(r.subprotocol()).isNull();
        assertThat(r.extensions()).isNull();
    }

    @Test
    @DisplayName("5: any 2xx is success; the chosen subprotocol and extensions are returned")
    void chosen() throws HandshakeException {
        ClientHandshake.Result r = chat().validate(204, new HttpHeaders().add("sec-websocket-protocol", "superchat")
                .add("sec-websocket-extensions", "permessage-deflate").add("server", "duplex"));

        assertThat(r.subprotocol()).isEqualTo("superchat");
        assertThat(r.extensions()).isEqualTo("permessage-deflate");
        assertThat(r.headers().first("Server")).isEqualTo("duplex");
    }

    @ParameterizedTest(name = "5: status {0} fails carrying that status and the fields")
    @ValueSource(ints = {101, 301, 400, 404, 405, 501, 503})
    void non2xx(int status) {
        HttpHeaders fields = new HttpHeaders().add("content-type", "text/plain");

        HandshakeException e = assertThrows(HandshakeException.class, () -> chat().validate(status, fields));

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.headers()).isEqualTo(fields);
        assertThat(e.detail()).isEqualTo("server answered " + status + " instead of 2xx (RFC 8441 section 5)");
    }

    @Test
    @DisplayName("a :status outside 100-599 fails with status 0")
    void malformedStatus() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> chat().validate(999, new HttpHeaders()));

        assertThat(e.status()).isZero();
    }

    @Test
    @DisplayName("5 and RFC 6455 4.1: a subprotocol not offered, or two, fails with status 0")
    void badSubprotocol() {
        HandshakeException other = assertThrows(HandshakeException.class, () -> chat().validate(200,
                new HttpHeaders().add("sec-websocket-protocol", "mqtt")));
        HandshakeException two = assertThrows(HandshakeException.class, () -> chat().validate(200,
                new HttpHeaders().add("sec-websocket-protocol", "chat").add("sec-websocket-protocol", "superchat")));
        HandshakeException none = assertThrows(HandshakeException.class, () -> client("wss://localhost/", null, null,
                null).validate(200, new HttpHeaders().add("sec-websocket-protocol", "chat")));

        assertThat(other.status()).isZero();
        assertThat(other.getMessage()).isEqualTo("WebSocket handshake failed: server chose subprotocol \"mqtt\", "
                + "offered [chat, superchat] (RFC 8441 section 5, RFC 6455 section 4.1)");
        assertThat(two.status()).isZero();
        assertThat(none.status()).isZero();
    }

    @Test
    @DisplayName("5 and RFC 6455 4.1: extensions answered when none was offered fail with status 0")
    void extensionsNotOffered() {
        HandshakeException e = assertThrows(HandshakeException.class, () -> client("wss://localhost/", null, null,
                null).validate(200, new HttpHeaders().add("sec-websocket-extensions", "permessage-deflate")));

        assertThat(e.status()).isZero();
        assertThat(e.detail()).contains("but none was offered");
    }

    @Test
    @DisplayName("4, 5: round trip: client request -> server validate -> accept -> client validate")
    void roundTrip() throws HandshakeException {
        Rfc8441ClientHandshake client = client("wss://localhost:8443/chat?room=7", List.of("chat", "superchat"),
                new HttpHeaders().add("Origin", "https://localhost:8443"), "permessage-deflate");

        OpeningRequest offer = Rfc8441Handshake.validate(client.request());
        assertThat(offer.path()).isEqualTo("/chat");
        assertThat(offer.query()).isEqualTo("room=7");
        assertThat(offer.host()).isEqualTo("localhost:8443");
        assertThat(offer.subprotocols()).containsExactly("chat", "superchat");
        assertThat(offer.extensionOffers()).containsExactly("permessage-deflate");
        assertThat(OriginPolicy.sameOrigin().allows(offer.origin(), offer.host())).isTrue();

        HttpHeaders answer = Rfc8441Handshake.accept(offer, "superchat", "permessage-deflate", null);
        ClientHandshake.Result result = client.validate(200, answer);

        assertThat(result.subprotocol()).isEqualTo("superchat");
        assertThat(result.extensions()).isEqualTo("permessage-deflate");
    }

    @Test
    @DisplayName("round trip of a refusal: server reject -> client validate carries the status")
    void roundTripRefusal() {
        ExtendedConnect request = client("ws://example.com/", null, null, null).request();
        ExtendedConnect old = new ExtendedConnect(request.method(), request.protocol(), request.scheme(),
                request.path(), request.authority(), new HttpHeaders().add("sec-websocket-version", "8"));

        HandshakeException refused = assertThrows(HandshakeException.class, () -> Rfc8441Handshake.validate(old));
        Rfc8441Handshake.Rejection rejection = Rfc8441Handshake.reject(refused);
        HandshakeException seen = assertThrows(HandshakeException.class, () -> client("ws://example.com/", null, null,
                null).validate(rejection.status(), rejection.headers()));

        assertThat(seen.status()).isEqualTo(400);
        assertThat(seen.headers().first("sec-websocket-version")).isEqualTo("13");
    }
}
