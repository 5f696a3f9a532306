package dev.duplex.engine.handshake;

import static dev.duplex.engine.handshake.Heads.request;
import static dev.duplex.engine.handshake.Heads.text;
import static dev.duplex.engine.handshake.Heads.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 6455 section 4.2.2: the server's answer, and the error responses of section 4.2.1. */
class ServerHandshakeResponseTest {

    @Test
    @DisplayName("1.3 and 4.2.2 item 5.4: the sample key gives s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    void acceptKeyExample() {
        assertThat(ServerHandshake.acceptKey("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    @DisplayName("4.2.2 item 5.4: Chromium's key gives the value computed independently")
    void acceptKeyChromium() {
        // echo -n 'r+pBf3JvWg5UmVAGMEle/w==258EAFA5-E914-47DA-95CA-C5AB0DC85B11' | openssl sha1 -binary | base64
        assertThat(ServerHandshake.acceptKey("r+pBf3JvWg5UmVAGMEle/w==")).isEqualTo("uqZegzcCCCjdp+oBCpsWU2asEaw=");
    }

    @Test
    @DisplayName("4.2.2 item 5: the 101 response bytes, without subprotocol or extensions")
    void acceptMinimal() throws HandshakeException {
        ByteBuffer response = ServerHandshake.accept(validate(request()), null, null, null);

        assertThat(response.position()).isZero();
        assertThat(text(response)).isEqualTo("""
                HTTP/1.1 101 Switching Protocols\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
                \r
                """);
    }

    @Test
    @DisplayName("4.2.2 item 5: chosen subprotocol, extensions answer, then extra headers")
    void acceptFull() throws HandshakeException {
        OpeningRequest offer = validate(request("Sec-WebSocket-Protocol: chat, superchat"));
        ByteBuffer response = ServerHandshake.accept(offer, "superchat", "permessage-deflate",
                new HttpHeaders().add("Server", "duplex"));

        assertThat(text(response)).isEqualTo("""
                HTTP/1.1 101 Switching Protocols\r
                Upgrade: websocket\r
                Connection: Upgrade\r
                Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
                Sec-WebSocket-Protocol: superchat\r
                Sec-WebSocket-Extensions: permessage-deflate\r
                Server: duplex\r
                \r
                """);
    }

    @Test
    @DisplayName("4.2.2 item 5.5: the subprotocol must be one the client offered (exact match)")
    void acceptUnofferedSubprotocol() throws HandshakeException {
        OpeningRequest offer = validate(request("Sec-WebSocket-Protocol: chat"));

        assertThatThrownBy(() -> ServerHandshake.accept(offer, "superchat", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(offer, "Chat", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("accept refuses a blank extensions answer, injection and extra headers repeating its own")
    void acceptMisuse() throws HandshakeException {
        OpeningRequest offer = validate(request());

        assertThatThrownBy(() -> ServerHandshake.accept(offer, null, " ", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(offer, null, "a\r\nX: y", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(offer, null, null, new HttpHeaders().add("connection", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.accept(offer, null, null,
                new HttpHeaders().add("Sec-WebSocket-Accept", "x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("4.2.1: a 400 is a complete response whose body says what was wrong")
    void rejectBadRequest() {
        ByteBuffer response = ServerHandshake.reject(HandshakeException.badRequest("Sec-WebSocket-Key is missing"));

        assertThat(text(response)).isEqualTo("""
                HTTP/1.1 400 Bad Request\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Length: 29\r
                Connection: close\r
                \r
                Sec-WebSocket-Key is missing
                """);
    }

    @Test
    @DisplayName("4.2.2 and 4.4: a 426 names version 13; Upgrade goes with Connection: Upgrade (RFC 9110 7.8)")
    void rejectUpgradeRequired() {
        ByteBuffer response = ServerHandshake.reject(HandshakeException.upgradeRequired("version 8"));

        assertThat(text(response)).isEqualTo("""
                HTTP/1.1 426 Upgrade Required\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Length: 10\r
                Connection: Upgrade, close\r
                Upgrade: websocket\r
                Sec-WebSocket-Version: 13\r
                \r
                version 8
                """);
    }

    @Test
    @DisplayName("RFC 9110 15.5.6: a 405 carries Allow: GET; the response parses back")
    void rejectMethodNotAllowed() throws HandshakeException {
        ByteBuffer response = ServerHandshake.reject(HandshakeException.methodNotAllowed("POST"));
        HttpHeadParser parser = HttpHeadParser.forResponses(HeadLimits.defaults());

        assertThat(parser.parse(response)).isTrue();
        assertThat(parser.response().status()).isEqualTo(405);
        assertThat(parser.response().reason()).isEqualTo("Method Not Allowed");
        assertThat(parser.response().headers().first("Allow")).isEqualTo("GET");
        int length = Integer.parseInt(parser.response().headers().first("Content-Length"));
        assertThat(response.remaining()).isEqualTo(length);
    }

    @Test
    @DisplayName("reject encodes a non-ASCII detail as UTF-8 and counts bytes, not chars")
    void rejectUtf8() {
        ByteBuffer response = ServerHandshake.reject(HandshakeException.forbidden("origine refus\u00e9e"));

        assertThat(text(response)).contains("HTTP/1.1 403 Forbidden\r\n", "Content-Length: 17\r\n");
    }

    @Test
    @DisplayName("reject refuses a status 0 (client-side) failure and headers it writes itself")
    void rejectMisuse() {
        assertThatThrownBy(() -> ServerHandshake.reject(HandshakeException.invalidResponse("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.reject(new HandshakeException(400, "x",
                new HttpHeaders().add("Content-Length", "0")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HandshakeException(99, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
