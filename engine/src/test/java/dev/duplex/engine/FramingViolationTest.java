package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames that break RFC 6455 section 5.2 (Autobahn 2.5, 3.x, 4.x, 5.1-5.2): the engine fails the connection
 * (section 7.1.7) with close code 1002, writes that close frame, reports {@code Closed(1002, clean=false)},
 * and ignores everything after. Frames over the size limit fail with 1009 right after their header
 * (section 10.4).
 */
class FramingViolationTest {

    static final int[] RESERVED_OPCODES = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};

    static Stream<Arguments> roleAndReservedOpcode() {
        List<Arguments> args = new ArrayList<>();
        for (Role role : Role.values()) {
            for (int op : RESERVED_OPCODES) {
                args.add(Arguments.of(role, op));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} receives opcode {1}")
    @MethodSource("roleAndReservedOpcode")
    @DisplayName("5.2 / Autobahn 4.1.1, 4.2.1: a reserved opcode (3-7, B-F) fails with 1002")
    void reservedOpcode(Role role, int opcode) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.frame(true, opcode, new byte[0]));
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(1);
        assertThat(h.sentDescribed()).containsExactly("close 1002");
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    @DisplayName("5.2 / Autobahn 4.1.3, 4.2.3: text, reserved opcode with payload, then ping: only the text counts")
    void reservedOpcodeBetweenValidFrames(int opcode) {
        EngineHarness h = EngineHarness.server();
        h.feedJoined(h.peer.text("Hello"), h.peer.frame(true, opcode, Frames.utf8("reserved")),
                h.peer.ping(Frames.utf8("p")));
        assertThat(h.listener.events().get(0)).isEqualTo(new Event.Text("Hello"));
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(2);
        assertThat(h.sentDescribed()).as("no pong after the failure").containsExactly("close 1002");
    }

    static Stream<Arguments> rsvAndOpcode() {
        List<Arguments> args = new ArrayList<>();
        int[] opcodes = {Opcode.TEXT, Opcode.BINARY, Opcode.PING, Opcode.PONG, Opcode.CLOSE, Opcode.CONTINUATION};
        for (int rsv = 1; rsv <= 7; rsv++) {
            for (int op : opcodes) {
                args.add(Arguments.of(rsv, op));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "RSV={0} on opcode {1}")
    @MethodSource("rsvAndOpcode")
    @DisplayName("5.2 / Autobahn 3.1-3.7: RSV1/2/3 set without an extension fail with 1002")
    void reservedBits(int rsv, int opcode) {
        for (Role role : Role.values()) {
            EngineHarness h = EngineHarness.of(role);
            byte[] payload = opcode == Opcode.CLOSE ? Frames.closePayload(1000, "") : Frames.utf8("Hello");
            h.feedJoined(h.peer.text("ok"), h.peer.frame(true, rsv, opcode, payload), h.peer.ping(new byte[0]));
            assertThat(h.listener.events().get(0)).isEqualTo(new Event.Text("ok"));
            h.assertFailed(1002);
            assertThat(h.events()).hasSize(2);
            assertThat(h.sentDescribed()).containsExactly("close 1002");
        }
    }

    @Test
    @DisplayName("5.2 / Autobahn 3.4: RSV bits on a frame fed byte by byte fail as soon as the header is in")
    void reservedBitsByteByByte() {
        EngineHarness h = EngineHarness.server();
        byte[] bad = h.peer.frame(true, 4, Opcode.TEXT, Frames.utf8("Hello"));
        h.feedInPieces(h.peer.text("ok"), 1);
        h.feed(Arrays.copyOf(bad, 5)); // two bytes of header and three bytes of the masking key
        assertThat(h.events()).containsExactly("Text(ok)");
        h.feed(Arrays.copyOfRange(bad, 5, 6)); // the last byte of the header
        h.assertFailed(1002);
        h.feedInPieces(Arrays.copyOfRange(bad, 6, bad.length), 1);
        assertThat(h.events()).hasSize(2);
    }

    @Test
    @DisplayName("5.1: a server receiving an unmasked frame fails with 1002")
    void serverReceivesUnmasked() {
        EngineHarness h = EngineHarness.server();
        h.feed(Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("Hello"), null));
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Opcode.TEXT, Opcode.BINARY, Opcode.PING, Opcode.PONG, Opcode.CLOSE})
    @DisplayName("5.1: a server fails unmasked frames of every kind, even empty ones")
    void serverReceivesUnmaskedOfEveryKind(int opcode) {
        EngineHarness h = EngineHarness.server();
        h.feed(Frames.frame(true, 0, opcode, new byte[0], null));
        h.assertFailed(1002);
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Opcode.TEXT, Opcode.BINARY, Opcode.PING, Opcode.PONG, Opcode.CLOSE})
    @DisplayName("5.1: a client receiving a masked frame fails with 1002, even with key 0")
    void clientReceivesMasked(int opcode) {
        for (int key : new int[]{0, 0x37FA213D}) {
            EngineHarness h = EngineHarness.client();
            h.feed(Frames.frame(true, 0, opcode, new byte[0], key));
            h.assertFailed(1002);
            assertThat(h.events()).hasSize(1);
        }
    }

    static Stream<Arguments> controlOpcodeAndForm() {
        List<Arguments> args = new ArrayList<>();
        for (int op : new int[]{Opcode.PING, Opcode.PONG, Opcode.CLOSE}) {
            args.add(Arguments.of(op, 126, 16));
            args.add(Arguments.of(op, 127, 16));
            args.add(Arguments.of(op, 65535, 16));
            args.add(Arguments.of(op, 126, 64));
            args.add(Arguments.of(op, 65536, 64));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "opcode {0}, {1} bytes in the {2}-bit form")
    @MethodSource("controlOpcodeAndForm")
    @DisplayName("5.5 / Autobahn 2.5: a control frame with more than 125 bytes fails with 1002 after its header")
    void controlFrameTooLong(int opcode, long length, int form) {
        for (Role role : Role.values()) {
            EngineHarness h = EngineHarness.of(role);
            h.feed(h.peer.header(true, 0, opcode, length, form));
            h.assertFailed(1002);
            assertThat(h.events()).hasSize(1);
        }
    }

    @Test
    @DisplayName("5.5 / Autobahn 2.5: a 126-byte ping is not answered, it fails with 1002")
    void ping126() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.ping(Frames.pattern(126)));
        h.assertFailed(1002);
        assertThat(h.sentDescribed()).containsExactly("close 1002");
    }

    @ParameterizedTest(name = "opcode {0}")
    @ValueSource(ints = {Opcode.PING, Opcode.PONG, Opcode.CLOSE})
    @DisplayName("5.4, 5.5 / Autobahn 5.1, 5.2: a fragmented control frame (FIN clear) fails with 1002")
    void fragmentedControlFrame(int opcode) {
        for (Role role : Role.values()) {
            EngineHarness h = EngineHarness.of(role);
            byte[] payload = opcode == Opcode.CLOSE ? Frames.closePayload(1000, "") : Frames.utf8("frag");
            h.feedJoined(h.peer.frame(false, opcode, payload), h.peer.frame(true, Opcode.CONTINUATION, payload));
            h.assertFailed(1002);
            assertThat(h.events()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.2: a 64-bit length with its most significant bit set fails with 1002 after the header")
    void lengthWithMostSignificantBit(Role role) {
        for (long length : new long[]{Long.MIN_VALUE, -1L, 0x8000_0000_0000_0005L}) {
            EngineHarness h = EngineHarness.of(role);
            h.feed(h.peer.header(true, 0, Opcode.BINARY, length, 64));
            h.assertFailed(1002);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("10.4: a frame announcing 2^62 bytes fails with 1009 right after its header")
    void hugeFrameFailsAfterHeader(Role role) {
        EngineHarness h = EngineHarness.of(role);
        byte[] header = h.peer.header(true, 0, Opcode.BINARY, 1L << 62, 64);
        // Header only, one byte at a time: no allocation can have been sized from the announced length, and the
        // failure must not wait for payload that will never come.
        h.feedInPieces(Arrays.copyOf(header, header.length - 1), 1);
        assertThat(h.events()).isEmpty();
        assertThat(h.out.bytes()).isEmpty();
        h.feed(Arrays.copyOfRange(header, header.length - 1, header.length));
        h.assertFailed(1009);
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("10.4: maxFramePayload is exact: a frame of the limit passes, one byte more fails with 1009")
    void frameLimitIsExact(Role role) {
        EngineConfig config = EngineConfig.builder().maxFramePayload(1000).maxMessageSize(1 << 20).build();
        EngineHarness ok = EngineHarness.of(role, config);
        ok.feed(ok.peer.binary(Frames.pattern(1000)));
        assertThat(ok.listener.events()).hasSize(1).first().isInstanceOf(Event.Binary.class);

        EngineHarness h = EngineHarness.of(role, config);
        h.feed(h.peer.header(false, 0, Opcode.TEXT, 1001));
        h.assertFailed(1009);
        assertThat(h.events()).hasSize(1);
    }

    @Test
    @DisplayName("10.4: with no limits, a frame announcing almost 2 GiB is buffered only as its bytes arrive")
    void memoryFollowsReceivedBytesNotAnnouncedLength() {
        EngineConfig unlimited = EngineConfig.builder().maxFramePayload(Long.MAX_VALUE)
                .maxMessageSize(Long.MAX_VALUE).build();
        EngineHarness h = EngineHarness.of(Role.CLIENT, unlimited);
        // More than the test JVM's whole heap: reserving it up front would throw OutOfMemoryError.
        h.feed(h.peer.header(true, 0, Opcode.BINARY, Integer.MAX_VALUE - 8, 64));
        for (int i = 0; i < 16; i++) {
            h.feed(Frames.pattern(4096)); // an allocation of the announced length would throw OutOfMemoryError
        }
        assertThat(h.events()).isEmpty();
        assertThat(h.engine.state()).isEqualTo(WebSocketEngine.State.OPEN);
        h.engine.transportClosed();
        assertThat(h.listener.last()).isInstanceOf(Event.Closed.class);
        assertThat(((Event.Closed) h.listener.last()).code()).isEqualTo(1006);
    }

    @Test
    @DisplayName("10.4: a whole message cannot exceed one array: a 2^62-byte frame closes with 1009 even without limits")
    void wholeMessagesAreBoundedByAnArray() {
        EngineConfig unlimited = EngineConfig.builder().maxFramePayload(Long.MAX_VALUE)
                .maxMessageSize(Long.MAX_VALUE).build();
        EngineHarness h = EngineHarness.of(Role.CLIENT, unlimited);
        h.feed(h.peer.header(true, 0, Opcode.BINARY, 1L << 62, 64));
        h.assertFailed(1009);
    }

    @Test
    @DisplayName("7.1.7: after a failure, further input (even valid frames and more violations) is ignored")
    void terminalAfterFailure() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.frame(true, 3, new byte[0]));
        h.assertFailed(1002);
        h.feed(h.peer.text("ignored"), h.peer.ping(new byte[0]), h.peer.frame(true, 4, new byte[0]),
                h.peer.close(1000, ""));
        assertThat(h.events()).hasSize(1);
        assertThat(h.sentDescribed()).containsExactly("close 1002");
    }

    @Test
    @DisplayName("7.1.7: a violation in the same read as earlier valid frames: those are delivered, then the failure")
    void violationAfterValidFramesInOneRead() {
        EngineHarness h = EngineHarness.server();
        h.feedJoined(h.peer.text("one"), h.peer.ping(Frames.utf8("p")), h.peer.binary(Frames.bytes(1)),
                Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("unmasked"), null), h.peer.text("never"));
        assertThat(h.events().subList(0, 3)).containsExactly("Text(one)", "Ping(70)", "Binary(01)");
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(4);
        assertThat(h.sentDescribed()).containsExactly("pong 70", "close 1002");
    }
}
