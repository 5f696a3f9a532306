package dev.duplex.engine.extension;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.Role;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/** permessage-deflate on the wire: the examples of RFC 7692 section 7.2.3 and the rules of section 6. */
class PerMessageDeflateDataTest {

    /** A client whose server accepted plain "permessage-deflate". */
    static Wire client() {
        return new Wire(Role.CLIENT, EngineConfig.defaults(),
                List.of(PerMessageDeflate.defaults().confirm(ExtensionParameters.of("permessage-deflate"))));
    }

    static Wire server(String offer) {
        return server(PerMessageDeflate.defaults(), offer, EngineConfig.defaults());
    }

    static Wire server(PerMessageDeflate factory, String offer, EngineConfig config) {
        Extension e = factory.accept(ExtensionHeader.parse(offer).get(0));
        assertThat(e).as("offer accepted: %s", offer).isNotNull();
        return new Wire(Role.SERVER, config, List.of(e));
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.1: \"Hello\" compressed in one frame decodes")
    void helloOneFrame() {
        Wire c = client();
        c.feed("c1 07 f2 48 cd c9 c9 07 00");
        assertThat(c.texts()).containsExactly("Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.2: a second \"Hello\" sharing the LZ77 window decodes")
    void helloSharedWindow() {
        Wire c = client();
        c.feed("c1 07 f2 48 cd c9 c9 07 00");
        c.feed("c1 05 f2 00 11 00 00");
        assertThat(c.texts()).containsExactly("Hello", "Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.1: \"Hello\" compressed in two fragments, RSV1 only on the first")
    void helloTwoFragments() {
        Wire c = client();
        c.feed("41 03 f2 48 cd");
        c.feed("80 04 c9 c9 07 00");
        assertThat(c.texts()).containsExactly("Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.3: a DEFLATE block with no compression decodes")
    void storedBlock() {
        Wire c = client();
        c.feed("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00");
        assertThat(c.texts()).containsExactly("Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.4: a DEFLATE block with BFINAL set decodes")
    void finalBlock() {
        Wire c = client();
        c.feed("c1 08 f3 48 cd c9 c9 07 00 00");
        assertThat(c.texts()).containsExactly("Hello");
        c.feed("c1 07 f2 48 cd c9 c9 07 00");
        assertThat(c.texts()).containsExactly("Hello", "Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.5: two DEFLATE blocks in one message decode")
    void twoBlocks() {
        Wire c = client();
        c.feed("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00");
        assertThat(c.texts()).containsExactly("Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.1, 7.2.3.2: a server sends \"Hello\" as c1 07 f2 48 cd c9 c9 07 00, then c1 05 f2 00 11 00 00")
    void serverEncodesHello() {
        Wire s = server("permessage-deflate; client_max_window_bits");
        s.engine.sendText("Hello");
        assertThat(Wire.hex(s.takeSent())).isEqualTo("c1 07 f2 48 cd c9 c9 07 00");
        s.engine.sendText("Hello");
        assertThat(Wire.hex(s.takeSent())).isEqualTo("c1 05 f2 00 11 00 00");
    }

    @Test
    @DisplayName("RFC 7692 7.1.1.1: with server_no_context_takeover every \"Hello\" is compressed alone")
    void serverNoContextTakeover() {
        Wire s = server("permessage-deflate; server_no_context_takeover");
        s.engine.sendText("Hello");
        s.engine.sendText("Hello");
        assertThat(Wire.hex(s.takeSent())).isEqualTo("c1 07 f2 48 cd c9 c9 07 00 c1 07 f2 48 cd c9 c9 07 00");
    }

    @Test
    @DisplayName("RFC 7692 6: control frames are never compressed; a fragmented send sets RSV1 on the first frame only")
    void rsvOnlyOnFirstFrame() {
        Wire s = server("permessage-deflate");
        s.engine.sendPing(ByteBuffer.wrap("p".getBytes(StandardCharsets.UTF_8)));
        s.engine.sendFragment(true, ByteBuffer.wrap("Hel".getBytes(StandardCharsets.UTF_8)), false);
        s.engine.sendFragment(true, ByteBuffer.wrap("lo".getBytes(StandardCharsets.UTF_8)), true);
        byte[] out = s.takeSent();
        assertThat(out[0] & 0xFF).as("ping, no RSV").isEqualTo(0x89);
        assertThat(out[3] & 0xFF).as("first fragment: text, RSV1, not FIN").isEqualTo(0x41);
        int second = 3 + 2 + (out[4] & 0x7F);
        assertThat(out[second] & 0xFF).as("continuation: FIN, no RSV1").isEqualTo(0x80);
        // And the client decodes the pair back to "Hello".
        Wire c = client();
        c.feed(java.util.Arrays.copyOfRange(out, 3, out.length));
        assertThat(c.texts()).containsExactly("Hello");
    }

    @Test
    @DisplayName("RFC 7692 7.2.3.6: empty messages with context takeover are sent as 0x00 and decode, whole or fragmented")
    void emptyMessagesWithContextTakeover() {
        Wire s = server("permessage-deflate");
        s.engine.sendText("Hello");
        s.engine.sendText("");
        s.engine.sendText("");
        s.engine.sendFragment(true, ByteBuffer.wrap("Hel".getBytes(StandardCharsets.UTF_8)), false);
        s.engine.sendFragment(true, ByteBuffer.allocate(0), true);
        s.engine.sendText("Hello");
        byte[] out = s.takeSent();
        assertThat(Wire.hex(java.util.Arrays.copyOfRange(out, 9, 15))).as("the empty messages").isEqualTo("c1 01 00 c1 01 00");
        Wire c = client();
        c.feed(out);
        assertThat(c.texts()).containsExactly("Hello", "", "", "Hel", "Hello");
        assertThat(c.closed()).isNull();
    }

    @Test
    @DisplayName("RFC 7692 6.1: RSV1 on a continuation frame is a protocol error (1002)")
    void rsv1OnContinuation() {
        Wire c = client();
        c.feed("41 03 f2 48 cd");
        c.feed("c0 04 c9 c9 07 00");
        assertThat(c.closed().code()).isEqualTo(1002);
    }

    @Test
    @DisplayName("RFC 7692 6, RFC 6455 5.2: RSV1 on a ping is a protocol error (1002); RSV2 stays refused (1002)")
    void rsvOnControlAndOtherBits() {
        Wire c = client();
        c.feed("c9 00");
        assertThat(c.closed().code()).isEqualTo(1002);
        Wire c2 = client();
        c2.feed("a1 01 41");
        assertThat(c2.closed().code()).isEqualTo(1002);
    }

    @Test
    @DisplayName("RFC 7692 6: an uncompressed message (no RSV1) passes through untouched")
    void uncompressedMessage() {
        Wire c = client();
        c.feed("81 05 48 65 6c 6c 6f");
        assertThat(c.texts()).containsExactly("Hello");
    }

    @Test
    @DisplayName("RFC 6455 8.1: compressed text that is not UTF-8 once inflated closes with 1007")
    void invalidUtf8AfterInflate() throws Exception {
        Wire c = client();
        byte[] payload = deflate(new byte[] {(byte) 0xC0, (byte) 0x80});
        c.feed(frame(0xC1, payload));
        assertThat(c.closed().code()).isEqualTo(1007);
    }

    @Test
    @DisplayName("RFC 7692 8.1, RFC 6455 10.4: a compression bomb closes with 1009 while inflating")
    void bomb() {
        long limit = 1 << 20;
        Wire s = server(PerMessageDeflate.defaults(), "permessage-deflate",
                EngineConfig.builder().maxMessageSize(limit).build());
        byte[] zeros = new byte[64 << 20];
        byte[] payload = deflate(zeros);
        assertThat(payload.length).as("the bomb is small on the wire").isLessThan(100_000);
        byte[] frame = maskedFrame(0xC2, payload);
        // Feed it in pieces and stop as soon as the engine has closed: it must not need the whole bomb.
        int fed = 0;
        while (fed < frame.length && s.closed() == null) {
            int n = Math.min(4096, frame.length - fed);
            s.feed(java.util.Arrays.copyOfRange(frame, fed, fed + n));
            fed += n;
        }
        Event.Closed closed = s.closed();
        assertThat(closed.code()).isEqualTo(1009);
        assertThat(fed).as("closed after reading a fraction of the bomb").isLessThan(frame.length / 4);
        assertThat(s.events).noneMatch(e -> e instanceof Event.Binary);
    }

    @Test
    @DisplayName("RFC 7692 7.2.2: a message inflating to exactly the limit is accepted")
    void exactlyTheLimit() {
        long limit = 1 << 20;
        Wire s = server(PerMessageDeflate.defaults(), "permessage-deflate",
                EngineConfig.builder().maxMessageSize(limit).build());
        byte[] data = new byte[(int) limit];
        s.feed(maskedFrame(0xC2, deflate(data)));
        assertThat(s.closed()).isNull();
        assertThat(s.events).singleElement().isInstanceOfSatisfying(Event.Binary.class,
                b -> assertThat(b.data().remaining()).isEqualTo((int) limit));
    }

    /** Raw DEFLATE, sync-flushed, with the 00 00 ff ff tail removed (RFC 7692 7.2.1). */
    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        do {
            n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        d.end();
        byte[] b = out.toByteArray();
        return java.util.Arrays.copyOf(b, b.length - 4);
    }

    static byte[] frame(int b0, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        writeLength(out, payload.length, 0);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] maskedFrame(int b0, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b0);
        writeLength(out, payload.length, 0x80);
        byte[] key = {1, 2, 3, 4};
        out.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ key[i & 3]);
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len, int mask) {
        if (len <= 125) {
            out.write(mask | len);
        } else if (len <= 0xFFFF) {
            out.write(mask | 126);
            out.write(len >>> 8);
            out.write(len);
        } else {
            out.write(mask | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) len >>> (8 * i)));
            }
        }
    }
}
