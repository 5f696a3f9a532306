package dev.duplex.http2;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connection preface and the first SETTINGS (RFC 9113 section 3.4). */
class ConnectionPrefaceTest extends Http2TestBase {

    @Test
    void clientWritesPrefaceSettingsAndConnectionWindowUpdate() {
        H2 c = H2.client(Http2Config.defaults());
        byte[] out = c.drainFrames(); // checks and skips the 24-octet preface (3.4)
        assertThat(Wire.parse(out).stream().map(H2::render)).containsExactly(
                "SETTINGS(2=0, 3=100, 4=1048576, 6=16384)",
                "WINDOW_UPDATE(0, " + (16 * 1024 * 1024 - 65_535) + ")");
    }

    @Test
    void serverWritesSettingsWithoutPrefaceAndAdvertisesExtendedConnectWhenEnabled() {
        H2 s = H2.server(Http2Config.builder().enableConnectProtocol(true).connectionWindowSize(65_535)
                .headerTableSize(0).maxFrameSize(32_768).build());
        assertThat(s.sent()).containsExactly("SETTINGS(1=0, 3=100, 4=1048576, 5=32768, 6=16384, 8=1)");
    }

    @Test
    void serverAcceptsThePrefaceThenSettingsAndAcknowledges() {
        H2 s = H2.server(Http2Config.defaults());
        s.sent();
        s.recv(Wire.PREFACE, Wire.settings(Settings.MAX_CONCURRENT_STREAMS, 7));
        assertThat(s.sent()).containsExactly("SETTINGS(ACK)");
        assertThat(s.takeRendered()).singleElement().asString().startsWith("SettingsReceived[remote=Settings[")
                .contains("maxConcurrentStreams=7");
        assertThat(s.conn.remoteSettings().maxConcurrentStreams()).isEqualTo(7);
    }

    @Test
    void badPrefaceIsAConnectionErrorProtocolError() {
        H2 s = H2.server(Http2Config.defaults());
        s.sent();
        s.recv("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
        assertThat(s.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
        assertThat(s.takeEvents()).singleElement().isInstanceOfSatisfying(Http2Event.ConnectionFailed.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertThat(e.local()).isTrue();
            assertThat(e.reason()).contains("preface");
        });
        assertThat(s.conn.isClosed()).isTrue();
        // Terminal: later input is consumed and ignored (section 5.4.1).
        s.recv(Wire.PREFACE, Wire.settings());
        assertThat(s.sent()).isEmpty();
        assertThat(s.takeEvents()).isEmpty();
    }

    @Test
    void prefaceDifferingInTheLastOctetIsRejected() {
        H2 s = H2.server(Http2Config.defaults());
        s.sent();
        byte[] bad = Wire.PREFACE.clone();
        bad[23] = 'X';
        s.recv(bad);
        assertThat(s.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void firstFrameMustBeSettings() {
        H2 s = H2.server(Http2Config.defaults());
        s.sent();
        s.recv(Wire.PREFACE, Wire.ping(1));
        assertThat(s.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");

        H2 c = H2.client(Http2Config.defaults());
        c.drainFrames();
        c.recv(Wire.settingsAck());
        assertThat(c.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void receiveBeforeStartAndReentrantReceiveAreRejected() {
        Http2Connection c = new Http2Connection(Http2Role.SERVER, Http2Config.defaults(), new TestOutput(64), e -> {
        });
        assertThatThrownBy(() -> c.receive(ByteBuffer.wrap(Wire.PREFACE))).isInstanceOf(IllegalStateException.class);
        Http2Connection[] self = new Http2Connection[1];
        self[0] = new Http2Connection(Http2Role.SERVER, Http2Config.defaults(), new TestOutput(64),
                e -> self[0].receive(ByteBuffer.allocate(0)));
        self[0].start();
        assertThatThrownBy(() -> self[0].receive(ByteBuffer.wrap(Wire.concat(Wire.PREFACE, Wire.settings()))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside an event");
    }

    @Test
    void toStringShowsState() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        assertThat(s.conn.toString()).startsWith("Http2Connection[SERVER OPEN").contains("streams[active=0");
    }
}
