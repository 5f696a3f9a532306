package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The close handshake as a state machine, OPEN -> CLOSE_SENT -> CLOSED (RFC 6455 sections 5.5.1, 7.1-7.4;
 * Autobahn 7.1.x), local misuse (STYLE practice 8), and the transport ending without a handshake (7.1.5).
 */
class CloseHandshakeTest {

    private static void assertState(EngineHarness h, WebSocketEngine.State state) {
        assertThat(h.engine.state()).isEqualTo(state);
        assertThat(h.engine.toString()).contains(state.name());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.2 / Autobahn 7.1.1: a message then the peer's close: delivered, echoed, closed cleanly")
    void messageThenClose(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.feedJoined(h.peer.text("Hello World!"), h.peer.close(1000, ""));
        assertThat(h.events()).containsExactly("Text(Hello World!)", "CloseReceived(1000, )", "Closed(1000, , clean)");
        assertThat(h.sentDescribed()).containsExactly("close 1000");
        assertState(h, WebSocketEngine.State.CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1 / Autobahn 7.1.2-7.1.4: after the peer's close, a second close, pings and data are ignored")
    void dataAfterCloseIgnored(Role role) {
        EngineHarness h = EngineHarness.of(role);
        Peer p = h.peer;
        h.feedJoined(p.close(1000, ""), p.close(1001, ""), p.ping(Frames.utf8("p")), p.text("late"),
                p.frame(false, Opcode.TEXT, Frames.utf8("frag")));
        h.feed(p.text("later"), p.frame(true, 3, new byte[0]), Frames.bytes(0xFF, 0xFF, 0xFF));
        assertThat(h.events()).containsExactly("CloseReceived(1000, )", "Closed(1000, , clean)");
        assertThat(h.sentDescribed()).containsExactly("close 1000");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.2 / Autobahn 7.1.6: a large message, a ping and the close in one read, all in order")
    void largeMessagePingClose(Role role) {
        EngineHarness h = EngineHarness.of(role);
        String big = "BAsd7&jh23".repeat(26214);
        h.feedRandomly(Frames.concat(h.peer.text(big), h.peer.ping(Frames.utf8("Hello!")), h.peer.close(1000, "")),
                7, 100_000);
        assertThat(h.listener.events()).hasSize(4);
        assertThat(h.listener.events().get(0)).isEqualTo(new Event.Text(big));
        assertThat(h.events().subList(1, 4)).containsExactly("Ping(48656c6c6f21)", "CloseReceived(1000, )",
                "Closed(1000, , clean)");
        assertThat(h.sentDescribed()).containsExactly("pong 48656c6c6f21", "close 1000");
    }

    @Test
    @DisplayName("7.1.2, 5.7: a server's close(1000, \"bye\") writes exactly 88 05 03 e8 'bye' and waits")
    void localCloseBytes() {
        EngineHarness h = EngineHarness.server();
        h.engine.close(1000, "bye");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("88 05 03 e8 62 79 65"));
        assertThat(h.events()).isEmpty();
        assertState(h, WebSocketEngine.State.CLOSE_SENT);
    }

    @Test
    @DisplayName("7.1.2, 5.3: a client's close(1000, \"\") is masked with its key: 88 82 37 fa 21 3d 34 12")
    void clientLocalCloseBytes() {
        EngineHarness h = EngineHarness.client();
        h.engine.close(1000, "");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("88 82 37 fa 21 3d 34 12"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.2, 7.1.5: local close then the peer's close: clean, with the peer's code, no second frame")
    void localCloseThenPeerClose(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.engine.close(1001, "going");
        assertThat(h.takeSent()).containsExactly("close 1001");
        h.feed(h.peer.close(1000, "ok"));
        assertThat(h.events()).containsExactly("CloseReceived(1000, ok)", "Closed(1000, ok, clean)");
        assertThat(h.out.bytes()).as("the handshake is complete: nothing more to send").isEmpty();
        assertState(h, WebSocketEngine.State.CLOSED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.5: local close then an empty close from the peer: Closed(1005, clean)")
    void localCloseThenEmptyPeerClose(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.engine.close(1000, "");
        h.out.take();
        h.feed(h.peer.close());
        assertThat(h.events()).containsExactly("CloseReceived(1005, )", "Closed(1005, , clean)");
        assertThat(h.out.bytes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.2, 5.5.1: messages and controls received in CLOSE_SENT are still delivered")
    void messagesDeliveredInCloseSent(Role role) {
        EngineHarness h = EngineHarness.of(role);
        Peer p = h.peer;
        h.engine.close(1000, "");
        h.out.take();
        h.feedJoined(p.text("still"), p.binary(Frames.bytes(1, 2)), p.frame(false, Opcode.TEXT, Frames.utf8("fr")),
                p.pong(Frames.utf8("po")), p.frame(true, Opcode.CONTINUATION, Frames.utf8("ag")), p.close(1000, ""));
        assertThat(h.events()).containsExactly("Text(still)", "Binary(0102)", "Pong(706f)", "Text(frag)",
                "CloseReceived(1000, )", "Closed(1000, , clean)");
        assertThat(h.out.bytes()).as("our close frame was already sent").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.2, 5.5.1: a ping received in CLOSE_SENT is still answered (only a received close ends pongs)")
    void pingAnsweredInCloseSent(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.engine.close(1000, "");
        h.out.take();
        h.feed(h.peer.ping(Frames.utf8("pi")));
        assertThat(h.events()).containsExactly("Ping(7069)");
        assertThat(h.sentDescribed()).containsExactly("pong 7069");
        h.feed(h.peer.close(1000, ""));
        assertThat(h.events()).containsExactly("Ping(7069)", "CloseReceived(1000, )", "Closed(1000, , clean)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.7: a violation in CLOSE_SENT fails the connection without a second close frame")
    void violationInCloseSent(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.engine.close(1000, "");
        h.out.take();
        h.feed(h.peer.text(Frames.hex("ff")));
        assertThat(h.events()).hasSize(1);
        Event.Closed closed = (Event.Closed) h.listener.last();
        assertThat(closed.code()).isEqualTo(1007);
        assertThat(closed.clean()).isFalse();
        assertThat(closed.error()).isInstanceOf(ProtocolException.InvalidPayload.class);
        assertThat(h.out.bytes()).isEmpty();
        assertState(h, WebSocketEngine.State.CLOSED);

        EngineHarness bad = EngineHarness.of(role);
        bad.engine.close(1000, "");
        bad.out.take();
        bad.feed(bad.peer.close(1005, ""));
        assertThat(bad.events()).hasSize(1);
        assertThat(((Event.Closed) bad.listener.last()).code()).isEqualTo(1002);
        assertThat(bad.out.bytes()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("5.5.1, 7.1.2: sending after close throws IllegalStateException and writes nothing")
    void sendingAfterClose(Role role) {
        for (boolean peerClosedToo : new boolean[]{false, true}) {
            EngineHarness h = EngineHarness.of(role);
            h.engine.close(1000, "");
            if (peerClosedToo) {
                h.feed(h.peer.close(1000, ""));
            }
            h.out.take();
            ByteBuffer one = ByteBuffer.wrap(Frames.bytes(1));
            assertThatThrownBy(() -> h.engine.sendText("x")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> h.engine.sendBinary(one)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> h.engine.sendFragment(true, one, false)).isInstanceOf(IllegalStateException.class);
            if (peerClosedToo) {
                assertThatThrownBy(() -> h.engine.sendPing(one)).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> h.engine.sendPong(one)).isInstanceOf(IllegalStateException.class);
                assertThat(h.out.bytes()).isEmpty();
            } else {
                // 5.5.1 forbids only data frames after our close; 5.5.2 still wants pongs until a close arrives.
                h.engine.sendPing(one);
                h.engine.sendPong(one);
                assertThat(h.sentDescribed()).containsExactly("ping 01", "pong 01");
            }
            assertThat(one.position()).isZero();
        }
    }

    @Test
    @DisplayName("5.5.1: sending after the connection failed or the transport ended throws IllegalStateException")
    void sendingAfterFailure() {
        EngineHarness h = EngineHarness.server();
        h.feed(h.peer.frame(true, 3, new byte[0]));
        assertThatThrownBy(() -> h.engine.sendText("x")).isInstanceOf(IllegalStateException.class);
        EngineHarness t = EngineHarness.client();
        t.engine.transportClosed();
        assertThatThrownBy(() -> t.engine.sendBinary(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        assertThat(t.out.bytes()).isEmpty();
    }

    @ParameterizedTest(name = "close({0})")
    @ValueSource(ints = {0, 999, 1004, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535, -1, 65536 + 1000})
    @DisplayName("7.4.1, 7.4.2: close() with a code that may not be sent throws IllegalArgumentException")
    void closeWithInvalidCode(int code) {
        EngineHarness h = EngineHarness.server();
        assertThatThrownBy(() -> h.engine.close(code, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.out.bytes()).isEmpty();
        assertState(h, WebSocketEngine.State.OPEN);
    }

    @Test
    @DisplayName("5.5.1: close() with a reason over 123 UTF-8 bytes throws IllegalArgumentException; 123 is fine")
    void closeReasonLength() {
        EngineHarness h = EngineHarness.server();
        assertThatThrownBy(() -> h.engine.close(1000, "*".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.engine.close(1000, "é".repeat(62))).as("124 bytes in 62 chars")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(h.out.bytes()).isEmpty();
        assertState(h, WebSocketEngine.State.OPEN);
        String reason = "é".repeat(61) + "a"; // 123 bytes
        h.engine.close(4999, reason);
        List<WireFrame> sent = h.sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).closeCode()).isEqualTo(4999);
        assertThat(sent.get(0).closeReason()).isEqualTo(reason);
        assertThat(sent.get(0).payload()).hasSize(125);
    }

    @Test
    @DisplayName("7.1.5, 5.5.1: close(1005) sends a close frame without payload; a reason without a code is refused")
    void closeWithoutCode() {
        EngineHarness h = EngineHarness.server();
        assertThatThrownBy(() -> h.engine.close(CloseCodes.NO_STATUS, "why")).isInstanceOf(IllegalArgumentException.class);
        h.engine.close(CloseCodes.NO_STATUS, "");
        assertThat(h.out.bytes()).isEqualTo(Frames.hex("88 00"));
        EngineHarness n = EngineHarness.server();
        n.engine.close(1000, null);
        assertThat(n.out.bytes()).isEqualTo(Frames.hex("88 02 03 e8"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.2: close() is idempotent: a second call (any code) writes nothing more")
    void closeIsIdempotent(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.engine.close(1000, "first");
        h.engine.close(1001, "second");
        h.engine.close(1000, "first");
        assertThat(h.sent()).extracting(WireFrame::closeReason).containsExactly("first");
        h.feed(h.peer.close(1000, ""));
        h.engine.close(1000, "");
        assertThat(h.sent()).hasSize(1);
        assertThat(h.events()).hasSize(2);
        // Validation still applies: misuse is reported even when nothing would be sent.
        assertThatThrownBy(() -> h.engine.close(1005, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.5: the transport ending in OPEN or CLOSE_SENT reports Closed(1006, clean=false) once")
    void transportClosed(Role role) {
        EngineHarness open = EngineHarness.of(role);
        open.engine.transportClosed();
        open.engine.transportClosed();
        open.engine.closeTimedOut();
        assertThat(open.listener.events()).hasSize(1);
        Event.Closed c = (Event.Closed) open.listener.last();
        assertThat(c.code()).isEqualTo(1006);
        assertThat(c.clean()).isFalse();
        assertThat(c.error()).isNull();
        assertThat(open.out.bytes()).isEmpty();
        assertState(open, WebSocketEngine.State.CLOSED);
        open.feed(open.peer.text("after"));
        assertThat(open.listener.events()).hasSize(1);

        EngineHarness closing = EngineHarness.of(role);
        closing.engine.close(1000, "");
        closing.engine.transportClosed();
        assertThat(closing.events()).containsExactly("Closed(1006, connection ended without a close handshake, unclean)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.1, 7.1.5: a close handshake timeout reports Closed(1006, clean=false) once")
    void closeTimedOut(Role role) {
        EngineHarness h = EngineHarness.of(role);
        h.engine.close(1000, "");
        h.out.take();
        h.engine.closeTimedOut();
        h.engine.closeTimedOut();
        assertThat(h.events()).containsExactly("Closed(1006, close handshake timed out, unclean)");
        assertThat(h.out.bytes()).isEmpty();
        h.feed(h.peer.close(1000, ""));
        assertThat(h.events()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    @DisplayName("7.1.5: after a clean close or a failure, transportClosed and closeTimedOut report nothing")
    void nothingAfterClosed(Role role) {
        EngineHarness clean = EngineHarness.of(role);
        clean.feed(clean.peer.close(1000, ""));
        clean.engine.transportClosed();
        clean.engine.closeTimedOut();
        assertThat(clean.events()).containsExactly("CloseReceived(1000, )", "Closed(1000, , clean)");

        EngineHarness failed = EngineHarness.of(role);
        failed.feed(failed.peer.frame(true, 0xB, new byte[0]));
        failed.engine.transportClosed();
        failed.engine.close(1000, "");
        failed.assertFailed(1002);
        assertThat(failed.sent()).hasSize(1);
    }

    @Test
    @DisplayName("7.1.2: the application closing from inside an event: later frames of the same read still count")
    void closeFromListener() {
        MemoryOutput out = MemoryOutput.large();
        RecordingListener rec = new RecordingListener();
        WebSocketEngine[] engine = new WebSocketEngine[1];
        engine[0] = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), null, out, e -> {
            rec.onEvent(e);
            if (e instanceof Event.Text t && t.text().equals("bye")) {
                engine[0].close(1000, "done");
            }
        });
        Peer p = Peer.of(Role.SERVER);
        engine[0].receive(ByteBuffer.wrap(Frames.concat(p.text("bye"), p.text("more"), p.close(1000, "ack"))));
        assertThat(rec.rendered()).containsExactly("Text(bye)", "Text(more)", "CloseReceived(1000, ack)",
                "Closed(1000, ack, clean)");
        assertThat(WireFrame.parseAll(out.bytes(), false)).extracting(WireFrame::describe).containsExactly("close 1000");
    }

    @Test
    @DisplayName("5.4, 7.1.2: close() in the middle of a fragmented send ends it; fragments then throw")
    void closeDuringFragmentedSend() {
        EngineHarness h = EngineHarness.server();
        h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("par")), false);
        h.engine.close(1000, "");
        assertThatThrownBy(() -> h.engine.sendFragment(true, ByteBuffer.wrap(Frames.utf8("t")), true))
                .isInstanceOf(IllegalStateException.class);
        assertThat(h.sentDescribed()).containsExactly("nofin text 706172", "close 1000");
    }
}
