package dev.duplex.http2;

import dev.duplex.http2.hpack.HeaderField;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Extended CONNECT for WebSockets over HTTP/2 (RFC 8441 sections 3, 4, 5). */
class ExtendedConnectTest extends Http2TestBase {

    static final List<HeaderField> WEBSOCKET = Wire.fields(":method", "CONNECT", ":protocol", "websocket",
            ":scheme", "https", ":path", "/chat", ":authority", "example.com", "sec-websocket-version", "13");

    @Test
    void extendedConnectRequestResponseAndTunnelledData() {
        Link link = new Link(Http2Config.defaults(), Http2Config.builder().enableConnectProtocol(true).build());
        assertThat(link.client.conn.remoteSettings().enableConnectProtocol()).isTrue();
        int id = link.client.call(c -> c.openStream(WEBSOCKET, false));
        link.pump();
        assertThat(link.server.takeRendered()).containsExactly("Headers(1, :method=CONNECT, :protocol=websocket, "
                + ":scheme=https, :path=/chat, :authority=example.com, sec-websocket-version=13)");
        link.server.run(c -> c.sendHeaders(id, Wire.fields(":status", "200"), false));
        link.pump();
        assertThat(link.client.takeRendered()).containsExactly("Headers(1, :status=200)");
        // RFC 8441 section 5: the stream now carries WebSocket frames as DATA, both ways.
        byte[] frame = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};
        link.client.sendData(id, frame, false);
        link.server.sendData(id, new byte[] {(byte) 0x81, 2, 'h', 'i'}, false);
        link.pump();
        assertThat(link.server.takeEvents()).singleElement().isInstanceOf(Http2Event.DataReceived.class);
        assertThat(link.client.takeRendered()).containsExactly("Data(1, \"\u0081\u0002hi\", 4)");
        // Closing the tunnel: END_STREAM both ways.
        link.client.sendData(id, new byte[0], true);
        link.server.sendData(id, new byte[0], true);
        link.pump();
        assertThat(link.client.takeRendered()).containsExactly("Data(1, \"\", END_STREAM, 0)", "StreamClosed[streamId=1]");
        assertThat(link.server.takeRendered()).containsExactly("Data(1, \"\", END_STREAM, 0)", "StreamClosed[streamId=1]");
    }

    @Test
    void aServerThatDidNotEnableItRefusesTheRequest() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(":method", "CONNECT", ":protocol", "websocket", ":scheme",
                "https", ":path", "/chat", ":authority", "example.com")));
        // RFC 8441 section 4 and RFC 9113 section 8.3: :protocol is not a pseudo-header we accept: malformed.
        assertThat(s.sent()).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        assertThat(s.takeRendered()).containsExactly("StreamReset[streamId=1, code=PROTOCOL_ERROR, local=true]",
                "StreamClosed[streamId=1]");
    }

    @Test
    void aClientWillNotSendProtocolBeforeThePeerEnablesIt() {
        Link link = new Link();
        assertThatThrownBy(() -> link.client.call(c -> c.openStream(WEBSOCKET, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RFC 8441");
        assertThat(link.client.conn.activeStreams()).isZero();
    }

    @Test
    void extendedConnectNeedsConnectSchemePathAndAuthority() {
        Http2Config enabled = Http2Config.builder().enableConnectProtocol(true).build();
        String[][] bad = {
                {":method", "GET", ":protocol", "websocket", ":scheme", "https", ":path", "/chat", ":authority", "a"},
                {":method", "CONNECT", ":protocol", "websocket", ":path", "/chat", ":authority", "a"},
                {":method", "CONNECT", ":protocol", "websocket", ":scheme", "https", ":authority", "a"},
                {":method", "CONNECT", ":protocol", "websocket", ":scheme", "https", ":path", "/chat"}};
        for (String[] fields : bad) {
            H2 s = H2.handshakenServer(enabled);
            s.recv(Wire.headers(1, Wire.END_HEADERS, Wire.block(fields)));
            assertThat(s.sent()).as(String.join(" ", fields)).containsExactly("RST_STREAM(1, PROTOCOL_ERROR)");
        }
    }
}
