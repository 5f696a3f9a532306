package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Vectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close frames a peer sends: payload forms, status codes and reasons (RFC 6455 sections 5.5.1, 7.1.5,
 * 7.4; Autobahn 7.3, 7.5, 7.7, 7.9, 7.13). The close handshake's states are in {@link CloseHandshakeTest}.
 */
class CloseFrameTest {

    /** Codes a close frame may carry: 7.4.1, and 1012-1014 registered with IANA since (section 11.7). */
    static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
            3000, 3999, 4000, 4999};
    /** Codes a close frame may not carry (7.4.1, 7.4.2): reserved, unassigned or out of range. */
    static final int[] INVALID = {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535};

    static Stream<Arguments> roleAnd(int[] codes) {
        List<Arguments> args = new ArrayList<>();
        for (Role role : Role.values()) {
            for (int code : codes) {
                args.add(Arguments.of(role, code));
            }
        }
        return args.stream();
    }

    static Stream<Arguments> validCodes() {
        return roleAnd(VALID);
    }

    static Stream<Arguments> invalidCodes() {
        return roleAnd(INVALID);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1, 7.1.5 / Autobahn 7.3.1: a close without payload: empty close reply, code 1005")
    void emptyClose(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.close());
        assertThat(h.events()).containsExactly("CloseReceived(1005, )", "Closed(1005, , clean)");
        List<WireFrame> sent = h.sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(sent.get(0).payload()).isEmpty();
        assertThat(h.engine.state()).isEqualTo(WebSocketEngine.State.CLOSED);
    }

    @Test
    @DisplayName("5.5.1, 5.7: a server replies to an empty close with exactly 88 00")
    void emptyCloseReplyBytes() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.close());
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("88 00"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1 / Autobahn 7.3.2: a close with a 1-byte payload fails with 1002")
    void oneBytePayload(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.closeRaw(Frames.bytes(0x03)));
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} receives {1}")
    @MethodSource("validCodes")
    @DisplayName("5.5.1, 7.4 / Autobahn 7.3.3, 7.7.x: each valid code is accepted and echoed")
    void validCodeEchoed(Role role, int code) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.close(code, ""));
        assertThat(h.events()).containsExactly("CloseReceived(" + code + ", )", "Closed(" + code + ", , clean)");
        List<WireFrame> sent = h.sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).closeCode()).isEqualTo(code);
        assertThat(sent.get(0).payload()).hasSize(2);
        assertThat(((Event.Closed) h.listener.last()).error()).isNull();
    }

    @ParameterizedTest(name = "{0} receives {1}")
    @MethodSource("invalidCodes")
    @DisplayName("7.4 / Autobahn 7.9.x, 7.13.x: an invalid code fails with 1002")
    void invalidCodeFails(Role role, int code) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.close(code, "reason"));
        h.assertFailed(1002);
        assertThat(h.events()).as("no CloseReceived for an invalid close frame").hasSize(1);
    }

    @Test
    @DisplayName("5.5.1, 5.7: a server echoes close 1000 and its reason as exactly 88 0e 03 e8 'Hello World!'")
    void echoBytes() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.close(1000, "Hello World!"));
        assertThat(h.events()).containsExactly("CloseReceived(1000, Hello World!)", "Closed(1000, Hello World!, clean)");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("88 0e 03 e8 48 65 6c 6c 6f 20 57 6f 72 6c 64 21"));
    }

    @Test
    @DisplayName("5.5.1, 5.3: a client echoes close 1001 masked with its key: 88 82 37 fa 21 3d 34 13")
    void clientEchoBytes() {
        EngineHarness h = EngineHarness.client();
        h.feed(Frames.hex("88 02 03 e9"));
        assertThat(h.events()).containsExactly("CloseReceived(1001, )", "Closed(1001, , clean)");
        // 03 e9 xor 37 fa = 34 13
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("88 82 37 fa 21 3d 34 13"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1 / Autobahn 7.3.5: a 123-byte reason (the most that fits) is reported exactly")
    void maximumReason(Role role) {
        String ascii = "*".repeat(123);
        String mixed = "é".repeat(60) + "€"; // 120 + 3 = 123 bytes
        for (String reason : new String[]{ascii, mixed}) {
            EngineHarness h = EngineHarness.of(role);
            h.feed(h.peer.close(1000, reason));
            assertThat(h.listener.events()).containsExactly(new Event.CloseReceived(1000, reason),
                    new Event.Closed(1000, reason, true, null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5 / Autobahn 7.3.6: a 124-byte reason makes a 126-byte control frame: fails with 1002")
    void reasonTooLong(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.close(1000, "*".repeat(124)));
        h.assertFailed(1002);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1, 8.1 / Autobahn 7.5.1: a reason that is not valid UTF-8 fails with 1007")
    void invalidUtf8Reason(Role role) {
        byte[][] reasons = {
                Frames.concat(Utf8Vectors.KOSME, Frames.hex("eda080"), Frames.utf8("edited")),
                Frames.hex("c3"), Frames.hex("ff"), Frames.concat(Frames.utf8("ok"), Frames.hex("e282"))};
        for (byte[] reason : reasons) {
            EngineHarness h = EngineHarness.of(role);
            h.feed(h.peer.closeRaw(Frames.concat(Frames.bytes(0x03, 0xE8), reason)));
            h.assertFailed(1007);
            assertThat(h.events()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1: a valid multi-byte reason split across one-byte reads is decoded exactly")
    void reasonAcrossReads(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feedInPieces(h.peer.close(4000, "κόσμε 𝄞"), 1);
        assertThat(h.events()).containsExactly("CloseReceived(4000, κόσμε 𝄞)", "Closed(4000, κόσμε 𝄞, clean)");
        assertThat(h.sent()).extracting(WireFrame::closeCode).containsExactly(4000);
    }

    @Test
    @DisplayName("7.4.1, 7.4.2, 11.7: CloseCodes.isValidOnWire over all 65536 values")
    void validOnWireTable() {
        for (int code = 0; code <= 65535; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                    || (code >= 3000 && code <= 4999);
            assertThat(CloseCodes.isValidOnWire(code)).as("code %d", code).isEqualTo(expected);
        }
        assertThat(CloseCodes.isValidOnWire(-1)).isFalse();
        assertThat(CloseCodes.isValidOnWire(65536 + 1000)).isFalse();
    }

    @Test
    @DisplayName("7.4.1: CloseCodes.describe names the registered codes")
    void describe() {
        assertThat(CloseCodes.describe(1002)).isEqualTo("1002 (protocol error)");
        assertThat(CloseCodes.describe(1005)).isEqualTo("1005 (no status code)");
        assertThat(CloseCodes.describe(1013)).isEqualTo("1013 (try again later)");
        assertThat(CloseCodes.describe(3500)).isEqualTo("3500 (application)");
        assertThat(CloseCodes.describe(2000)).isEqualTo("2000 (unknown)");
    }
}
