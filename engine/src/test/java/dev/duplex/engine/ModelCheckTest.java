package dev.duplex.engine;

import dev.duplex.engine.frame.Opcode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model-based check (STYLE practice 15, property tests): thousands of seeded random inputs, mostly valid frame
 * sequences with occasional violations, fed to the engine in random splits, must give exactly the events and
 * frames of the independent {@link ReferenceModel} (RFC 6455 sections 5-8, 10.4).
 */
class ModelCheckTest {
    private static final int[] CLOSE_CODES = {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999,
            0, 999, 1004, 1005, 1006, 1015, 2000, 5000};

    /** Invalid or incomplete UTF-8: the text around them decides whether they fail fast or at the end. */
    private static final byte[][] BAD_UTF8 = {
            Frames.hex("eda080"), Frames.hex("edbfbf"), Frames.hex("f4908080"), Frames.hex("c0af"), Frames.hex("c1bf"),
            Frames.hex("e080af"), Frames.hex("f08fbfbf"), Frames.hex("f5"), Frames.hex("ff"), Frames.hex("80"),
            Frames.hex("bf"), Frames.hex("c3"), Frames.hex("e282"), Frames.hex("f09d84"), Frames.hex("f8888080"),
            Frames.hex("c2a2"), Frames.hex("f48fbfbf")}; // the last two are valid

    /** Random input for an engine of {@code role}: a few dozen frames, then maybe truncated. */
    static byte[] randomInput(Random r, Role role) {
        Peer p = Peer.of(role);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 1 + r.nextInt(30);
        for (int f = 0; f < frames; f++) {
            int pick = r.nextInt(r.nextInt(4) == 0 ? 100 : 80); // violations (80..99) in about 1 of 20 frames
            if (pick < 25) {
                out.writeBytes(p.text(randomText(r, r.nextInt(8) == 0 ? 400 : 40)));
            } else if (pick < 40) {
                out.writeBytes(p.binary(Frames.pattern(r.nextInt(r.nextInt(10) == 0 ? 1000 : 60))));
            } else if (pick < 58) {
                fragmentedMessage(r, p, out);
            } else if (pick < 70) {
                out.writeBytes(p.ping(Frames.pattern(r.nextInt(50) == 0 ? 126 : r.nextInt(126))));
            } else if (pick < 77) {
                out.writeBytes(p.pong(Frames.pattern(r.nextInt(20))));
            } else if (pick < 80) {
                out.writeBytes(randomClose(r, p));
            } else if (pick < 85) {
                // a data or continuation frame with random FIN: sequencing errors (5.4)
                int op = new int[]{Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY}[r.nextInt(3)];
                out.writeBytes(p.frame(r.nextBoolean(), op, Frames.utf8("s" + f)));
            } else if (pick < 88) {
                out.writeBytes(p.frame(true, 1 + r.nextInt(7), Opcode.TEXT, Frames.utf8("rsv")));
            } else if (pick < 90) {
                out.writeBytes(p.frame(true, new int[]{3, 7, 0xB, 0xF}[r.nextInt(4)], Frames.utf8("op")));
            } else if (pick < 92) {
                out.writeBytes(Frames.frame(true, 0, Opcode.TEXT, Frames.utf8("m"), p.masks() ? null : 0x0F0F0F0F));
            } else if (pick < 94) {
                out.writeBytes(p.frame(false, Opcode.PING, new byte[0]));
            } else if (pick < 96) {
                out.writeBytes(p.header(true, 0, Opcode.BINARY, r.nextBoolean() ? 1L << 40 : -5L, 64));
            } else {
                out.writeBytes(p.text(Frames.concat(Frames.utf8("bad"), BAD_UTF8[r.nextInt(BAD_UTF8.length)],
                        r.nextBoolean() ? Frames.utf8("tail") : new byte[0])));
            }
        }
        byte[] bytes = out.toByteArray();
        return r.nextInt(4) == 0 ? Arrays.copyOf(bytes, r.nextInt(bytes.length + 1)) : bytes;
    }

    private static byte[] randomText(Random r, int maxChars) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(maxChars + 1);
        for (int k = 0; k < n; k++) {
            int kind = r.nextInt(10);
            int cp = kind < 6 ? 0x20 + r.nextInt(0x5F) : kind < 8 ? 0x80 + r.nextInt(0x780)
                    : kind < 9 ? 0xE000 + r.nextInt(0x1000) : 0x10000 + r.nextInt(0x100000);
            sb.appendCodePoint(cp);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void fragmentedMessage(Random r, Peer p, ByteArrayOutputStream out) {
        boolean text = r.nextBoolean();
        byte[] message = text ? randomText(r, 60) : Frames.pattern(r.nextInt(200));
        if (text && r.nextInt(15) == 0 && message.length > 0) {
            message[r.nextInt(message.length)] = (byte) 0xFF; // invalid somewhere inside
        }
        int parts = 1 + r.nextInt(6);
        int from = 0;
        for (int k = 0; k < parts; k++) {
            int to = k == parts - 1 ? message.length : from + r.nextInt(message.length - from + 1);
            out.writeBytes(p.frame(k == parts - 1, k == 0 ? (text ? Opcode.TEXT : Opcode.BINARY) : Opcode.CONTINUATION,
                    Arrays.copyOfRange(message, from, to)));
            from = to;
            if (k < parts - 1 && r.nextInt(3) == 0) {
                out.writeBytes(r.nextBoolean() ? p.ping(Frames.pattern(r.nextInt(10))) : p.pong(Frames.bytes(k)));
            }
        }
    }

    private static byte[] randomClose(Random r, Peer p) {
        return switch (r.nextInt(6)) {
            case 0 -> p.close();
            case 1 -> p.closeRaw(Frames.bytes(3));
            case 2 -> p.closeRaw(Frames.concat(Frames.bytes(0x03, 0xE8), Frames.hex("c0af")));
            default -> p.close(CLOSE_CODES[r.nextInt(CLOSE_CODES.length)], r.nextBoolean() ? "" : "bye κόσμε");
        };
    }

    private static EngineConfig randomConfig(Random r) {
        if (r.nextBoolean()) {
            return EngineConfig.defaults();
        }
        return EngineConfig.builder().maxFramePayload(125 + r.nextInt(400)).maxMessageSize(1 + r.nextInt(600))
                .maxFragments(1 + r.nextInt(6)).autoPong(r.nextInt(4) != 0).build();
    }

    @Test
    @DisplayName("5-8, 10.4: 3000 random inputs in random splits match the reference model exactly")
    void engineMatchesModel() {
        int failures = 0;
        int cleanCloses = 0;
        int texts = 0;
        java.util.Map<String, Integer> endings = new java.util.TreeMap<>();
        for (long seed = 1; seed <= 3000; seed++) {
            // Scrambled: java.util.Random's first outputs for small consecutive seeds are nearly constant.
            Random r = new Random(seed * 0x9E3779B97F4A7C15L);
            Role role = r.nextBoolean() ? Role.SERVER : Role.CLIENT;
            EngineConfig config = randomConfig(r);
            boolean localCloseFirst = r.nextInt(8) == 0;
            byte[] input = randomInput(r, role);
            ReferenceModel.Result expected = ReferenceModel.run(role, config, localCloseFirst, input);

            EngineHarness h = EngineHarness.of(role, config, r.nextBoolean() ? MemoryOutput.tiny() : MemoryOutput.large());
            if (localCloseFirst) {
                h.engine.close(1000, "");
            }
            switch (r.nextInt(3)) {
                case 0 -> h.feed(input);
                case 1 -> h.feedRandomly(input, seed, 1 + r.nextInt(64));
                default -> h.directInput(true).feedInPieces(input, 1 + r.nextInt(9));
            }
            List<String> events = ReferenceModel.normalize(h.listener.events());
            assertThat(events).as("events, seed %d, %s, %s, input %s", seed, role, config, Frames.hex(input))
                    .containsExactlyElementsOf(expected.events());
            assertThat(h.sentDescribed()).as("frames, seed %d, %s, %s, input %s", seed, role, config,
                    Frames.hex(input)).containsExactlyElementsOf(expected.frames());
            String last = events.isEmpty() ? "" : events.get(events.size() - 1);
            failures += last.startsWith("Failed") ? 1 : 0;
            endings.merge(last.length() > 11 ? last.substring(0, 11) : last, 1, Integer::sum);
            cleanCloses += last.endsWith("clean)") ? 1 : 0;
            texts += events.stream().filter(e -> e.startsWith("Text(")).count();
        }
        // The generator reaches every kind of ending, and plenty of messages.
        assertThat(failures).isBetween(500, 2800);
        assertThat(cleanCloses).isGreaterThan(100);
        assertThat(texts).isGreaterThan(3000);
        for (String ending : new String[]{"Failed(1002", "Failed(1007", "Failed(1009"}) {
            assertThat(endings.getOrDefault(ending, 0)).as("%s in %s", ending, endings).isGreaterThan(50);
        }
    }
}
