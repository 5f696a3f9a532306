package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the engine writes: the examples of RFC 6455 section 5.7 byte for byte, masking by clients with the
 * injected keys (5.3), no masking by servers (5.1), fragmented sends (5.4), and misuse of the send API.
 * Every test runs against large and tiny output chunks, direct and little-endian buffers.
 */
class SendingTest {

    static EngineHarness server(String output) {
        return EngineHarness.of(Role.SERVER, EngineConfig.defaults(), MemoryOutput.named(output));
    }

    /** A client whose keys are 37 fa 21 3d, then 0x01020304, 0x05060708, ... */
    static EngineHarness client(String output) {
        int[] n = {0};
        IntSupplier keys = () -> n[0]++ == 0 ? 0x37FA213D : 0x01020304 + 0x04040404 * (n[0] - 2);
        return new EngineHarness(Role.CLIENT, EngineConfig.defaults(), MemoryOutput.named(output), keys);
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.7: a single-frame unmasked text message 'Hello' is 81 05 48 65 6c 6c 6f")
    void serverHello(String output) {
        EngineHarness h = server(output);
        h.engine.sendText("Hello");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("81 05 48 65 6c 6c 6f"));
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.7, 5.3: a single-frame masked text message 'Hello' is 81 85 37 fa 21 3d 7f 9f 4d 51 58")
    void clientHello(String output) {
        EngineHarness h = client(output);
        h.engine.sendText("Hello");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    /** ASCII, Latin-1, other BMP, supplementary, unpaired surrogates, and lengths across the 7/16/64-bit forms. */
    static final List<String> TEXTS = List.of("", "a", "Hello", "Grüße, Ça coûte", "東京は晴れ €", "😀 ok 𝄞",
            "lone \uD800 high", "lone \uDC00 low", "\uDC00\uD800 reversed", "end \uD83D", "x".repeat(125),
            "é".repeat(63), "é".repeat(64), "ab€".repeat(20_000), "😀".repeat(17_000));

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.6, 5.2: sendText writes String.getBytes(UTF_8) (unpaired surrogates as '?') in one frame, server and client")
    void sendTextEncodesLikeGetBytes(String output) {
        EngineHarness server = server(output);
        EngineHarness client = client(output);
        for (String text : TEXTS) {
            byte[] expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            server.engine.sendText(text);
            client.engine.sendText(new StringBuilder(text));
            List<WireFrame> s = WireFrame.parseAll(server.out.take(), false);
            List<WireFrame> c = WireFrame.parseAll(client.out.take(), true);
            assertThat(s).hasSize(1);
            assertThat(c).hasSize(1);
            assertThat(s.get(0).payload()).as("server %s", text.length()).isEqualTo(expected);
            assertThat(c.get(0).payload()).as("client %s", text.length()).isEqualTo(expected);
            assertThat(s.get(0).opcode()).isEqualTo(Opcode.TEXT);
            assertThat(c.get(0).fin()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.7, 5.4: a fragmented unmasked text message: 01 03 48 65 6c, then 80 02 6c 6f")
    void serverFragmentedHello(String output) {
        EngineHarness h = server(output);
        h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("Hel")), false);
        h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("lo")), true);
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("01 03 48 65 6c 80 02 6c 6f"));
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.7: an unmasked ping 'Hello' is 89 05 48 65 6c 6c 6f; an unmasked pong 8a 05 48 65 6c 6c 6f")
    void serverPingPong(String output) {
        EngineHarness h = server(output);
        h.engine.sendPing(ByteBuffer.wrap(Frames.utf8("Hello")));
        h.engine.sendPong(ByteBuffer.wrap(Frames.utf8("Hello")));
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("89 05 48 65 6c 6c 6f 8a 05 48 65 6c 6c 6f"));
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.7, 5.2: 256 bytes of binary: header 82 7E 0100; 65536 bytes: 82 7F 0000000000010000")
    void serverBinaryHeaders(String output) {
        EngineHarness h = server(output);
        byte[] small = Frames.pattern(256);
        h.engine.sendBinary(ByteBuffer.wrap(small));
        byte[] big = Frames.pattern(65536);
        h.engine.sendBinary(ByteBuffer.wrap(big));
        byte[] expected = Frames.concat(Frames.hex("82 7e 01 00"), small, Frames.hex("82 7f 00 00 00 00 00 01 00 00"), big);
        assertThat(h.out.bytes()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.2: the sender uses the minimal length form at 0, 125, 126, 65535, 65536 and beyond")
    void minimalLengthForms(String output) {
        int[] lengths = {0, 1, 125, 126, 127, 65535, 65536, 70_000};
        for (boolean client : new boolean[]{false, true}) {
            EngineHarness h = client ? client(output) : server(output);
            for (int n : lengths) {
                h.engine.sendBinary(ByteBuffer.wrap(Frames.pattern(n)));
            }
            byte[] bytes = h.out.bytes();
            // WireFrame rejects non-minimal lengths and wrong masking.
            List<WireFrame> frames = h.sent();
            assertThat(frames).hasSize(lengths.length);
            int headers = 0;
            for (int i = 0; i < lengths.length; i++) {
                assertThat(frames.get(i).payload()).isEqualTo(Frames.pattern(lengths[i]));
                assertThat(frames.get(i).opcode()).isEqualTo(Opcode.BINARY);
                int n = lengths[i];
                headers += 2 + (n <= 125 ? 0 : n <= 65535 ? 2 : 8) + (client ? 4 : 0);
            }
            assertThat(bytes.length - Arrays.stream(lengths).sum()).isEqualTo(headers);
        }
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.3: a client masks every frame with the next key from its IntSupplier, payloads of all sizes")
    void clientMasksWithInjectedKeys(String output) {
        EngineHarness h = client(output);
        h.engine.sendText("Hello");
        h.engine.sendBinary(ByteBuffer.wrap(Frames.pattern(1000)));
        h.engine.sendPing(ByteBuffer.wrap(Frames.utf8("p")));
        h.engine.sendFragment(false, ByteBuffer.wrap(Frames.pattern(13)), false);
        h.engine.sendFragment(false, ByteBuffer.wrap(Frames.pattern(200)), true);
        h.engine.close(1000, "");
        List<WireFrame> sent = h.sent();
        assertThat(sent).extracting(WireFrame::maskKey).containsExactly(0x37FA213D, 0x01020304, 0x05060708,
                0x090A0B0C, 0x0D0E0F10, 0x11121314);
        assertThat(sent.get(1).payload()).isEqualTo(Frames.pattern(1000));
        assertThat(sent.get(4).payload()).isEqualTo(Frames.pattern(200));
        // The masked bytes themselves, computed independently: byte i is XORed with key byte i % 4 (5.3).
        byte[] bytes = h.out.bytes();
        int at = 11; // after "Hello"
        assertThat(Arrays.copyOfRange(bytes, at, at + 8)).isEqualTo(Frames.hex("82 fe 03 e8 01 02 03 04"));
        for (int i = 0; i < 1000; i++) {
            assertThat(bytes[at + 8 + i]).isEqualTo((byte) (Frames.pattern(1000)[i] ^ (1 + (i & 3))));
        }
    }

    @Test
    @DisplayName("5.3: a client masks with key 0 too (the mask bit is still set)")
    void zeroKey() {
        EngineHarness h = new EngineHarness(Role.CLIENT, EngineConfig.defaults(), MemoryOutput.large(), () -> 0);
        h.engine.sendText("Hi");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("81 82 00 00 00 00 48 69"));
    }

    @Test
    @DisplayName("5.1: a server never consults the key source; a client without one is refused")
    void serverNeedsNoKeys() {
        EngineHarness h = new EngineHarness(Role.SERVER, EngineConfig.defaults(), MemoryOutput.large(), () -> {
            throw new AssertionError("a server asked for a masking key");
        });
        h.engine.sendText("x");
        h.feed(h.peer.ping(new byte[0]));
        h.engine.close(1000, "");
        assertThat(h.sentDescribed()).containsExactly("text 78", "pong ", "close 1000");
        assertThatThrownBy(() -> new WebSocketEngine(Role.CLIENT, null, null, MemoryOutput.large(), e -> { }))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.4: sendFragment: first call opens the message, continuations follow, 'last' sets FIN")
    void fragmentSequencing(String output) {
        EngineHarness h = server(output);
        h.engine.sendFragment(false, ByteBuffer.wrap(Frames.bytes(1)), false);
        h.engine.sendPing(ByteBuffer.wrap(Frames.bytes(9))); // control frames may be injected (5.4)
        h.engine.sendFragment(false, ByteBuffer.wrap(new byte[0]), false);
        h.engine.sendFragment(false, ByteBuffer.wrap(Frames.bytes(2)), true);
        h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("one")), true); // a whole message as one fragment
        h.engine.sendText("after");
        assertThat(h.sentDescribed()).containsExactly("nofin binary 01", "ping 09", "nofin continuation ",
                "continuation 02", "text 6f6e65", "text 6166746572");
        assertThat(h.out.bytes()).startsWith(Frames.hex("02 01 01 89 01 09 00 00 80 01 02 81 03"));
    }

    @Test
    @DisplayName("5.4: during a fragmented send, whole messages and fragments of the other type are refused")
    void fragmentMisuse() {
        EngineHarness h = server("large");
        h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("a")), false);
        assertThatThrownBy(() -> h.engine.sendText("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.engine.sendBinary(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.engine.sendFragment(false, ByteBuffer.allocate(1), true))
                .isInstanceOf(IllegalStateException.class);
        h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("c")), true);
        assertThat(h.sentDescribed()).containsExactly("nofin text 61", "continuation 63");
        assertThat(h.engine.toString()).doesNotContain("sending");
    }

    @Test
    @DisplayName("5.5: a ping or pong payload over 125 bytes throws IllegalArgumentException; 125 is fine")
    void controlPayloadLimit() {
        EngineHarness h = server("large");
        assertThatThrownBy(() -> h.engine.sendPing(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine.sendPong(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.out.bytes()).isEmpty();
        h.engine.sendPing(ByteBuffer.wrap(Frames.pattern(125)));
        h.engine.sendPong(ByteBuffer.wrap(Frames.pattern(200), 75, 125)); // the remaining 125 bytes
        assertThat(h.sentDescribed()).containsExactly("ping " + Frames.hex(Frames.pattern(125)),
                "pong " + Frames.hex(Arrays.copyOfRange(Frames.pattern(200), 75, 200)));
    }

    @ParameterizedTest(name = "{0} output")
    @ValueSource(strings = {"large", "tiny", "direct", "littleEndian"})
    @DisplayName("5.3: sending reads only the remaining bytes and leaves the buffer as it was (heap, direct, read-only)")
    void sourceBufferUntouched(String output) {
        byte[] data = Frames.pattern(300);
        for (boolean client : new boolean[]{false, true}) {
            List<ByteBuffer> sources = List.of(ByteBuffer.wrap(data.clone(), 10, 250),
                    ByteBuffer.allocateDirect(300).put(data).position(10).limit(260),
                    ByteBuffer.wrap(data.clone(), 10, 250).asReadOnlyBuffer(),
                    ByteBuffer.wrap(data.clone()).position(10).slice().limit(250));
            for (ByteBuffer src : sources) {
                EngineHarness h = client ? client(output) : server(output);
                int pos = src.position();
                int lim = src.limit();
                byte[] before = new byte[src.capacity()];
                src.duplicate().clear().get(before);
                h.engine.sendBinary(src);
                assertThat(src.position()).isEqualTo(pos);
                assertThat(src.limit()).isEqualTo(lim);
                byte[] after = new byte[src.capacity()];
                src.duplicate().clear().get(after);
                assertThat(after).as("source not masked in place").isEqualTo(before);
                assertThat(h.sent()).singleElement().extracting(WireFrame::payload)
                        .isEqualTo(Arrays.copyOfRange(data, 10, 260));
            }
        }
    }

    @Test
    @DisplayName("5.6: sendText encodes as UTF-8, including supplementary characters")
    void textEncoding() {
        EngineHarness h = server("tiny");
        h.engine.sendText("κόσμε 𝄞");
        h.engine.sendText("");
        h.engine.sendText(new StringBuilder("sb"));
        assertThat(h.sent()).extracting(WireFrame::text).containsExactly("κόσμε 𝄞", "", "sb");
        byte[] utf8 = Frames.utf8("κόσμε 𝄞");
        assertThat(h.out.bytes()).startsWith(Frames.concat(Frames.bytes(0x81, utf8.length), utf8));
    }

    @Test
    @DisplayName("5.2, OutputBuffer contract: at most 14 bytes asked (the longest header), tiny chunks used fully")
    void outputContract() {
        EngineHarness h = client("tiny");
        h.engine.sendBinary(ByteBuffer.wrap(Frames.pattern(70_000)));
        // One 14-byte buffer holding exactly the header (2 + 8 + 4 bytes), then one call per payload byte.
        assertThat(h.out.calls()).isEqualTo(1 + 70_000);
        assertThat(h.sent()).singleElement().extracting(WireFrame::payload).isEqualTo(Frames.pattern(70_000));
    }
}
