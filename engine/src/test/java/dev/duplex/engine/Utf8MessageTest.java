package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Vectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text messages must be valid UTF-8 (RFC 6455 sections 5.6, 8.1; Autobahn 6.x): invalid ones fail the
 * connection with 1007, as early as the first byte that cannot be completed, across frames and reads.
 */
class Utf8MessageTest {

    static List<Utf8Vectors.Vector> vectors() {
        return Utf8Vectors.all();
    }

    private static void assertVerdict(EngineHarness h, Utf8Vectors.Vector v) {
        if (v.valid()) {
            assertThat(h.listener.events()).as("%s", v)
                    .containsExactly(new Event.Text(new String(v.bytes(), StandardCharsets.UTF_8)));
            assertThat(h.out.bytes()).isEmpty();
        } else {
            h.assertFailed(1007);
            assertThat(h.events()).as("%s", v).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("8.1 / Autobahn 6.5-6.23: each vector as one text frame; invalid ones fail with 1007")
    void vectorInOneFrame(Utf8Vectors.Vector v) {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.text(v.bytes()));
        assertVerdict(h, v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("5.4, 8.1: each vector with one byte per fragment (client engine) gives the same verdict")
    void vectorOneBytePerFragment(Utf8Vectors.Vector v) {
        EngineHarness h = EngineHarness.client();
        byte[] b = v.bytes();
        for (int i = 0; i < b.length; i++) {
            h.feed(h.peer.frame(i == b.length - 1, i == 0 ? Opcode.TEXT : Opcode.CONTINUATION,
                    Arrays.copyOfRange(b, i, i + 1)));
        }
        assertVerdict(h, v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("8.1: each vector in one frame fed one byte per read gives the same verdict")
    void vectorOneBytePerRead(Utf8Vectors.Vector v) {
        EngineHarness h = EngineHarness.server();
        h.feedInPieces(h.peer.text(v.bytes()), 1);
        assertVerdict(h, v);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("8.1: the failure comes with the first impossible byte, before the rest of the frame arrives")
    void vectorFailsFastInsideAFrame(Utf8Vectors.Vector v) {
        byte[] b = v.bytes();
        int failAt = -1;
        dev.duplex.engine.text.Utf8Validator probe = new dev.duplex.engine.text.Utf8Validator();
        for (int i = 0; i < b.length && failAt < 0; i++) {
            if (!probe.feed(b, i, i + 1)) {
                failAt = i + 1;
            }
        }
        if (failAt < 0) {
            return; // valid, or only truncated at the end: covered above
        }
        EngineHarness h = EngineHarness.server();
        // The frame announces the vector followed by 1000 more bytes that never come.
        byte[] frame = h.peer.frame(true, Opcode.TEXT, Frames.concat(b, Frames.ascii('x', 1000)));
        int header = frame.length - b.length - 1000;
        h.feed(Arrays.copyOf(frame, header + failAt - 1));
        assertThat(h.events()).as("before the impossible byte").isEmpty();
        h.feed(Arrays.copyOfRange(frame, header + failAt - 1, header + failAt));
        h.assertFailed(1007);
    }

    @Test
    @DisplayName("8.1 / Autobahn 6.3.1, 6.3.2: κόσμε + ED A0 80 + 'edited', whole and byte by byte")
    void surrogateInTheMiddle() {
        byte[] payload = Frames.concat(Utf8Vectors.KOSME, Frames.hex("eda080"), Frames.utf8("edited"));
        for (int piece : new int[]{payload.length + 6, 1}) {
            EngineHarness h = EngineHarness.server();
            h.feedInPieces(h.peer.text(payload), piece);
            h.assertFailed(1007);
            assertThat(h.events()).hasSize(1);
        }
    }

    @Test
    @DisplayName("8.1 / Autobahn 6.4.1: fragments κόσμε | F4 90 80 80 | 'edited': fails at the second fragment")
    void failFastAcrossFragments() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.frame(false, Opcode.TEXT, Utf8Vectors.KOSME));
        assertThat(h.events()).isEmpty();
        h.feed(h.peer.frame(false, Opcode.CONTINUATION, Frames.hex("f4908080")));
        h.assertFailed(1007);
        h.feed(h.peer.frame(true, Opcode.CONTINUATION, Frames.utf8("edited")));
        assertThat(h.events()).hasSize(1);
    }

    @Test
    @DisplayName("8.1 / Autobahn 6.4.2: fragments κόσμε F4 | 90 | 80 80 'edited': fails on the 0x90 fragment")
    void failFastOnTheContinuationByteOfAnotherFragment() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.frame(false, Opcode.TEXT, Frames.concat(Utf8Vectors.KOSME, Frames.hex("f4"))));
        assertThat(h.events()).isEmpty();
        h.feed(h.peer.frame(false, Opcode.CONTINUATION, Frames.hex("90")));
        h.assertFailed(1007);
    }

    @Test
    @DisplayName("8.1 / Autobahn 6.4.3, 6.4.4: one frame in chops: fails on the chop with the impossible byte")
    void failFastAcrossReadsOfOneFrame() {
        byte[] payload = Frames.concat(Utf8Vectors.KOSME, Frames.hex("f4908080"), Frames.utf8("edited"));
        EngineHarness h = EngineHarness.server();
        byte[] frame = h.peer.text(payload);
        int header = frame.length - payload.length;
        h.feed(Arrays.copyOf(frame, header + Utf8Vectors.KOSME.length + 1)); // ... κόσμε F4
        assertThat(h.events()).isEmpty();
        h.feed(Arrays.copyOfRange(frame, header + Utf8Vectors.KOSME.length + 1, header + Utf8Vectors.KOSME.length + 2));
        h.assertFailed(1007);
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("8.1: invalid bytes at the start of a 1 MiB frame fail with just the header and those bytes")
    void failFastAtTheStartOfALongFrame(Role role) {
        for (String bad : new String[]{"ff", "c0", "80", "eda0", "f490", "e080"}) {
            EngineHarness h = EngineHarness.of(role);
            byte[] bytes = Frames.hex(bad);
            byte[] frame = h.peer.frame(true, Opcode.TEXT, Frames.concat(bytes, new byte[(1 << 20) - bytes.length]));
            int header = frame.length - (1 << 20);
            h.feed(Arrays.copyOf(frame, header));
            assertThat(h.events()).isEmpty();
            h.feed(Arrays.copyOfRange(frame, header, header + bytes.length)); // the rest never comes
            h.assertFailed(1007);
            assertThat(h.events()).as(bad).hasSize(1);
        }
    }

    @Test
    @DisplayName("8.1: invalid bytes after 10000 valid bytes of a longer frame fail without the rest")
    void failFastAfterLongValidPrefix() {
        EngineHarness h = EngineHarness.server();
        byte[] payload = Frames.concat(Frames.ascii('a', 9_998), Frames.hex("c3a9"), Frames.hex("c3c3"),
                Frames.ascii('b', 50_000));
        byte[] frame = h.peer.text(payload);
        int header = frame.length - payload.length;
        h.feedInPieces(Arrays.copyOf(frame, header + 10_001), 4096);
        assertThat(h.events()).isEmpty();
        h.feed(Arrays.copyOfRange(frame, header + 10_001, header + 10_002));
        h.assertFailed(1007);
    }

    @Test
    @DisplayName("5.6, 8.1 / Autobahn 6.2.1-6.2.4: valid text split at every byte into 2 and 3 fragments")
    void validTextSplitAtEveryByteAcrossFragments() {
        String text = "Hello-µ@ßöäüàá-UTF-8!! κόσμε 𝄞€";
        byte[] b = Frames.utf8(text);
        for (int i = 0; i <= b.length; i++) {
            EngineHarness h = EngineHarness.server();
            h.feed(h.peer.frame(false, Opcode.TEXT, Arrays.copyOf(b, i)),
                    h.peer.frame(true, Opcode.CONTINUATION, Arrays.copyOfRange(b, i, b.length)));
            assertThat(h.listener.events()).as("split at %d", i).containsExactly(new Event.Text(text));
            for (int j = i; j <= b.length; j += 3) {
                EngineHarness h3 = EngineHarness.client();
                h3.feedJoined(h3.peer.frame(false, Opcode.TEXT, Arrays.copyOf(b, i)),
                        h3.peer.frame(false, Opcode.CONTINUATION, Arrays.copyOfRange(b, i, j)),
                        h3.peer.frame(true, Opcode.CONTINUATION, Arrays.copyOfRange(b, j, b.length)));
                assertThat(h3.listener.events()).as("splits at %d, %d", i, j).containsExactly(new Event.Text(text));
            }
        }
    }

    @Test
    @DisplayName("5.6, 8.1: valid text in one frame split at every byte across two reads")
    void validTextSplitAtEveryByteAcrossReads() {
        String text = "Hello-µ@ßöäüàá-UTF-8!! κόσμε 𝄞€ and some ASCII past eight bytes";
        EngineHarness probe = EngineHarness.server();
        byte[] frame = probe.peer.text(text);
        for (int i = 0; i <= frame.length; i++) {
            EngineHarness h = EngineHarness.server();
            h.feed(Arrays.copyOf(frame, i), Arrays.copyOfRange(frame, i, frame.length));
            assertThat(h.listener.events()).as("split at %d", i).containsExactly(new Event.Text(text));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("8.1: a message ending inside a code point fails with 1007, whatever the framing")
    void truncatedAtMessageEnd(Role role) {
        for (String cut : new String[]{"c3", "e282", "f09d84", "f4"}) {
            EngineHarness one = EngineHarness.of(role);
            one.feed(one.peer.text(Frames.concat(Frames.utf8("ok"), Frames.hex(cut))));
            one.assertFailed(1007);

            EngineHarness frag = EngineHarness.of(role);
            frag.feed(frag.peer.frame(false, Opcode.TEXT, Frames.concat(Frames.utf8("ok"), Frames.hex(cut))));
            assertThat(frag.events()).as("a sequence may continue in the next fragment").isEmpty();
            frag.feed(frag.peer.frame(true, Opcode.CONTINUATION, new byte[0]));
            frag.assertFailed(1007);
        }
    }

    @Test
    @DisplayName("5.6: a code point completed by the next fragment is fine; binary messages are not validated")
    void completedByNextFragmentAndBinaryNotValidated() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.frame(false, Opcode.TEXT, Frames.hex("f09d")),
                h.peer.frame(true, Opcode.CONTINUATION, Frames.hex("849e")));
        h.feed(h.peer.binary(Frames.hex("eda080fffe")));
        h.feed(h.peer.frame(false, Opcode.BINARY, Frames.hex("c3")), h.peer.frame(true, Opcode.CONTINUATION,
                new byte[0]));
        assertThat(h.events()).containsExactly("Text(𝄞)", "Binary(eda080fffe)", "Binary(c3)");
    }

    @Test
    @DisplayName("5.6: all 1,112,064 scalar values in one text message, fed in random pieces")
    void everyScalarValueInOneMessage() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp < 0xD800 || cp > 0xDFFF) {
                sb.appendCodePoint(cp);
            }
        }
        String all = sb.toString();
        EngineHarness h = EngineHarness.server();
        h.feedRandomly(h.peer.text(all), 42, 70_000);
        assertThat(h.listener.events()).containsExactly(new Event.Text(all));
    }
}
