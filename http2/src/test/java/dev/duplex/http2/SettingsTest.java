package dev.duplex.http2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** SETTINGS (RFC 9113 section 6.5; RFC 8441 section 3). */
class SettingsTest extends Http2TestBase {

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                arguments(Settings.ENABLE_PUSH, 2L, "PROTOCOL_ERROR"),
                arguments(Settings.INITIAL_WINDOW_SIZE, 0x80000000L, "FLOW_CONTROL_ERROR"),
                arguments(Settings.MAX_FRAME_SIZE, 16_383L, "PROTOCOL_ERROR"),
                arguments(Settings.MAX_FRAME_SIZE, 1L << 24, "PROTOCOL_ERROR"),
                arguments(Settings.ENABLE_CONNECT_PROTOCOL, 2L, "PROTOCOL_ERROR"));
    }

    @ParameterizedTest(name = "{0}={1} is {2}")
    @MethodSource("invalidValues")
    void invalidValuesAreConnectionErrors(int id, long value, String code) {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.settings(id, value));
        // Section 6.5.2 and RFC 8441 section 3.
        assertThat(s.sent()).containsExactly("GOAWAY(0, " + code + ")");
    }

    @Test
    void boundaryValuesAndUnknownIdentifiersAreAccepted() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.settings(Settings.MAX_FRAME_SIZE, 16_384, Settings.MAX_FRAME_SIZE, (1 << 24) - 1,
                Settings.INITIAL_WINDOW_SIZE, 0x7fffffff, 0x99, 12_345, 0, 1, Settings.ENABLE_PUSH, 1,
                Settings.MAX_HEADER_LIST_SIZE, 0xffffffffL));
        // Section 6.5.2: unknown identifiers are ignored; values apply in order (6.5.3).
        assertThat(s.sent()).containsExactly("SETTINGS(ACK)");
        Settings remote = s.conn.remoteSettings();
        assertThat(remote.maxFrameSize()).isEqualTo((1 << 24) - 1);
        assertThat(remote.initialWindowSize()).isEqualTo(0x7fffffff);
        assertThat(remote.maxHeaderListSize()).isEqualTo(0xffffffffL);
        assertThat(remote.enablePush()).isTrue();
        assertThat(s.takeEvents()).containsExactly(new Http2Event.SettingsReceived(remote));
    }

    @Test
    void aClientRejectsEnablePushFromAServer() {
        H2 c = H2.handshakenClient(Http2Config.defaults());
        c.recv(Wire.settings(Settings.ENABLE_PUSH, 1));
        assertThat(c.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void aServerMayNotWithdrawEnableConnectProtocol() {
        H2 c = H2.handshakenClient(Http2Config.defaults(), Settings.ENABLE_CONNECT_PROTOCOL, 1);
        assertThat(c.conn.remoteSettings().enableConnectProtocol()).isTrue();
        c.recv(Wire.settings(Settings.ENABLE_CONNECT_PROTOCOL, 1));
        assertThat(c.sent()).containsExactly("SETTINGS(ACK)");
        // RFC 8441 section 3: once 1, a sender MUST NOT send it as 0.
        c.recv(Wire.settings(Settings.ENABLE_CONNECT_PROTOCOL, 0));
        assertThat(c.sent()).containsExactly("GOAWAY(0, PROTOCOL_ERROR)");
    }

    @Test
    void acknowledgementsAreReportedAndStrayOnesIgnored() {
        H2 s = H2.server(Http2Config.defaults());
        s.sent();
        s.recv(Wire.PREFACE, Wire.settings(), Wire.settingsAck(), Wire.settingsAck());
        assertThat(s.takeRendered()).hasSize(2).last().isEqualTo("SettingsAcknowledged[]");
        assertThat(s.sent()).containsExactly("SETTINGS(ACK)");
    }

    @Test
    void thePeersHeaderTableSizeReachesOurEncoder() {
        H2 c = H2.handshakenClient(Http2Config.defaults(), Settings.HEADER_TABLE_SIZE, 0);
        c.call(x -> x.openStream(ExchangeTest.GET, true));
        List<Frame> frames = Wire.parse(c.drainFrames());
        ByteBuffer block = ((Frame.Headers) frames.get(0)).fragment();
        // RFC 7541 section 6.3: the next block starts with a dynamic table size update to 0 (001xxxxx).
        assertThat(block.get(block.position()) & 0xff).isEqualTo(0x20);
    }

    @Test
    void ourHeaderTableSizeTakesEffectOnAcknowledgement() {
        // We advertise a table of 0; until the ACK the peer may still use the initial 4096 (section 6.5.3).
        Http2Config config = Http2Config.builder().headerTableSize(0).build();
        byte[] indexedInsert = Wire.concat(new byte[] {0x40, 3}, Wire.utf8("x-a"), new byte[] {1}, Wire.utf8("1"));
        byte[] request = Wire.concat(Wire.request("/"), indexedInsert);
        H2 s = H2.server(config);
        s.recv(Wire.PREFACE, Wire.settings(), Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, request));
        assertThat(s.takeRendered()).last().asString().endsWith("x-a=1)");
        s.recv(Wire.settingsAck());
        // After the ACK, a block must start with a size update at most 0 (RFC 7541 section 4.2)...
        s.sent();
        s.recv(Wire.headers(3, Wire.END_HEADERS | Wire.END_STREAM, Wire.request("/")));
        assertThat(s.sent()).containsExactly("GOAWAY(1, COMPRESSION_ERROR)");
        // ...and one that does is fine.
        H2 s2 = H2.server(config);
        s2.recv(Wire.PREFACE, Wire.settings(), Wire.settingsAck(),
                Wire.headers(1, Wire.END_HEADERS | Wire.END_STREAM, Wire.concat(new byte[] {0x20}, Wire.request("/"))));
        assertThat(s2.takeRendered()).last().asString().startsWith("Headers(1");
    }

    @Test
    void settingsWithParametersInOrderAreApplied() {
        H2 s = H2.handshakenServer(Http2Config.defaults());
        s.recv(Wire.settings(Settings.MAX_CONCURRENT_STREAMS, 1, Settings.MAX_CONCURRENT_STREAMS, 9));
        assertThat(s.conn.remoteSettings().maxConcurrentStreams()).isEqualTo(9);
    }

    @Test
    void settingsRecordRendersUnlimitedValues() {
        assertThat(Settings.DEFAULTS.toString()).isEqualTo("Settings[headerTableSize=4096, enablePush=true, "
                + "maxConcurrentStreams=unlimited, initialWindowSize=65535, maxFrameSize=16384, "
                + "maxHeaderListSize=unlimited, enableConnectProtocol=false]");
    }

    @Test
    void configurationIsRangeChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http2Config.builder().maxFrameSize(16_383).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameSize");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http2Config.builder().connectionWindowSize(1000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectionWindowSize");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Http2Config.builder().initialWindowSize(-1).build())
                .isInstanceOf(IllegalArgumentException.class);
        Http2Config c = Http2Config.builder().rapidResetBudget(7).build();
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }
}
