package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
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
 * Well-formed frames of every kind and every length encoding (RFC 6455 section 5.2; Autobahn 1.1.x, 1.2.x).
 * Violations of section 5.2 are in {@link FramingViolationTest}.
 */
class FramingTest {

    /** The boundaries of the 7-, 16- and 64-bit length forms, and a few beyond. */
    static final int[] LENGTHS = {0, 1, 125, 126, 127, 128, 65535, 65536, 65537, 100_000, 1 << 20};

    static Stream<Arguments> roleAndLength() {
        List<Arguments> args = new ArrayList<>();
        for (Role role : Role.values()) {
            for (int n : LENGTHS) {
                args.add(Arguments.of(role, n));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} receives a text frame of {1} bytes")
    @MethodSource("roleAndLength")
    @DisplayName("5.2 / Autobahn 1.1.1-1.1.7: text frames at the length boundaries arrive intact")
    void textAtLengthBoundaries(Role role, int n) {
        EngineHarness h = EngineHarness.of(role);
        String text = "*".repeat(n);
        h.feed(h.peer.text(text));
        assertThat(h.listener.events()).containsExactly(new Event.Text(text));
        assertThat(h.out.bytes()).isEmpty();
        assertThat(h.engine.state()).isEqualTo(WebSocketEngine.State.OPEN);
    }

    @ParameterizedTest(name = "{0} receives a binary frame of {1} bytes")
    @MethodSource("roleAndLength")
    @DisplayName("5.2 / Autobahn 1.2.1-1.2.7: binary frames at the length boundaries arrive intact")
    void binaryAtLengthBoundaries(Role role, int n) {
        EngineHarness h = EngineHarness.of(role);
        byte[] data = Frames.pattern(n);
        h.feed(h.peer.binary(data));
        assertThat(h.listener.events()).hasSize(1);
        Event.Binary b = (Event.Binary) h.listener.events().get(0);
        assertThat(b.data().remaining()).isEqualTo(n);
        byte[] got = new byte[n];
        b.data().duplicate().get(got);
        assertThat(got).isEqualTo(data);
        assertThat(h.out.bytes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.2 / Autobahn 1.1.8, 1.2.8: a 65536-byte frame arriving in 997-byte reads")
    void largeFrameInChops(Role role) {
        EngineHarness h = EngineHarness.of(role);
        String text = "*".repeat(65536);
        h.feedInPieces(h.peer.text(text), 997);
        byte[] data = Frames.pattern(65536);
        h.feedInPieces(h.peer.binary(data), 997);
        assertThat(h.listener.events()).hasSize(2);
        assertThat(h.listener.events().get(0)).isEqualTo(new Event.Text(text));
        assertThat(((Event.Binary) h.listener.events().get(1)).data()).isEqualTo(java.nio.ByteBuffer.wrap(data));
    }

    @Test
    @DisplayName("5.2: the peer's headers use the 7-, 16- and 64-bit forms exactly at 125/126 and 65535/65536")
    void lengthFormsOfTheTestFrames() {
        // Guards the builder the other tests rely on: "126" and "127" select the 16- and 64-bit forms.
        assertThat(Frames.hex(Frames.header(true, 0, Opcode.BINARY, 125, null))).isEqualTo("827d");
        assertThat(Frames.hex(Frames.header(true, 0, Opcode.BINARY, 126, null))).isEqualTo("827e007e");
        assertThat(Frames.hex(Frames.header(true, 0, Opcode.BINARY, 65535, null))).isEqualTo("827effff");
        assertThat(Frames.hex(Frames.header(true, 0, Opcode.BINARY, 65536, null)))
                .isEqualTo("827f0000000000010000");
        assertThat(Frames.hex(Frames.header(true, 0, Opcode.TEXT, 0, 0x37FA213D))).isEqualTo("818037fa213d");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.2, 5.6: an empty text and an empty binary frame")
    void emptyFrames(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.text(""), h.peer.binary(new byte[0]));
        assertThat(h.events()).containsExactly("Text()", "Binary()");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.2: every defined opcode (0x0 continuation, 0x1, 0x2, 0x8, 0x9, 0xA) in one read")
    void everyDefinedOpcode(Role role) {
        EngineHarness h = EngineHarness.of(role);
        Peer p = h.peer;
        h.feedJoined(
                p.frame(false, Opcode.TEXT, Frames.utf8("con")),
                p.frame(true, Opcode.CONTINUATION, Frames.utf8("tinued")),
                p.frame(true, Opcode.BINARY, Frames.bytes(0, 0xFF)),
                p.frame(true, Opcode.PING, Frames.utf8("pi")),
                p.frame(true, Opcode.PONG, Frames.utf8("po")),
                p.frame(true, Opcode.CLOSE, Frames.closePayload(1000, "bye")));
        assertThat(h.events()).containsExactly(
                "Text(continued)", "Binary(00ff)", "Ping(7069)", "Pong(706f)",
                "CloseReceived(1000, bye)", "Closed(1000, bye, clean)");
        assertThat(h.sentDescribed()).containsExactly("pong 7069", "close 1000");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.2: several frames in one read, and a frame split across reads at every byte")
    void manyFramesPerReadAndOneFramePerManyReads(Role role) {
        byte[] text = Frames.utf8("Hello, wörld ✓");
        for (int split = 0; split <= 2 + 4 + text.length; split++) {
            EngineHarness h = EngineHarness.of(role);
            byte[] all = Frames.concat(h.peer.text(text), h.peer.binary(Frames.pattern(3)), h.peer.text("x"));
            byte[] a = java.util.Arrays.copyOfRange(all, 0, split);
            byte[] b = java.util.Arrays.copyOfRange(all, split, all.length);
            h.feed(a, b);
            assertThat(h.events()).as("split at %d", split)
                    .containsExactly("Text(Hello, wörld ✓)", "Binary(00070e)", "Text(x)");
        }
    }

    @Test
    @DisplayName("5.3: the server unmasks with the key of each frame, whatever the key and key offset")
    void unmasksWithEachFramesKey() {
        EngineHarness h = EngineHarness.server();
        byte[] data = Frames.pattern(1000);
        int[] keys = {0, 0xFFFFFFFF, 0x01020304, 0x80000000, 0x37FA213D};
        for (int key : keys) {
            h.feed(Frames.frame(true, 0, Opcode.BINARY, data, key));
        }
        assertThat(h.listener.events()).hasSize(keys.length)
                .allSatisfy(e -> assertThat(((Event.Binary) e).data()).isEqualTo(java.nio.ByteBuffer.wrap(data)));
    }

    @Test
    @DisplayName("5.3: masked payload split across reads at odd offsets is unmasked with the right key byte")
    void unmasksAcrossReadsAtEveryKeyOffset() {
        byte[] data = Frames.pattern(50);
        byte[] frame = Frames.frame(true, 0, Opcode.BINARY, data, 0x11223344);
        for (int piece = 1; piece <= 9; piece++) {
            EngineHarness h = EngineHarness.server();
            h.feedInPieces(frame, piece);
            assertThat(h.events()).as("pieces of %d", piece).containsExactly("Binary(" + Frames.hex(data) + ")");
        }
    }

    @Test
    @DisplayName("5.2: input from direct buffers is parsed, unmasked and decoded the same")
    void directInput() {
        EngineHarness h = EngineHarness.server().directInput(true);
        h.feedInPieces(Frames.concat(h.peer.text("κόσμε"), h.peer.binary(Frames.pattern(300)), h.peer.ping(
                Frames.utf8("p"))), 7);
        assertThat(h.events()).containsExactly("Text(κόσμε)", "Binary(" + Frames.hex(Frames.pattern(300)) + ")",
                "Ping(70)");
        assertThat(h.sentDescribed()).containsExactly("pong 70");
    }
}
