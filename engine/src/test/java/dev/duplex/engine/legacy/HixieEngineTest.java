package dev.duplex.engine.legacy;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.MemoryOutput;
import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.RecordingListener;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine.State;
import dev.duplex.engine.handshake.ProtocolVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** hixie-76 / hixie-75 framing: byte vectors with the exact events and bytes written back. */
class HixieEngineTest {
    static final byte[] CLOSE = {(byte) 0xFF, 0x00};

    /** An engine with its output and recorded events. */
    record Harness(HixieEngine engine, MemoryOutput output, RecordingListener events) {
        static Harness of(ProtocolVersion version, Role role, EngineConfig config, MemoryOutput output) {
            RecordingListener events = new RecordingListener();
            return new Harness(new HixieEngine(version, role, config, output, events), output, events);
        }

        static Harness of(ProtocolVersion version) {
            return of(version, Role.SERVER, null, MemoryOutput.large());
        }

        static Harness v76() {
            return of(ProtocolVersion.HIXIE_76);
        }

        Harness feed(byte[] bytes) {
            engine.receive(ByteBuffer.wrap(bytes));
            return this;
        }

        List<String> rendered() {
            return events.rendered();
        }

        String written() {
            return HexFormat.of().formatHex(output.bytes());
        }
    }

    static byte[] text(String s) {
        return frame(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] frame(byte[] utf8) {
        byte[] out = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, out, 1, utf8.length);
        out[out.length - 1] = (byte) 0xFF;
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    // ---------------------------------------------------------------- receiving

    @Test
    @DisplayName("0x00 <UTF-8> 0xFF is a text message; several in one read, empty ones too")
    void textFrames() {
        Harness h = Harness.v76().feed(concat(text("Hello"), text(""), text("κόσμε")));

        assertThat(h.rendered()).containsExactly("Text(Hello)", "Text()", "Text(κόσμε)");
        assertThat(h.output().bytes()).isEmpty();
        assertThat(h.engine().state()).isEqualTo(State.OPEN);
    }

    @ParameterizedTest(name = "{0}: 0xFF 0x00 is the closing handshake: reply, CloseReceived(1005), Closed(1005, clean)")
    @EnumSource(value = ProtocolVersion.class, names = {"HIXIE_76", "HIXIE_75"})
    void peerCloses(ProtocolVersion version) {
        Harness h = Harness.of(version).feed(concat(text("last"), CLOSE, text("ignored")));

        assertThat(h.rendered()).containsExactly("Text(last)", "CloseReceived(1005, )", "Closed(1005, , clean)");
        assertThat(h.written()).isEqualTo("ff00");
        assertThat(h.engine().state()).isEqualTo(State.CLOSED);
        h.feed(text("after"));
        assertThat(h.rendered()).hasSize(3);
    }

    @Test
    @DisplayName("this end closes first: 0xFF 0x00 out, CLOSE_SENT, then the peer's 0xFF 0x00 completes it cleanly")
    void weClose() {
        Harness h = Harness.v76();
        h.engine().close(1000, "bye");

        assertThat(h.written()).isEqualTo("ff00");
        assertThat(h.engine().state()).isEqualTo(State.CLOSE_SENT);
        h.feed(concat(text("late"), CLOSE));
        assertThat(h.rendered()).containsExactly("Text(late)", "CloseReceived(1005, )", "Closed(1005, , clean)");
        assertThat(h.written()).isEqualTo("ff00");
        h.engine().close(1000, "again");
        assertThat(h.written()).isEqualTo("ff00");
    }

    @Test
    @DisplayName("hixie-75 has no closing handshake: close() writes nothing and reports Closed(1005, clean) at once")
    void hixie75Close() {
        Harness h = Harness.of(ProtocolVersion.HIXIE_75);
        h.engine().close(1000, "");

        assertThat(h.output().bytes()).isEmpty();
        assertThat(h.rendered()).containsExactly("Closed(1005, , clean)");
        assertThat(h.engine().state()).isEqualTo(State.CLOSED);
    }

    @Test
    @DisplayName("a length-prefixed frame (high bit set) is skipped per the draft; 0xFF with length 0 is the close")
    void lengthPrefixed() {
        Harness h = Harness.v76().feed(concat(
                hex("80 03 616263"),            // type 0x80, length 3: discarded
                hex("FF 05 0102030405"),        // type 0xFF, length 5: discarded, not a close
                hex("81 81 00"),                // length 128 in two digits, 128 bytes follow
                new byte[128],
                hex("82 00"),                   // length 0
                text("after"),
                hex("FF 80 00")));              // 0xFF, length 0 written with a leading zero digit: the close

        assertThat(h.rendered()).containsExactly("Text(after)", "CloseReceived(1005, )", "Closed(1005, , clean)");
        assertThat(h.written()).isEqualTo("ff00");
    }

    @ParameterizedTest(name = "garbage frame type 0x{0}: fails 1002, writes 0xFF 0x00, terminal")
    @ValueSource(strings = {"01", "7F", "41", "0A"})
    void garbage(String type) {
        Harness h = Harness.v76().feed(concat(text("ok"), hex(type + " 6869 FF"), text("never")));

        assertThat(h.rendered()).containsExactly("Text(ok)", "Closed(1002, frame type 0x" + type
                + " is neither text (0x00) nor length-prefixed (high bit set) in hixie-76, unclean, ProtocolError/1002)");
        assertThat(h.written()).isEqualTo("ff00");
        assertThat(h.engine().state()).isEqualTo(State.CLOSED);
        h.feed(text("still never"));
        assertThat(h.events().events()).hasSize(2);
    }

    @Test
    @DisplayName("RFC 6455 frames read as hixie: high-bit types are length-prefixed frames, discarded, never text")
    void rfc6455FramesDiscarded() {
        Harness h = Harness.v76().feed(concat(hex("81 05 48656c6c6f"), text("real")));
        assertThat(h.rendered()).containsExactly("Text(real)");
        // a masked client frame: 0x81, length digits 0x85 0x37 = 695 bytes to skip
        Harness masked = Harness.v76().feed(hex("81 85 37fa213d 7f9f4d5158"));
        assertThat(masked.rendered()).isEmpty();
        assertThat(masked.engine().toString()).contains("SKIP (687 of 695 bytes left)");
    }

    @ParameterizedTest(name = "invalid UTF-8 {0}: 1007")
    @ValueSource(strings = {"c0af", "eda080", "f4908080", "80", "fe", "e282"})
    void invalidUtf8(String bytes) {
        Harness h = Harness.v76().feed(concat(text("ok"), frame(hex(bytes)), text("never")));

        assertThat(h.rendered()).hasSize(2);
        assertThat(h.rendered().get(1)).startsWith("Closed(1007, ").endsWith("unclean, InvalidPayload/1007)");
        assertThat(h.written()).isEqualTo("ff00");
    }

    @Test
    @DisplayName("invalid UTF-8 fails at once, before the terminator arrives")
    void invalidUtf8FailsFast() {
        Harness h = Harness.v76().feed(hex("00 41 c0"));
        assertThat(h.rendered()).containsExactly(
                "Closed(1007, invalid UTF-8 in a text frame, unclean, InvalidPayload/1007)");
    }

    @Test
    @DisplayName("a text frame without its terminator is limited by the message size: 1009 before buffering more")
    void missingTerminator() {
        EngineConfig config = EngineConfig.builder().maxMessageSize(1000).build();
        Harness h = Harness.of(ProtocolVersion.HIXIE_76, Role.SERVER, config, MemoryOutput.large());
        byte[] start = new byte[1 + 1000];
        java.util.Arrays.fill(start, (byte) 'a');
        start[0] = 0x00;
        h.feed(start);
        assertThat(h.rendered()).isEmpty();
        h.feed(hex("61"));

        assertThat(h.rendered()).containsExactly(
                "Closed(1009, text frame of more than 1000 bytes, unclean, MessageTooBig/1009)");
        assertThat(h.written()).isEqualTo("ff00");
    }

    @Test
    @DisplayName("a text frame of exactly the limit passes; one byte more in one read fails")
    void limitExact() {
        EngineConfig config = EngineConfig.builder().maxMessageSize(300).build();
        String ok = "é".repeat(150);
        Harness h = Harness.of(ProtocolVersion.HIXIE_76, Role.SERVER, config, MemoryOutput.large())
                .feed(concat(text(ok), text(ok + "x")));
        assertThat(h.rendered()).containsExactly("Text(" + ok + ")",
                "Closed(1009, text frame of more than 300 bytes, unclean, MessageTooBig/1009)");
    }

    @Test
    @DisplayName("a huge length-prefixed frame fails 1009 from its length, before any byte of it")
    void hugeLengthPrefixed() {
        Harness h = Harness.v76().feed(hex("80 ff ff ff ff ff ff ff ff ff 7f"));
        assertThat(h.rendered()).hasSize(1);
        assertThat(h.rendered().get(0)).startsWith("Closed(1009, length-prefixed frame of more than 16777216 bytes");
    }

    @Test
    @DisplayName("a large text frame (4 MiB) in 64 KiB reads arrives whole")
    void largeFrame() {
        String big = "abcdefgh".repeat(512 * 1024);
        byte[] wire = text(big);
        Harness h = Harness.v76();
        for (int at = 0; at < wire.length; at += 65536) {
            h.engine().receive(ByteBuffer.wrap(wire, at, Math.min(65536, wire.length - at)).slice());
        }
        assertThat(h.events().events()).hasSize(1);
        assertThat(((Event.Text) h.events().last()).text()).isEqualTo(big);
    }

    @Test
    @DisplayName("streamIncoming: pieces as they arrive, the last marked at the terminator")
    void streaming() {
        Harness h = Harness.of(ProtocolVersion.HIXIE_76, Role.CLIENT,
                EngineConfig.builder().streamIncoming(true).build(), MemoryOutput.large());
        h.feed(hex("00 6869")).feed(hex("21")).feed(hex("ff 00 ff"));
        assertThat(h.rendered()).containsExactly("Fragment(text, 6869, more)", "Fragment(text, 21, more)",
                "Fragment(text, , last)", "Fragment(text, , last)");
    }

    @Test
    @DisplayName("hixie-75: the peer's orderly TCP close is its close: CloseReceived(1005), Closed(1005, clean)")
    void hixie75PeerEndsStream() {
        Harness h = Harness.of(ProtocolVersion.HIXIE_75).feed(text("last"));
        h.engine().peerEndedStream();
        h.engine().peerEndedStream();
        assertThat(h.rendered()).containsExactly("Text(last)", "CloseReceived(1005, )", "Closed(1005, , clean)");
        assertThat(h.output().bytes()).isEmpty();

        Harness v76 = Harness.v76();
        v76.engine().peerEndedStream();
        assertThat(v76.rendered()).containsExactly("Closed(1006, connection ended without a close handshake, unclean)");
    }

    @Test
    @DisplayName("the TCP connection ends: Closed(1006); a timeout likewise; once only")
    void transportEnds() {
        Harness h = Harness.v76().feed(hex("00 6869"));
        h.engine().transportClosed();
        h.engine().closeTimedOut();
        assertThat(h.rendered()).containsExactly(
                "Closed(1006, connection ended without a close handshake, unclean)");

        Harness t = Harness.v76();
        t.engine().close(1001, "");
        t.engine().closeTimedOut();
        assertThat(t.rendered()).containsExactly("Closed(1006, close handshake timed out, unclean)");
    }

    // ---------------------------------------------------------------- sending

    @ParameterizedTest(name = "output {0}: text goes out as 0x00 <UTF-8> 0xFF")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    void sendText(String output) {
        Harness h = Harness.of(ProtocolVersion.HIXIE_76, Role.CLIENT, null, MemoryOutput.named(output));
        h.engine().sendText("Hi κ");
        h.engine().sendText("");
        assertThat(h.written()).isEqualTo("00" + "4869 20 ceba" .replace(" ", "") + "ff" + "00ff");
    }

    @Test
    @DisplayName("a text message sent in pieces is one frame; pieces must be valid UTF-8 together")
    void sendPieces() {
        Harness h = Harness.v76();
        h.engine().sendFragment(true, ByteBuffer.wrap(hex("41ce")), false);
        h.engine().sendFragment(true, ByteBuffer.wrap(hex("ba")), false);
        assertThatThrownBy(() -> h.engine().sendText("x")).isInstanceOf(IllegalStateException.class);
        h.engine().sendFragment(true, ByteBuffer.wrap(hex("42")), true);
        assertThat(h.written()).isEqualTo("0041ceba42ff");

        assertThatThrownBy(() -> h.engine().sendFragment(true, ByteBuffer.wrap(hex("41ff")), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine().sendFragment(true, ByteBuffer.wrap(hex("41ce")), true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(h.written()).isEqualTo("0041ceba42ff");
    }

    @Test
    @DisplayName("binary, ping and pong cannot be carried: IllegalStateException, nothing written")
    void cannotCarry() {
        Harness h = Harness.v76();
        ByteBuffer data = ByteBuffer.wrap(hex("0102"));

        assertThatThrownBy(() -> h.engine().sendBinary(data)).isInstanceOf(IllegalStateException.class)
                .hasMessage("hixie-76 cannot carry binary messages");
        assertThatThrownBy(() -> h.engine().sendFragment(false, data, true)).isInstanceOf(IllegalStateException.class)
                .hasMessage("hixie-76 cannot carry binary messages");
        assertThatThrownBy(() -> h.engine().sendPing(data)).isInstanceOf(IllegalStateException.class)
                .hasMessage("hixie-76 cannot carry pings");
        assertThatThrownBy(() -> h.engine().sendPong(data)).isInstanceOf(IllegalStateException.class)
                .hasMessage("hixie-76 cannot carry pongs");
        assertThat(h.output().bytes()).isEmpty();
        assertThat(h.engine().state()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> Harness.of(ProtocolVersion.HIXIE_75).engine().sendBinary(data))
                .hasMessage("hixie-75 cannot carry binary messages");
    }

    @Test
    @DisplayName("close checks its arguments as WebSocketEngine does; sends after close are refused")
    void closeMisuse() {
        Harness h = Harness.v76();
        assertThatThrownBy(() -> h.engine().close(1005, "why")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine().close(999, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine().close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        h.engine().close(1005, "");
        assertThatThrownBy(() -> h.engine().sendText("late")).isInstanceOf(IllegalStateException.class);
        assertThat(h.written()).isEqualTo("ff00");
    }

    @Test
    @DisplayName("only hixie versions; toString shows the state")
    void construction() {
        assertThatThrownBy(() -> Harness.of(ProtocolVersion.HYBI_08)).isInstanceOf(IllegalArgumentException.class);
        Harness h = Harness.v76().feed(hex("00 61 62"));
        assertThat(h.engine().toString()).isEqualTo("HixieEngine[hixie-76, SERVER, OPEN, TEXT (2 bytes)]");
        assertThat(h.engine().role()).isEqualTo(Role.SERVER);
        assertThat(h.engine().version()).isEqualTo(ProtocolVersion.HIXIE_76);
    }

    @Test
    @DisplayName("the error of a failure is a ProtocolException carrying its close code")
    void errorCarried() {
        Harness h = Harness.v76().feed(hex("05"));
        Event.Closed closed = (Event.Closed) h.events().last();
        assertThat(closed.error()).isInstanceOf(ProtocolException.ProtocolError.class);
        assertThat(closed.error().closeCode()).isEqualTo(1002);
    }
}
