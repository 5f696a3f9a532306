package dev.duplex.engine;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pings and pongs (RFC 6455 sections 5.5.2, 5.5.3; Autobahn 2.x). */
class PingPongTest {

    private static String hex(byte[] b) {
        return Frames.hex(b);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.2 / Autobahn 2.1-2.4: a ping of 0, text, binary and 125 bytes gets an identical pong")
    void pingAnsweredWithIdenticalPong(Role role) {
        byte[][] payloads = {new byte[0], Frames.utf8("Hello, world!"), Frames.hex("00fffefdfcfb00ff"),
                Frames.pattern(125), new byte[125]};
        for (byte[] payload : payloads) {
            for (String output : new String[]{"large", "tiny", "direct", "littleEndian"}) {
                EngineHarness h = EngineHarness.of(role, EngineConfig.defaults(), MemoryOutput.named(output));
                h.feed(h.peer.ping(payload));
                assertThat(h.events()).containsExactly("Ping(" + hex(payload) + ")");
                List<WireFrame> sent = h.sent();
                assertThat(sent).hasSize(1);
                assertThat(sent.get(0).describe()).isEqualTo("pong " + hex(payload));
                assertThat(sent.get(0).fin()).isTrue();
                assertThat(sent.get(0).rsv()).isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.2 / Autobahn 2.6: a 125-byte ping arriving one byte per read")
    void pingInOneByteReads(Role role) {
        EngineHarness h = EngineHarness.of(role);
        byte[] payload = Frames.pattern(125);
        h.feedInPieces(h.peer.ping(payload), 1);
        assertThat(h.events()).containsExactly("Ping(" + hex(payload) + ")");
        assertThat(h.sentDescribed()).containsExactly("pong " + hex(payload));
    }

    @Test
    @DisplayName("5.5.2, 5.7: a server answers ping 'Hello' with the unmasked pong 8a 05 48 65 6c 6c 6f")
    void serverPongBytes() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.ping(Frames.utf8("Hello")));
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("8a 05 48 65 6c 6c 6f"));
    }

    @Test
    @DisplayName("5.5.2, 5.3, 5.7: a client answers the unmasked ping 89 05 'Hello' with a pong masked by its key")
    void clientPongBytes() {
        EngineHarness h = EngineHarness.client();
        h.feed(Frames.hex("89 05 48 65 6c 6c 6f"));
        assertThat(h.events()).containsExactly("Ping(48656c6c6f)");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.3 / Autobahn 2.7, 2.8: an unsolicited pong is reported and not answered")
    void unsolicitedPong(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feed(h.peer.pong(new byte[0]), h.peer.pong(Frames.utf8("unsolicited pong payload")));
        assertThat(h.events()).containsExactly("Pong()", "Pong(" + hex(Frames.utf8("unsolicited pong payload")) + ")");
        assertThat(h.out.bytes()).isEmpty();
        assertThat(h.engine.state()).isEqualTo(WebSocketEngine.State.OPEN);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.3 / Autobahn 2.9: an unsolicited pong then a ping: only the ping is answered")
    void pongThenPing(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feedJoined(h.peer.pong(Frames.utf8("unsolicited")), h.peer.ping(Frames.utf8("ping payload")));
        assertThat(h.events()).containsExactly("Pong(" + hex(Frames.utf8("unsolicited")) + ")",
                "Ping(" + hex(Frames.utf8("ping payload")) + ")");
        assertThat(h.sentDescribed()).containsExactly("pong " + hex(Frames.utf8("ping payload")));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.2 / Autobahn 2.10, 2.11: 10 pings in a row are answered in order, in one read or byte by byte")
    void tenPings(Role role) {
        for (int piece : new int[]{Integer.MAX_VALUE, 1}) {
            EngineHarness h = EngineHarness.of(role, EngineConfig.defaults(),
                    MemoryOutput.named(piece == 1 ? "tiny" : "large"));
            List<byte[]> frames = new ArrayList<>();
            List<String> expectedEvents = new ArrayList<>();
            List<String> expectedPongs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] payload = Frames.utf8("payload-" + i);
                frames.add(h.peer.ping(payload));
                expectedEvents.add("Ping(" + hex(payload) + ")");
                expectedPongs.add("pong " + hex(payload));
            }
            h.feedInPieces(Frames.concat(frames.toArray(byte[][]::new)), Math.min(piece, 1 << 20));
            assertThat(h.events()).containsExactlyElementsOf(expectedEvents);
            assertThat(h.sentDescribed()).containsExactlyElementsOf(expectedPongs);
        }
    }

    @Test
    @DisplayName("5.5.2: a client's pongs to several pings each take a fresh masking key (section 5.3)")
    void clientPongsUseFreshKeys() {
        EngineHarness h = EngineHarness.client();
        h.feed(h.peer.ping(Frames.utf8("a")), h.peer.ping(Frames.utf8("b")), h.peer.ping(Frames.utf8("c")));
        List<WireFrame> sent = h.sent();
        assertThat(sent).extracting(WireFrame::describe).containsExactly("pong 61", "pong 62", "pong 63");
        assertThat(sent.get(0).maskKey()).isEqualTo(EngineHarness.FIRST_CLIENT_KEY);
        assertThat(sent).extracting(WireFrame::maskKey).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("5.5.2: with autoPong off the ping is reported, nothing is written, and the application may answer")
    void autoPongOff() {
        EngineHarness h = EngineHarness.of(Role.SERVER, EngineConfig.builder().autoPong(false).build());
        h.feed(h.peer.ping(Frames.utf8("x")));
        assertThat(h.events()).containsExactly("Ping(78)");
        assertThat(h.out.bytes()).isEmpty();
        Event.Ping ping = (Event.Ping) h.listener.events().get(0);
        h.engine.sendPong(ping.payload());
        assertThat(h.sentDescribed()).containsExactly("pong 78");
    }

    @Test
    @DisplayName("5.5.2: the ping event's payload belongs to the application: changing it does not change the pong")
    void pingPayloadIsACopy() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.ping(Frames.utf8("abc")));
        ByteBuffer first = ((Event.Ping) h.listener.events().get(0)).payload();
        first.put(0, (byte) 'X');
        h.feed(h.peer.ping(Frames.utf8("def")));
        assertThat(h.sentDescribed()).containsExactly("pong 616263", "pong 646566");
        assertThat(((Event.Ping) h.listener.events().get(1)).payload()).isEqualTo(ByteBuffer.wrap(Frames.utf8("def")));
        assertThat(first).isEqualTo(ByteBuffer.wrap(Frames.utf8("Xbc")));
    }

    @Test
    @DisplayName("5.5.2: a ping after a longer ping does not carry over stale bytes")
    void shorterPingAfterLongerPing() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.ping(Frames.pattern(125)), h.peer.ping(Frames.utf8("hi")), h.peer.ping(new byte[0]));
        assertThat(h.events()).containsExactly("Ping(" + hex(Frames.pattern(125)) + ")", "Ping(6869)", "Ping()");
        assertThat(h.sentDescribed()).containsExactly("pong " + hex(Frames.pattern(125)), "pong 6869", "pong ");
    }
}
