package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Fragmented messages (RFC 6455 section 5.4; Autobahn 5.x). */
class FragmentationTest {

    /** {@code message} cut into {@code n} frames of about equal size: a start frame and continuations. */
    static byte[] fragmented(Peer peer, int opcode, byte[] message, int n) {
        List<byte[]> frames = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int from = message.length * k / n;
            int to = message.length * (k + 1) / n;
            frames.add(peer.frame(k == n - 1, k == 0 ? opcode : Opcode.CONTINUATION,
                    Arrays.copyOfRange(message, from, to)));
        }
        return Frames.concat(frames.toArray(byte[][]::new));
    }

    static Stream<Arguments> roleAndCount() {
        List<Arguments> args = new ArrayList<>();
        for (Role role : Role.values()) {
            for (int n : new int[]{2, 3, 5, 10, 64}) {
                args.add(Arguments.of(role, n));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0}, {1} fragments")
    @MethodSource("roleAndCount")
    @DisplayName("5.4 / Autobahn 5.3-5.5: a text message in N fragments is delivered once, whole")
    void textInFragments(Role role, int n) {
        String text = "fragmented text message, κόσμε, 𝄞 and some more ASCII to split";
        byte[] utf8 = Frames.utf8(text);
        for (int piece : new int[]{1 << 20, 1, 3}) {
            EngineHarness h = EngineHarness.of(role);
            h.feedInPieces(fragmented(h.peer, Opcode.TEXT, utf8, n), piece);
            assertThat(h.listener.events()).as("reads of %d", piece).containsExactly(new Event.Text(text));
            assertThat(h.out.bytes()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}, {1} fragments")
    @MethodSource("roleAndCount")
    @DisplayName("5.4: a binary message in N fragments is delivered once, whole")
    void binaryInFragments(Role role, int n) {
        byte[] data = Frames.pattern(3000);
        for (int piece : new int[]{1 << 20, 1, 7}) {
            EngineHarness h = EngineHarness.of(role);
            h.feedInPieces(fragmented(h.peer, Opcode.BINARY, data, n), piece);
            assertThat(h.listener.events()).hasSize(1);
            assertThat(((Event.Binary) h.listener.events().get(0)).data()).isEqualTo(ByteBuffer.wrap(data));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4, 5.5.2 / Autobahn 5.6-5.8: a ping between fragments is answered at once; the message is intact")
    void pingBetweenFragments(Role role) {
        for (int piece : new int[]{1 << 20, 1}) {
            EngineHarness h = EngineHarness.of(role);
            Peer p = h.peer;
            h.feedInPieces(Frames.concat(
                    p.frame(false, Opcode.TEXT, Frames.utf8("fragment1")),
                    p.ping(Frames.utf8("ping payload")),
                    p.frame(true, Opcode.CONTINUATION, Frames.utf8("fragment2"))), piece);
            assertThat(h.events()).containsExactly("Ping(" + Frames.hex(Frames.utf8("ping payload")) + ")",
                    "Text(fragment1fragment2)");
            assertThat(h.sentDescribed()).containsExactly("pong " + Frames.hex(Frames.utf8("ping payload")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4 / Autobahn 5.19, 5.20: pings and pongs between many fragments, answered in order")
    void controlsBetweenManyFragments(Role role) {
        for (int piece : new int[]{1 << 20, 1, 5}) {
            EngineHarness h = EngineHarness.of(role);
            Peer p = h.peer;
            h.feedInPieces(Frames.concat(
                    p.frame(false, Opcode.TEXT, Frames.utf8("f1")),
                    p.frame(false, Opcode.CONTINUATION, Frames.utf8("f2")),
                    p.ping(Frames.bytes(1)),
                    p.frame(false, Opcode.CONTINUATION, Frames.utf8("f3")),
                    p.pong(Frames.bytes(9)),
                    p.frame(false, Opcode.CONTINUATION, Frames.utf8("f4")),
                    p.ping(Frames.bytes(2)),
                    p.frame(true, Opcode.CONTINUATION, Frames.utf8("f5"))), piece);
            assertThat(h.events()).containsExactly("Ping(01)", "Pong(09)", "Ping(02)", "Text(f1f2f3f4f5)");
            assertThat(h.sentDescribed()).containsExactly("pong 01", "pong 02");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4 / Autobahn 6.1.2, 6.1.3: empty fragments, alone or around content")
    void emptyFragments(Role role) {
        EngineHarness h = EngineHarness.of(role);
        Peer p = h.peer;
        byte[] empty = new byte[0];
        h.feed(p.frame(false, Opcode.TEXT, empty), p.frame(false, Opcode.CONTINUATION, empty),
                p.frame(true, Opcode.CONTINUATION, empty));
        h.feed(p.frame(false, Opcode.TEXT, empty), p.frame(false, Opcode.CONTINUATION, Frames.utf8("middle")),
                p.frame(true, Opcode.CONTINUATION, empty));
        h.feed(p.frame(false, Opcode.BINARY, empty), p.frame(true, Opcode.CONTINUATION, Frames.bytes(7)));
        h.feed(p.frame(false, Opcode.BINARY, Frames.bytes(8)), p.frame(true, Opcode.CONTINUATION, empty));
        assertThat(h.events()).containsExactly("Text()", "Text(middle)", "Binary(07)", "Binary(08)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4: fragmented, whole and fragmented messages in a row do not leak into each other")
    void messagesInARow(Role role) {
        EngineHarness h = EngineHarness.of(role);
        Peer p = h.peer;
        h.feedJoined(fragmented(p, Opcode.TEXT, Frames.utf8("abcdef"), 3), p.binary(Frames.bytes(1, 2)),
                fragmented(p, Opcode.BINARY, Frames.bytes(3, 4, 5, 6), 2), p.text("whole"),
                fragmented(p, Opcode.TEXT, Frames.utf8("xyz"), 3));
        assertThat(h.events()).containsExactly("Text(abcdef)", "Binary(0102)", "Binary(03040506)", "Text(whole)",
                "Text(xyz)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4 / Autobahn 5.9-5.11: a final continuation frame with no message to continue fails with 1002")
    void finalContinuationWithoutStart(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feedJoined(h.peer.frame(true, Opcode.CONTINUATION, Frames.utf8("fragment2")),
                fragmented(h.peer, Opcode.TEXT, Frames.utf8("fragment1fragment2"), 2));
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4 / Autobahn 5.12-5.14: a non-final continuation with no message to continue fails with 1002")
    void nonFinalContinuationWithoutStart(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.frame(false, Opcode.CONTINUATION, Frames.utf8("fragment1")));
        h.assertFailed(1002);
        h.feed(h.peer.frame(true, Opcode.CONTINUATION, Frames.utf8("fragment2")));
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4 / Autobahn 5.15: a continuation after the message ended fails with 1002")
    void continuationAfterMessageEnded(Role role) {
        EngineHarness h = EngineHarness.of(role);
        Peer p = h.peer;
        h.feedJoined(p.frame(false, Opcode.TEXT, Frames.utf8("fragment1")),
                p.frame(true, Opcode.CONTINUATION, Frames.utf8("fragment2")),
                p.frame(false, Opcode.CONTINUATION, Frames.utf8("fragment3")),
                p.frame(true, Opcode.TEXT, Frames.utf8("fragment4")));
        assertThat(h.listener.events().get(0)).isEqualTo(new Event.Text("fragment1fragment2"));
        h.assertFailed(1002);
        assertThat(h.events()).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4 / Autobahn 5.16, 5.17: continuation first, then a message: fails at the first frame")
    void continuationFirstRepeated(Role role) {
        for (boolean fin : new boolean[]{false, true}) {
            EngineHarness h = EngineHarness.of(role);
            Peer p = h.peer;
            byte[] round = Frames.concat(p.frame(fin, Opcode.CONTINUATION, Frames.utf8("fragment1")),
                    p.frame(false, Opcode.TEXT, Frames.utf8("fragment2")),
                    p.frame(true, Opcode.CONTINUATION, Frames.utf8("fragment3")));
            h.feed(round, round);
            h.assertFailed(1002);
            assertThat(h.events()).hasSize(1);
        }
    }

    static Stream<Arguments> interrupting() {
        return Stream.of(Arguments.of(Opcode.TEXT, Opcode.TEXT), Arguments.of(Opcode.TEXT, Opcode.BINARY),
                Arguments.of(Opcode.BINARY, Opcode.TEXT), Arguments.of(Opcode.BINARY, Opcode.BINARY));
    }

    @ParameterizedTest(name = "opcode {1} inside opcode {0}")
    @MethodSource("interrupting")
    @DisplayName("5.4 / Autobahn 5.18: a new data frame inside a fragmented message fails with 1002")
    void newMessageInsideFragmentedMessage(int first, int second) {
        for (boolean secondFin : new boolean[]{true, false}) {
            EngineHarness h = EngineHarness.server();
            h.feedJoined(h.peer.frame(false, first, Frames.utf8("fragment1")),
                    h.peer.frame(secondFin, second, Frames.utf8("fragment2")));
            h.assertFailed(1002);
            assertThat(h.events()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.4, 5.5.1: a close frame inside a fragmented message ends it; the partial message is dropped")
    void closeInsideFragmentedMessage(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feedJoined(h.peer.frame(false, Opcode.TEXT, Frames.utf8("partial")), h.peer.close(1001, "away"),
                h.peer.frame(true, Opcode.CONTINUATION, Frames.utf8("rest")));
        assertThat(h.events()).containsExactly("CloseReceived(1001, away)", "Closed(1001, away, clean)");
        assertThat(h.sentDescribed()).containsExactly("close 1001");
    }

    @Test
    @DisplayName("5.4, 10.4: maxFragments frames pass; the next continuation header fails with 1009")
    void tooManyFragments() {
        EngineConfig config = EngineConfig.builder().maxFragments(3).build();
        EngineHarness ok = EngineHarness.of(Role.SERVER, config);
        ok.feed(fragmented(ok.peer, Opcode.TEXT, Frames.utf8("abc"), 3));
        ok.feed(fragmented(ok.peer, Opcode.TEXT, Frames.utf8("def"), 3)); // the count restarts per message
        assertThat(ok.events()).containsExactly("Text(abc)", "Text(def)");

        EngineHarness h = EngineHarness.of(Role.SERVER, config);
        Peer p = h.peer;
        h.feed(p.frame(false, Opcode.TEXT, Frames.utf8("a")), p.frame(false, Opcode.CONTINUATION, Frames.utf8("b")),
                p.ping(new byte[0]), p.frame(false, Opcode.CONTINUATION, Frames.utf8("c")));
        assertThat(h.events()).as("control frames do not count").containsExactly("Ping()");
        h.feed(p.header(false, 0, Opcode.CONTINUATION, 1)); // header only
        h.assertFailed(1009);
        assertThat(h.events()).hasSize(2);
    }

    @Test
    @DisplayName("5.4, 10.4: a 1-fragment limit allows only unfragmented messages")
    void oneFragmentLimit() {
        EngineHarness h = EngineHarness.of(Role.CLIENT, EngineConfig.builder().maxFragments(1).build());
        h.feed(h.peer.text("whole"), h.peer.frame(false, Opcode.TEXT, Frames.utf8("a")));
        assertThat(h.events()).containsExactly("Text(whole)");
        h.feed(h.peer.frame(true, Opcode.CONTINUATION, new byte[0]));
        h.assertFailed(1009);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("10.4: a message growing past maxMessageSize fails with 1009 at the header that pushes it past")
    void messageTooBigAcrossFragments(Role role) {
        EngineConfig config = EngineConfig.builder().maxMessageSize(200).build();
        EngineHarness ok = EngineHarness.of(role, config);
        ok.feed(fragmented(ok.peer, Opcode.BINARY, Frames.pattern(200), 4));
        assertThat(ok.listener.events()).hasSize(1);

        EngineHarness h = EngineHarness.of(role, config);
        Peer p = h.peer;
        h.feed(p.frame(false, Opcode.BINARY, Frames.pattern(100)), p.frame(false, Opcode.CONTINUATION,
                Frames.pattern(50)), p.frame(false, Opcode.CONTINUATION, Frames.pattern(50)));
        assertThat(h.events()).isEmpty();
        h.feed(p.header(true, 0, Opcode.CONTINUATION, 1)); // 201 bytes: header only, no payload sent
        h.assertFailed(1009);
        assertThat(h.events()).hasSize(1);
    }

    @Test
    @DisplayName("10.4: an empty continuation after reaching maxMessageSize exactly is fine")
    void emptyFragmentAtTheLimit() {
        EngineHarness h = EngineHarness.of(Role.SERVER, EngineConfig.builder().maxMessageSize(10).build());
        h.feed(h.peer.frame(false, Opcode.TEXT, Frames.ascii('a', 10)),
                h.peer.frame(true, Opcode.CONTINUATION, new byte[0]));
        assertThat(h.events()).containsExactly("Text(aaaaaaaaaa)");
    }
}
