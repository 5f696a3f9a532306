package dev.duplex.engine.legacy;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.MemoryOutput;
import dev.duplex.engine.RecordingListener;
import dev.duplex.engine.Role;
import dev.duplex.engine.handshake.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static dev.duplex.engine.legacy.HixieEngineTest.CLOSE;
import static dev.duplex.engine.legacy.HixieEngineTest.concat;
import static dev.duplex.engine.legacy.HixieEngineTest.frame;
import static dev.duplex.engine.legacy.HixieEngineTest.hex;
import static dev.duplex.engine.legacy.HixieEngineTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hixie parser is resumable (STYLE practice 3): every input gives the same events and the same bytes written
 * whether it arrives in one piece, one byte at a time, split in two at every byte, or in random pieces with empty
 * reads, from heap or direct buffers.
 */
class HixieResumabilityTest {

    record Case(String name, EngineConfig config, byte[] input, String lastEvent) {
        @Override
        public String toString() {
            return name + " (" + input.length + " bytes)";
        }
    }

    static List<Case> corpus() {
        EngineConfig d = EngineConfig.defaults();
        EngineConfig small = EngineConfig.builder().maxMessageSize(300).build();
        List<Case> c = new ArrayList<>();
        c.add(new Case("texts", d, concat(text("Hello"), text(""), text("κόσμε 😀"), text("x".repeat(500))),
                "Text(xxx"));
        c.add(new Case("4-byte characters only", d, text("😀😁😂🤣"), "Text(😀"));
        c.add(new Case("length-prefixed frames between texts", d, concat(text("a"), hex("80 03 010203"),
                hex("ff 81 00"), new byte[128], hex("90 00"), text("b")), "Text(b)"));
        c.add(new Case("close then garbage", d, concat(text("bye"), CLOSE, hex("0102 ff")),
                "Closed(1005, , clean)"));
        c.add(new Case("close with a zero digit", d, concat(text("bye"), hex("ff 80 80 00")),
                "Closed(1005, , clean)"));
        c.add(new Case("garbage type", d, concat(text("ok"), hex("05 41 ff")), "Closed(1002"));
        c.add(new Case("invalid UTF-8 after valid text", d, concat(text("ok"), frame(hex("41 42 ed a0 80"))),
                "Closed(1007"));
        c.add(new Case("truncated sequence at the terminator", d, frame(hex("41 e2 82")), "Closed(1007"));
        c.add(new Case("no terminator, over the limit", small, concat(text("fits"), hex("00"),
                "y".repeat(301).getBytes()), "Closed(1009"));
        c.add(new Case("length-prefixed over the limit", small, hex("80 83 00"), "Closed(1009"));
        return c;
    }

    private record Run(List<String> events, String written) {
    }

    private static Run run(Case c, List<ByteBuffer> pieces, MemoryOutput output) {
        RecordingListener events = new RecordingListener();
        HixieEngine engine = new HixieEngine(ProtocolVersion.HIXIE_76, Role.SERVER, c.config(), output, events);
        for (ByteBuffer piece : pieces) {
            engine.receive(piece);
            assertThat(piece.hasRemaining()).as("receive consumes all").isFalse();
        }
        return new Run(events.rendered(), HexFormat.of().formatHex(output.bytes()));
    }

    private static List<ByteBuffer> split(byte[] input, int... cuts) {
        List<ByteBuffer> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(ByteBuffer.wrap(input, from, cut - from).slice());
            from = cut;
        }
        out.add(ByteBuffer.wrap(input, from, input.length - from).slice());
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everySplitGivesTheSameEvents(Case c) {
        Run whole = run(c, List.of(ByteBuffer.wrap(c.input())), MemoryOutput.large());
        assertThat(whole.events()).isNotEmpty();
        assertThat(whole.events().get(whole.events().size() - 1)).startsWith(c.lastEvent());

        List<ByteBuffer> bytes = new ArrayList<>();
        for (int i = 0; i < c.input().length; i++) {
            bytes.add(ByteBuffer.wrap(c.input(), i, 1).slice());
        }
        assertThat(run(c, bytes, MemoryOutput.tiny())).as("byte by byte").isEqualTo(whole);

        for (int cut = 0; cut <= c.input().length; cut++) {
            assertThat(run(c, split(c.input(), cut), MemoryOutput.named("direct"))).as("cut at " + cut)
                    .isEqualTo(whole);
        }

        SplittableRandom random = new SplittableRandom(c.name().hashCode());
        for (int round = 0; round < 50; round++) {
            List<ByteBuffer> pieces = new ArrayList<>();
            int at = 0;
            while (at < c.input().length) {
                int n = random.nextInt(0, 9);
                n = Math.min(n, c.input().length - at);
                ByteBuffer piece = ByteBuffer.allocateDirect(n);
                piece.put(c.input(), at, n).flip();
                pieces.add(piece);
                at += n;
            }
            assertThat(run(c, pieces, MemoryOutput.named("littleEndian"))).as("random round " + round)
                    .isEqualTo(whole);
        }
    }
}
