package dev.duplex.interop.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.duplex.interop.conformance.Script.script;

/**
 * Autobahn sections 9 (limits and performance, scaled to the 16 MiB message limit of {@code duplex serve}:
 * messages up to 16 MiB, a 1 MiB message in frames of 64 bytes to 1 MiB, 64 KiB messages in chops of 1 to
 * 65536 bytes, 1000 messages pipelined) and 10 (a message of many frames, RFC 6455 section 5.4), plus the
 * size limits themselves (section 10.4: a frame over the limit fails with 1009 from its header alone).
 */
class LimitsTest extends ConformanceTest {
    private static final Duration BIG = Duration.ofSeconds(60);
    private static final int MiB = 1 << 20;

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int[] sizes = {64 * 1024, 256 * 1024, MiB, 4 * MiB, 8 * MiB, 16 * MiB};
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            cases.add(Case.autobahn("9.1." + (i + 1), "text message of " + size(n), "section 5.2", () -> {
                byte[] text = text(n);
                return script().send(Frame.text(text)).expectText(text, BIG).closeNormally();
            }));
        }
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            cases.add(Case.autobahn("9.2." + (i + 1), "binary message of " + size(n), "section 5.2", () -> {
                byte[] data = binary(n);
                return script().send(Frame.binary(data)).expectBinary(data, BIG).closeNormally();
            }));
        }
        int[] frameSizes = {64, 256, 1024, 4096, 16 * 1024, 64 * 1024, 256 * 1024, MiB};
        for (int i = 0; i < frameSizes.length; i++) {
            int frame = frameSizes[i];
            cases.add(Case.autobahn("9.3." + (i + 1), "1 MiB text message in frames of " + size(frame), "section 5.4",
                    () -> script().send(fragments(Frame.TEXT, text(MiB), frame)).expectText(text(MiB), BIG).closeNormally()));
        }
        for (int i = 0; i < frameSizes.length; i++) {
            int frame = frameSizes[i];
            cases.add(Case.autobahn("9.4." + (i + 1), "1 MiB binary message in frames of " + size(frame), "section 5.4",
                    () -> script().send(fragments(Frame.BINARY, binary(MiB), frame)).expectBinary(binary(MiB), BIG)
                            .closeNormally()));
        }
        int[] chops = {1, 64, 256, 1024, 4096, 65536};
        for (int i = 0; i < chops.length; i++) {
            byte[] text = text(64 * 1024);
            cases.add(Case.autobahn("9.5." + (i + 1), "64 KiB text message in chops of " + size(chops[i]), "section 5.2",
                    script().sendChopped(chops[i], Duration.ZERO, Frame.text(text)).expectText(text, BIG).closeNormally()));
        }
        for (int i = 0; i < chops.length; i++) {
            byte[] data = binary(64 * 1024);
            cases.add(Case.autobahn("9.6." + (i + 1), "64 KiB binary message in chops of " + size(chops[i]), "section 5.2",
                    script().sendChopped(chops[i], Duration.ZERO, Frame.binary(data)).expectBinary(data, BIG).closeNormally()));
        }
        int[] messageSizes = {0, 16, 64, 256, 1024, 4096};
        for (int i = 0; i < messageSizes.length; i++) {
            int bytes = messageSizes[i];
            cases.add(Case.autobahn("9.7." + (i + 1), "1000 text messages of " + size(bytes)
                    + " pipelined in one write: 1000 echoes in order", "section 5.4", () -> pipelined(Frame.TEXT, bytes)));
        }
        for (int i = 0; i < messageSizes.length; i++) {
            int bytes = messageSizes[i];
            cases.add(Case.autobahn("9.8." + (i + 1), "1000 binary messages of " + size(bytes)
                    + " pipelined in one write: 1000 echoes in order", "section 5.4", () -> pipelined(Frame.BINARY, bytes)));
        }

        byte[] text64k = text(64 * 1024);
        cases.add(Case.autobahn("10.1.1", "64 KiB text message in 1024 frames of 64 bytes", "section 5.4",
                script().send(fragments(Frame.TEXT, text64k, 64)).expectText(text64k, BIG).closeNormally()));
        cases.add(Case.autobahn("10.1.1", "64 KiB text message in frames of 1300 bytes", "section 5.4",
                script().send(fragments(Frame.TEXT, text64k, 1300)).expectText(text64k, BIG).closeNormally()));
        byte[] data64k = binary(64 * 1024);
        cases.add(Case.autobahn("10.1.x", "64 KiB binary message in 4096 frames of 16 bytes", "section 5.4",
                script().send(fragments(Frame.BINARY, data64k, 16)).expectBinary(data64k, BIG).closeNormally()));
        byte[] utf8 = multibyteText(64 * 1024);
        cases.add(Case.autobahn("10.1.x", "64 KiB of 2-, 3- and 4-byte UTF-8 in 1024 frames of 64 bytes, split "
                + "inside code points", "section 5.4, 8.1",
                script().send(fragments(Frame.TEXT, utf8, 64)).expectText(utf8, BIG).closeNormally()));
        return cases;
    }

    /** {@code duplex serve}'s message limit, 16 MiB (its {@code --max-message-size} default). */
    static List<Case> serverLimitCases() {
        return List.of(
                Case.rfc("a text frame announcing 16 MiB + 1 bytes: 1009 from its header, before any payload",
                        "section 10.4", script().sendHeaderOnly(true, Frame.TEXT, 16L * MiB + 1).expectFailure(1009)),
                Case.rfc("a binary frame announcing 2^63 - 1 bytes: 1009 from its header", "section 5.2, 10.4",
                        script().sendHeaderOnly(true, Frame.BINARY, Long.MAX_VALUE).expectFailure(1009)),
                Case.rfc("a 16 MiB text fragment, then a 1-byte continuation: 1009 at the continuation's header",
                        "section 10.4", () -> script().send(Frame.of(false, Frame.TEXT, text(16 * MiB)))
                                .sendHeaderOnly(true, Frame.CONTINUATION, 1).expectFailure(1009)));
    }

    /** {@code duplex testee-client}'s message limit, 64 MiB. */
    static List<Case> clientLimitCases() {
        return List.of(Case.rfc("a text frame announcing 64 MiB + 1 bytes: 1009 from its header, before any payload",
                "section 10.4", script().sendHeaderOnly(true, Frame.TEXT, 64L * MiB + 1).expectFailure(1009)));
    }

    private static Script pipelined(int opcode, int size) {
        Frame[] frames = new Frame[1000];
        byte[][] payloads = new byte[1000][];
        for (int i = 0; i < frames.length; i++) {
            byte[] p = opcode == Frame.TEXT ? text(size) : binary(size);
            if (size >= 4) {
                // Tell the messages apart: a reordering or a loss shows.
                byte[] n = Frame.utf8(String.format("%04d", i));
                System.arraycopy(n, 0, p, 0, 4);
            }
            payloads[i] = p;
            frames[i] = Frame.of(true, opcode, p);
        }
        Script s = script().send(frames);
        for (byte[] p : payloads) {
            s.expectMessage(opcode, p, Script.REPLY);
        }
        return s.closeNormally();
    }

    /** The message as frames of {@code size} bytes: the first with the opcode, then continuations. */
    static Frame[] fragments(int opcode, byte[] message, int size) {
        int n = Math.max(1, (message.length + size - 1) / size);
        Frame[] frames = new Frame[n];
        for (int i = 0; i < n; i++) {
            byte[] part = Arrays.copyOfRange(message, i * size, Math.min(message.length, (i + 1) * size));
            frames[i] = Frame.of(i == n - 1, i == 0 ? opcode : Frame.CONTINUATION, part);
        }
        return frames;
    }

    private static byte[] text(int size) {
        byte[] pattern = Frame.utf8("BAsd7&jh23");
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = pattern[i % pattern.length];
        }
        return b;
    }

    private static byte[] binary(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + (i >>> 8));
        }
        return b;
    }

    /** About {@code size} bytes of UTF-8 cycling through 1-, 2-, 3- and 4-byte code points. */
    private static byte[] multibyteText(int size) {
        StringBuilder s = new StringBuilder();
        String[] cycle = {"a", "\u00e9", "\u20ac", "\ud83d\ude00"};
        int bytes = 0;
        for (int i = 0; bytes < size - 4; i++) {
            String c = cycle[i % cycle.length];
            s.append(c);
            bytes += Frame.utf8(c).length;
        }
        return Frame.utf8(s.toString());
    }

    private static String size(int bytes) {
        return bytes >= MiB ? bytes / MiB + " MiB" : bytes >= 1024 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "serverLimitCases"})
    @Timeout(120)
    @DisplayName("Duplex server (duplex serve /echo)")
    void server(Case c) throws Exception {
        againstServer(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "clientLimitCases"})
    @Timeout(120)
    @DisplayName("Duplex client (duplex testee-client)")
    void client(Case c) throws Exception {
        againstClient(c);
    }
}
