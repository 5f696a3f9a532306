package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Larger messages and the configured limits (RFC 6455 section 10.4; Autobahn 9.x scaled down to 1 MiB, and
 * 10.1.1), plus {@link EngineConfig} itself.
 */
class LimitsTest {
    private static final int MIB = 1 << 20;

    private static byte[] fragmented(Peer peer, int opcode, byte[] message, int fragmentSize) {
        List<byte[]> frames = new ArrayList<>();
        for (int from = 0; from < message.length; from += fragmentSize) {
            int to = Math.min(message.length, from + fragmentSize);
            frames.add(peer.frame(to == message.length, from == 0 ? opcode : Opcode.CONTINUATION,
                    Arrays.copyOfRange(message, from, to)));
        }
        return Frames.concat(frames.toArray(byte[][]::new));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {65536, 262144, MIB})
    @DisplayName("10.4 / Autobahn 9.1.1-9.1.3, 9.2.1-9.2.3: single-frame text and binary of 64 KiB..1 MiB")
    void largeSingleFrames(int n) {
        EngineHarness h = EngineHarness.server();
        String text = "*".repeat(n);
        byte[] data = Frames.pattern(n);
        h.feedRandomly(Frames.concat(h.peer.text(text), h.peer.binary(data)), n, 200_000);
        assertThat(h.listener.events()).containsExactly(new Event.Text(text), new Event.Binary(ByteBuffer.wrap(data)));
    }

    @ParameterizedTest(name = "fragments of {0} bytes")
    @ValueSource(ints = {64, 256, 1024, 4096, 16384, 65536, 262144, MIB})
    @DisplayName("5.4 / Autobahn 9.3.x, 9.4.x: a 1 MiB text and binary message in fragments of 64 B..1 MiB")
    void megabyteInFragments(int fragmentSize) {
        EngineHarness h = EngineHarness.server();
        byte[] text = Frames.ascii('*', MIB);
        byte[] data = Frames.pattern(MIB);
        h.feed(fragmented(h.peer, Opcode.TEXT, text, fragmentSize));
        h.feed(fragmented(h.peer, Opcode.BINARY, data, fragmentSize));
        assertThat(h.listener.events()).containsExactly(new Event.Text("*".repeat(MIB)),
                new Event.Binary(ByteBuffer.wrap(data)));
    }

    @ParameterizedTest(name = "chops of {0} bytes")
    @ValueSource(ints = {64, 128, 256, 512, 1024, 2048})
    @DisplayName("5.2 / Autobahn 9.5.x, 9.6.x: a 1 MiB single-frame message arriving in reads of 64..2048 bytes")
    void megabyteInChops(int chop) {
        EngineHarness h = EngineHarness.client();
        byte[] data = Frames.pattern(MIB);
        h.feedInPieces(h.peer.binary(data), chop);
        h.feedInPieces(h.peer.text("*".repeat(MIB)), chop);
        assertThat(h.listener.events()).containsExactly(new Event.Binary(ByteBuffer.wrap(data)),
                new Event.Text("*".repeat(MIB)));
    }

    @Test
    @DisplayName("5.4 / Autobahn 10.1.1: 65536 bytes of text in 1300-byte frames: received whole, sent as 51 frames")
    void autoFragmentedText() {
        String payload = "*".repeat(65536);
        EngineHarness h = EngineHarness.server();
        h.feed(fragmented(h.peer, Opcode.TEXT, Frames.utf8(payload), 1300));
        assertThat(h.listener.events()).containsExactly(new Event.Text(payload));

        byte[] bytes = Frames.utf8(payload);
        for (int from = 0; from < bytes.length; from += 1300) {
            int to = Math.min(bytes.length, from + 1300);
            h.engine.sendFragment(true, ByteBuffer.wrap(bytes, from, to - from), to == bytes.length);
        }
        List<WireFrame> sent = h.sent();
        assertThat(sent).hasSize(51);
        assertThat(sent.subList(0, 50)).allSatisfy(f -> assertThat(f.payload()).hasSize(1300));
        assertThat(sent.get(50).payload()).hasSize(65536 - 50 * 1300);
        assertThat(sent.get(0).opcode()).isEqualTo(Opcode.TEXT);
        assertThat(sent.subList(1, 51)).allSatisfy(f -> assertThat(f.opcode()).isEqualTo(Opcode.CONTINUATION));
        assertThat(sent).filteredOn(WireFrame::fin).containsExactly(sent.get(50));
    }

    @Test
    @DisplayName("10.4: a message of exactly the default 16 MiB limit passes; one byte more fails with 1009")
    void defaultMessageLimit() {
        long limit = EngineConfig.DEFAULT_MAX_MESSAGE_SIZE;
        EngineHarness ok = EngineHarness.client();
        byte[] half = Frames.pattern((int) limit / 2);
        ok.feed(ok.peer.frame(false, Opcode.BINARY, half), ok.peer.frame(true, Opcode.CONTINUATION, half));
        assertThat(ok.listener.events()).hasSize(1);
        assertThat(((Event.Binary) ok.listener.events().get(0)).data().remaining()).isEqualTo((int) limit);

        EngineHarness h = EngineHarness.client();
        h.feed(h.peer.frame(false, Opcode.BINARY, half), h.peer.header(true, 0, Opcode.CONTINUATION, limit / 2 + 1));
        h.assertFailed(1009);

        EngineHarness frame = EngineHarness.server();
        frame.feed(frame.peer.header(true, 0, Opcode.TEXT, limit + 1));
        frame.assertFailed(1009);
    }

    @Test
    @DisplayName("10.4: a message limit below 125 bytes limits data frames only, not control frames")
    void tinyMessageLimit() {
        EngineConfig config = EngineConfig.builder().maxMessageSize(10).build();
        assertThat(config.maxFramePayload()).as("the frame limit cannot go below 125").isEqualTo(
                EngineConfig.DEFAULT_MAX_MESSAGE_SIZE);
        EngineHarness h = EngineHarness.of(Role.SERVER, config);
        h.feed(h.peer.text("0123456789"), h.peer.ping(Frames.pattern(125)), h.peer.close(1000, "x".repeat(100)));
        assertThat(h.events()).hasSize(4);
        assertThat(h.events().get(0)).isEqualTo("Text(0123456789)");

        EngineHarness big = EngineHarness.of(Role.SERVER, config);
        big.feed(big.peer.header(true, 0, Opcode.TEXT, 11));
        big.assertFailed(1009);
    }

    @Test
    @DisplayName("10.4: the 1009 close frame is written before the payload of an oversized frame is read")
    void oversizedFrameWithPayloadFollowing() {
        EngineHarness h = EngineHarness.of(Role.SERVER, EngineConfig.builder().maxMessageSize(1000).build());
        h.feedInPieces(h.peer.binary(Frames.pattern(5000)), 100);
        h.assertFailed(1009);
        assertThat(h.events()).hasSize(1);
    }

    @Test
    @DisplayName("10.4, 5.5 / STYLE 13: EngineConfig defaults, builder, toBuilder, the 125-byte frame limit floor")
    void config() {
        EngineConfig d = EngineConfig.defaults();
        assertThat(d).isEqualTo(new EngineConfig(16L * MIB, 16L * MIB, 1L << 20, true, false, MemoryBudget.halfHeap()));
        assertThat(d.toBuilder().build()).isEqualTo(d);
        EngineConfig c = EngineConfig.builder().maxFramePayload(500).maxMessageSize(4000).maxFragments(7)
                .autoPong(false).streamIncoming(true).build();
        assertThat(c).isEqualTo(new EngineConfig(500, 4000, 7, false, true, MemoryBudget.halfHeap()));
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(EngineConfig.builder().maxMessageSize(4000).build().maxFramePayload()).isEqualTo(4000);
        assertThat(c.toString()).contains("maxFramePayload=500", "maxFragments=7", "streamIncoming=true");
        assertThatThrownBy(() -> EngineConfig.builder().maxFramePayload(124).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngineConfig.builder().maxMessageSize(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EngineConfig.builder().maxFragments(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        WebSocketEngine e = new WebSocketEngine(Role.SERVER, null, null, MemoryOutput.large(), ev -> { });
        assertThat(e.config()).isEqualTo(d);
        assertThat(e.role()).isEqualTo(Role.SERVER);
    }
}
