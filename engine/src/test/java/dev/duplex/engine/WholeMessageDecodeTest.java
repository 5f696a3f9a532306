package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Vectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paths that decode a whole text message received in one piece: from a heap array, from a direct buffer
 * (unmasked there for a server) through the engine's scratch array (at most 128 bytes) or through an array of
 * its own (longer), with the ASCII shortcut. Each is checked against the JDK's strict decoder (RFC 6455 sections
 * 5.6, 8.1: invalid UTF-8 fails with 1007), and around it the frame header split across reads at every byte
 * (section 5.2) and control frames between fragments (section 5.4).
 */
class WholeMessageDecodeTest {

    /** The strict JDK verdict: the text, or null when the bytes are not valid UTF-8. */
    private static String strict(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static void assertVerdict(EngineHarness h, byte[] payload, String what) {
        String expected = strict(payload);
        if (expected != null) {
            assertThat(h.listener.events()).as(what).containsExactly(new Event.Text(expected));
        } else {
            h.assertFailed(1007);
            assertThat(h.events()).as(what).hasSize(1);
        }
    }

    private static EngineHarness harness(Role role, boolean direct) {
        return EngineHarness.of(role).directInput(direct);
    }

    static List<Utf8Vectors.Vector> vectors() {
        return Utf8Vectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("8.1 / Autobahn 6.5-6.23: each vector as one frame from a direct buffer, server and client")
    void vectorFromDirectBuffer(Utf8Vectors.Vector v) {
        for (Role role : Role.values()) {
            EngineHarness h = harness(role, true);
            h.feed(h.peer.text(v.bytes()));
            assertVerdict(h, v.bytes(), role + " " + v);
        }
    }

    @Test
    @DisplayName("5.6, 8.1: ASCII with a 2-, 3- or 4-byte character, or an invalid byte, at every position, lengths 0..140 and around 1 KiB")
    void nonAsciiAtEveryPosition() {
        byte[][] inserts = {Frames.utf8("é"), Frames.utf8("€"), Frames.utf8("😀"), {(byte) 0xFF}, {(byte) 0x80},
                {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        int[] lengths = java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(0, 140),
                java.util.stream.IntStream.rangeClosed(1016, 1032)).toArray();
        for (int n : lengths) {
            for (int pos = -1; pos < n; pos += n > 200 ? 7 : n > 72 ? 3 : 1) {
                for (byte[] insert : pos < 0 ? new byte[][]{{}} : inserts) {
                    byte[] payload = new byte[n];
                    Arrays.fill(payload, (byte) 'q');
                    if (pos >= 0) {
                        int at = Math.min(pos, Math.max(0, n - insert.length));
                        System.arraycopy(insert, 0, payload, at, Math.min(insert.length, n));
                    }
                    for (Role role : Role.values()) {
                        for (boolean direct : new boolean[]{false, true}) {
                            EngineHarness h = harness(role, direct);
                            h.feed(h.peer.text(payload));
                            assertVerdict(h, payload, role + (direct ? " direct " : " heap ") + n + " bytes, "
                                    + Frames.hex(insert) + " at " + pos);
                        }
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("5.2: a text frame whose header (7-, 16- and 64-bit lengths) is split across two reads at every byte")
    void headerSplitAtEveryByte() {
        for (int form : new int[]{7, 16, 64}) {
            String text = form == 7 ? "split κόσμε header" : "ab€d".repeat(form == 16 ? 50 : 300);
            byte[] payload = Frames.utf8(text);
            for (Role role : Role.values()) {
                for (boolean direct : new boolean[]{false, true}) {
                    Integer key = role == Role.SERVER ? 0x1F2E3D4C + form : null;
                    byte[] header = Frames.header(true, 0, Opcode.TEXT, payload.length, form, key);
                    byte[] minimal = Frames.frame(true, 0, Opcode.TEXT, payload, key);
                    byte[] frame = Frames.concat(header,
                            Arrays.copyOfRange(minimal, minimal.length - payload.length, minimal.length));
                    for (int split = 0; split <= header.length + 1; split++) {
                        EngineHarness h = harness(role, direct);
                        h.feed(Arrays.copyOf(frame, split), Arrays.copyOfRange(frame, split, frame.length));
                        assertThat(h.listener.events()).as("%s %s form %d split at %d", role, direct, form, split)
                                .containsExactly(new Event.Text(text));
                    }
                    EngineHarness h = harness(role, direct);
                    h.feedInPieces(frame, 1);
                    assertThat(h.listener.events()).containsExactly(new Event.Text(text));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4, 5.5.2: a ping between the fragments of a text message, from a direct buffer in one read")
    void pingBetweenFragmentsFromDirectBuffer(Role role) {
        EngineHarness h = harness(role, true);
        h.feed(Frames.concat(h.peer.frame(false, Opcode.TEXT, Frames.utf8("fragmented ")),
                h.peer.frame(true, Opcode.PING, Frames.utf8("ping!")),
                h.peer.frame(false, Opcode.CONTINUATION, Frames.utf8("κόσμε ")),
                h.peer.frame(true, Opcode.PONG, new byte[0]),
                h.peer.frame(true, Opcode.CONTINUATION, Frames.utf8("end")),
                h.peer.text("next")));
        assertThat(h.events()).containsExactly(RecordingListener.render(new Event.Ping(
                        java.nio.ByteBuffer.wrap(Frames.utf8("ping!")))),
                RecordingListener.render(new Event.Pong(java.nio.ByteBuffer.allocate(0))),
                RecordingListener.render(new Event.Text("fragmented κόσμε end")),
                RecordingListener.render(new Event.Text("next")));
        assertThat(h.sentDescribed()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4, 8.1: text fragments split anywhere across direct reads; a code point split between fragments")
    void fragmentsAcrossDirectReads(Role role) {
        String text = "αβγ-".repeat(40) + "😀" + "x".repeat(1030);
        byte[] all = Frames.utf8(text);
        EngineHarness probe = harness(role, true);
        int cut1 = 161;
        int cut2 = 300;
        byte[] wire = Frames.concat(probe.peer.frame(false, Opcode.TEXT, Arrays.copyOfRange(all, 0, cut1)),
                probe.peer.frame(false, Opcode.CONTINUATION, Arrays.copyOfRange(all, cut1, cut2)),
                probe.peer.frame(true, Opcode.CONTINUATION, Arrays.copyOfRange(all, cut2, all.length)));
        for (int piece : new int[]{1, 7, 64, 1000, wire.length}) {
            EngineHarness h = harness(role, true);
            h.feedInPieces(wire, piece);
            assertThat(h.listener.events()).as("pieces of %d", piece).containsExactly(new Event.Text(text));
        }
    }
}
