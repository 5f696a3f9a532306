package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EngineConfig#streamIncoming()}: messages reported as {@link Event.Fragment}s as their bytes arrive,
 * still validated (UTF-8 fail-fast, RFC 6455 section 8.1) and still limited (section 10.4).
 */
class StreamIncomingTest {
    private static final EngineConfig STREAM = EngineConfig.builder().streamIncoming(true).build();

    private static EngineHarness stream(Role role) {
        return EngineHarness.of(role, STREAM);
    }

    /** The messages the fragments add up to, as "text:..." / "binary:hex", checking the 'last' flags. */
    private static List<String> reassemble(List<Event> events) {
        List<String> messages = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        Boolean text = null;
        for (Event e : events) {
            if (!(e instanceof Event.Fragment f)) {
                continue;
            }
            if (text != null) {
                assertThat(f.text()).as("fragments of one message have one type").isEqualTo(text);
            }
            text = f.text();
            byte[] b = new byte[f.data().remaining()];
            f.data().duplicate().get(b);
            current.writeBytes(b);
            if (f.last()) {
                messages.add(f.text() ? "text:" + current.toString(java.nio.charset.StandardCharsets.UTF_8)
                        : "binary:" + Frames.hex(current.toByteArray()));
                current.reset();
                text = null;
            }
        }
        assertThat(current.size()).as("no unfinished message").isZero();
        return messages;
    }

    @Test
    @DisplayName("5.4: a whole frame in one read is one last Fragment")
    void wholeFrame() {
        EngineHarness h = stream(Role.SERVER);
        h.feed(h.peer.text("Hello"), h.peer.binary(Frames.bytes(1, 2)));
        assertThat(h.events()).containsExactly("Fragment(text, 48656c6c6f, last)", "Fragment(binary, 0102, last)");
    }

    @Test
    @DisplayName("5.4: a frame split over reads is reported piece by piece; only the final piece is 'last'")
    void pieceByPiece() {
        EngineHarness h = stream(Role.CLIENT);
        byte[] frame = h.peer.binary(Frames.pattern(10));
        h.feed(java.util.Arrays.copyOf(frame, 6), java.util.Arrays.copyOfRange(frame, 6, frame.length));
        byte[] data = Frames.pattern(10);
        assertThat(h.events()).containsExactly(
                "Fragment(binary, " + Frames.hex(java.util.Arrays.copyOf(data, 4)) + ", more)",
                "Fragment(binary, " + Frames.hex(java.util.Arrays.copyOfRange(data, 4, 10)) + ", last)");
    }

    @Test
    @DisplayName("5.4: fragments of a fragmented message, empty frames, and controls in between")
    void fragmentedMessage() {
        EngineHarness h = stream(Role.SERVER);
        Peer p = h.peer;
        h.feed(p.frame(false, Opcode.TEXT, new byte[0]), p.frame(false, Opcode.CONTINUATION, Frames.utf8("ab")),
                p.ping(Frames.bytes(7)), p.frame(false, Opcode.CONTINUATION, Frames.utf8("c")),
                p.frame(true, Opcode.CONTINUATION, new byte[0]), p.text(""));
        assertThat(h.events()).containsExactly("Fragment(text, 6162, more)", "Ping(07)", "Fragment(text, 63, more)",
                "Fragment(text, , last)", "Fragment(text, , last)");
        assertThat(h.sentDescribed()).containsExactly("pong 07");
    }

    @Test
    @DisplayName("8.1: a code point may be split between fragments; invalid bytes fail at once with 1007")
    void utf8() {
        EngineHarness h = stream(Role.SERVER);
        h.feed(h.peer.frame(false, Opcode.TEXT, Frames.hex("61f09d")), h.peer.frame(true, Opcode.CONTINUATION,
                Frames.hex("849e")));
        assertThat(h.events()).containsExactly("Fragment(text, 61f09d, more)", "Fragment(text, 849e, last)");

        EngineHarness bad = stream(Role.SERVER);
        byte[] frame = bad.peer.text(Frames.concat(Frames.utf8("ok"), Frames.hex("c0"), Frames.ascii('x', 100)));
        bad.feed(java.util.Arrays.copyOf(frame, frame.length - 100));
        bad.assertFailed(1007);
        assertThat(bad.events()).as("no fragment with the invalid byte").hasSize(1);
    }

    @Test
    @DisplayName("8.1: a text message ending inside a code point fails with 1007 and no 'last' fragment")
    void truncatedAtEnd() {
        EngineHarness h = stream(Role.CLIENT);
        h.feed(h.peer.text(Frames.hex("61e282")));
        h.assertFailed(1007);
        assertThat(h.events()).hasSize(1);

        EngineHarness empty = stream(Role.CLIENT);
        empty.feed(empty.peer.frame(false, Opcode.TEXT, Frames.hex("e282")),
                empty.peer.frame(true, Opcode.CONTINUATION, new byte[0]));
        assertThat(empty.events().get(0)).isEqualTo("Fragment(text, e282, more)");
        empty.assertFailed(1007);
    }

    @Test
    @DisplayName("10.4: the message size limit applies per streamed message")
    void limitStillApplies() {
        EngineHarness h = EngineHarness.of(Role.SERVER, STREAM.toBuilder().maxMessageSize(150).build());
        h.feed(h.peer.frame(false, Opcode.BINARY, Frames.pattern(100)), h.peer.frame(true, Opcode.CONTINUATION,
                Frames.pattern(50)));
        h.feed(h.peer.frame(false, Opcode.BINARY, Frames.pattern(100)), h.peer.header(true, 0, Opcode.CONTINUATION, 51));
        assertThat(h.listener.events()).hasSize(4);
        h.assertFailed(1009);
    }

    @Test
    @DisplayName("STYLE practice 3: in any read pattern, the fragments add up to the same messages")
    void sameMessagesInAnyReadPattern() {
        Peer p = Peer.of(Role.SERVER);
        byte[] input = Frames.concat(p.text("κόσμε 𝄞 and more"), p.frame(false, Opcode.BINARY, Frames.pattern(300)),
                p.ping(Frames.bytes(1)), p.frame(true, Opcode.CONTINUATION, Frames.pattern(40)), p.text(""),
                p.frame(false, Opcode.TEXT, Frames.hex("ceba")), p.frame(true, Opcode.CONTINUATION, Frames.hex("e1bdb9")));
        List<String> expected = List.of("text:κόσμε 𝄞 and more",
                "binary:" + Frames.hex(Frames.concat(Frames.pattern(300), Frames.pattern(40))), "text:",
                "text:" + new String(Frames.hex("cebae1bdb9"), java.nio.charset.StandardCharsets.UTF_8));
        for (int piece : new int[]{input.length, 1, 2, 3, 7, 64}) {
            EngineHarness h = stream(Role.SERVER);
            h.feedInPieces(input, piece);
            assertThat(reassemble(h.listener.events())).as("pieces of %d", piece).containsExactlyElementsOf(expected);
            assertThat(h.sentDescribed()).containsExactly("pong 01");
        }
        for (long seed = 1; seed <= 20; seed++) {
            EngineHarness h = stream(Role.SERVER);
            h.feedRandomly(input, seed, 40);
            assertThat(reassemble(h.listener.events())).as("seed %d", seed).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("5.4: fragment buffers belong to the application and are not reused")
    void fragmentBuffersAreCopies() {
        EngineHarness h = stream(Role.SERVER);
        h.feed(h.peer.binary(Frames.bytes(1, 2, 3)));
        ByteBuffer first = ((Event.Fragment) h.listener.events().get(0)).data();
        h.feed(h.peer.binary(Frames.bytes(4, 5, 6)));
        assertThat(first).isEqualTo(ByteBuffer.wrap(Frames.bytes(1, 2, 3)));
    }
}
