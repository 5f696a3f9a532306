package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Vectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine is resumable (STYLE practice 3; RFC 6455 section 5.2 frames may arrive split anywhere): for a corpus
 * of inputs mixing frames, fragments, controls and violations, feeding them in one piece, byte by byte, in
 * fixed-size pieces, in seeded random pieces (with empty reads) and from direct buffers gives identical
 * events and identical output bytes, whatever the output chunking.
 */
class ResumabilityTest {

    /** @param lastEvent the start of the rendered last event, so every case is known to reach its point */
    record Case(String name, Role role, EngineConfig config, byte[] input, String lastEvent) {
        @Override
        public String toString() {
            return name + " (" + role + ", " + input.length + " bytes)";
        }
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        EngineConfig d = EngineConfig.defaults();
        Peer s = Peer.of(Role.SERVER);
        c.add(new Case("single text", Role.SERVER, d, s.text("Hello"), "Text(Hello)"));
        c.add(new Case("all kinds", Role.SERVER, d, Frames.concat(s.text("t"), s.binary(Frames.bytes(1, 2)),
                s.ping(Frames.utf8("pi")), s.pong(Frames.utf8("po"))), "Pong("));
        c.add(new Case("empty frames", Role.SERVER, d, Frames.concat(s.text(""), s.binary(new byte[0]),
                s.ping(new byte[0])), "Ping()"));
        c.add(new Case("16-bit length", Role.SERVER, d, s.text("x".repeat(126)), "Text(x"));
        c.add(new Case("64-bit length", Role.SERVER, d, s.binary(Frames.pattern(65536)), "Binary("));
        c.add(new Case("fragmented multi-byte text", Role.SERVER, d, Frames.concat(
                s.frame(false, Opcode.TEXT, Frames.hex("cebae1")), s.frame(false, Opcode.CONTINUATION, Frames.hex("bd")),
                s.frame(true, Opcode.CONTINUATION, Frames.hex("b9cf83cebcceb5"))), "Text("));
        c.add(new Case("fragmented binary with ping", Role.SERVER, d, Frames.concat(
                s.frame(false, Opcode.BINARY, Frames.pattern(200)), s.ping(Frames.utf8("between")),
                s.frame(true, Opcode.CONTINUATION, Frames.pattern(300))), "Binary("));
        c.add(new Case("fragments, controls and empties", Role.SERVER, d, Frames.concat(
                s.frame(false, Opcode.TEXT, new byte[0]), s.ping(Frames.bytes(1)),
                s.frame(false, Opcode.CONTINUATION, Frames.utf8("mid")), s.pong(Frames.bytes(2)),
                s.frame(false, Opcode.CONTINUATION, new byte[0]), s.frame(true, Opcode.CONTINUATION, Frames.utf8("end"))),
                "Text(midend)"));
        c.add(new Case("close with reason then data", Role.SERVER, d, Frames.concat(s.close(1000, "bye κόσμε"),
                s.text("ignored"), s.ping(new byte[0])), "Closed(1000, bye κόσμε, clean)"));
        c.add(new Case("empty close", Role.SERVER, d, s.close(), "Closed(1005, , clean)"));
        c.add(new Case("1-byte close", Role.SERVER, d, s.closeRaw(Frames.bytes(3)), "Closed(1002"));
        c.add(new Case("close code 1005 on the wire", Role.SERVER, d, s.close(1005, ""), "Closed(1002"));
        c.add(new Case("close reason not UTF-8", Role.SERVER, d, s.closeRaw(Frames.hex("03e8eda080")), "Closed(1007"));
        c.add(new Case("reserved opcode after text", Role.SERVER, d, Frames.concat(s.text("ok"),
                s.frame(true, 0xB, Frames.utf8("x")), s.text("never")), "Closed(1002"));
        c.add(new Case("RSV bits", Role.SERVER, d, Frames.concat(s.ping(Frames.bytes(5)),
                s.frame(true, 2, Opcode.TEXT, Frames.utf8("rsv"))), "Closed(1002"));
        c.add(new Case("unmasked to a server", Role.SERVER, d, Frames.concat(s.text("ok"),
                Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("bare"), null)), "Closed(1002"));
        c.add(new Case("126-byte ping", Role.SERVER, d, s.ping(Frames.pattern(126)), "Closed(1002"));
        c.add(new Case("fragmented ping", Role.SERVER, d, s.frame(false, Opcode.PING, Frames.utf8("p")), "Closed(1002"));
        c.add(new Case("continuation without start", Role.SERVER, d, Frames.concat(s.text("a"),
                s.frame(true, Opcode.CONTINUATION, Frames.utf8("b"))), "Closed(1002"));
        c.add(new Case("text inside fragmented text", Role.SERVER, d, Frames.concat(
                s.frame(false, Opcode.TEXT, Frames.utf8("a")), s.text("b")), "Closed(1002"));
        c.add(new Case("invalid UTF-8 inside a long text", Role.SERVER, d, s.text(Frames.concat(
                Frames.ascii('a', 3000), Frames.hex("f4908080"), Frames.ascii('b', 3000))), "Closed(1007"));
        c.add(new Case("UTF-8 truncated at message end", Role.SERVER, d, Frames.concat(
                s.frame(false, Opcode.TEXT, Utf8Vectors.KOSME), s.frame(true, Opcode.CONTINUATION, Frames.hex("e2"))),
                "Closed(1007"));
        c.add(new Case("2^62-byte frame", Role.SERVER, d, Frames.concat(s.text("first"),
                s.header(true, 0, Opcode.BINARY, 1L << 62), Frames.pattern(100)), "Closed(1009"));
        c.add(new Case("64-bit length with MSB", Role.SERVER, d, s.header(true, 0, Opcode.BINARY, -2L, 64),
                "Closed(1002"));
        List<byte[]> pings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pings.add(s.ping(Frames.utf8("ping " + i)));
        }
        c.add(new Case("10 pings", Role.SERVER, d, Frames.concat(pings.toArray(byte[][]::new)), "Ping("));
        c.add(new Case("too many fragments", Role.SERVER, EngineConfig.builder().maxFragments(2).build(),
                Frames.concat(s.frame(false, Opcode.TEXT, Frames.utf8("1")), s.frame(false, Opcode.CONTINUATION,
                        Frames.utf8("2")), s.frame(true, Opcode.CONTINUATION, Frames.utf8("3"))), "Closed(1009"));
        c.add(new Case("message too big", Role.SERVER, EngineConfig.builder().maxMessageSize(300).build(),
                Frames.concat(s.binary(Frames.pattern(300)), s.frame(false, Opcode.BINARY, Frames.pattern(200)),
                        s.frame(true, Opcode.CONTINUATION, Frames.pattern(101))), "Closed(1009"));

        Peer p = Peer.of(Role.CLIENT);
        c.add(new Case("client: text, ping, close", Role.CLIENT, d, Frames.concat(p.text("hi"), p.ping(Frames.utf8("x")),
                p.close(1001, "away")), "Closed(1001, away, clean)"));
        c.add(new Case("client: masked frame", Role.CLIENT, d, Frames.concat(p.ping(Frames.bytes(1)),
                Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("m"), 0x01020304)), "Closed(1002"));
        c.add(new Case("client: big binary and pings", Role.CLIENT, d, Frames.concat(p.binary(Frames.pattern(70_000)),
                p.ping(Frames.pattern(125)), p.frame(false, Opcode.TEXT, Frames.utf8("a")), p.ping(new byte[0]),
                p.frame(true, Opcode.CONTINUATION, Frames.utf8("b"))), "Text(ab)"));
        c.add(new Case("client: autoPong off", Role.CLIENT, EngineConfig.builder().autoPong(false).build(),
                Frames.concat(p.ping(Frames.utf8("quiet")), p.text("t")), "Text(t)"));
        return c;
    }

    private record Result(List<String> events, byte[] output) {
    }

    private interface Feeding {
        void feed(EngineHarness h, byte[] input);
    }

    private static Result run(Case c, MemoryOutput out, Feeding feeding) {
        EngineHarness h = EngineHarness.of(c.role(), c.config(), out);
        feeding.feed(h, c.input());
        return new Result(h.events(), h.out.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @DisplayName("5.2 / STYLE 3: one piece, byte by byte, fixed and random splits, direct input: identical results")
    void identicalInEveryReadPattern(Case c) {
        Result whole = run(c, MemoryOutput.large(), EngineHarness::feed);
        assertThat(whole.events()).isNotEmpty();
        assertThat(whole.events().get(whole.events().size() - 1)).startsWith(c.lastEvent());
        if (c.lastEvent().startsWith("Closed(100") && !c.lastEvent().contains("clean")) {
            // A failure: the close frame with the same code was written.
            List<WireFrame> sent = WireFrame.parseAll(whole.output(), c.role().masksOutgoing());
            assertThat(sent.get(sent.size() - 1).describe()).isEqualTo("close " + c.lastEvent().substring(7, 11));
        }

        List<String> labels = new ArrayList<>();
        List<Result> results = new ArrayList<>();
        labels.add("byte by byte, tiny output");
        results.add(run(c, MemoryOutput.tiny(), (h, in) -> h.feedInPieces(in, 1)));
        for (int size : new int[]{2, 3, 5, 7, 13, 125, 4096}) {
            labels.add("pieces of " + size);
            results.add(run(c, MemoryOutput.named(size % 2 == 0 ? "direct" : "littleEndian"),
                    (h, in) -> h.feedInPieces(in, size)));
        }
        for (long seed = 1; seed <= 12; seed++) {
            long sd = seed;
            int max = (int) (seed * seed * 3);
            labels.add("random seed " + seed);
            results.add(run(c, seed % 2 == 0 ? MemoryOutput.tiny() : MemoryOutput.large(),
                    (h, in) -> h.feedRandomly(in, sd, max)));
        }
        labels.add("direct input, pieces of 9");
        results.add(run(c, MemoryOutput.large(), (h, in) -> h.directInput(true).feedInPieces(in, 9)));
        labels.add("direct input, one piece");
        results.add(run(c, MemoryOutput.large(), (h, in) -> h.directInput(true).feed(in)));

        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).events()).as(labels.get(i)).containsExactlyElementsOf(whole.events());
            assertThat(results.get(i).output()).as(labels.get(i)).isEqualTo(whole.output());
        }
    }
}
