package dev.duplex.interop.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static dev.duplex.interop.conformance.Script.script;

/**
 * Autobahn section 6: text messages must be valid UTF-8 (RFC 6455 sections 5.6 and 8.1); a receiver fails
 * the connection with 1007 on invalid UTF-8, and, in the fail-fast cases 6.4.x, as soon as the invalid byte
 * arrives: the close frame must come while the fuzzer still holds back the rest of the message. The vectors
 * of 6.5-6.23 follow Markus Kuhn's UTF-8 decoder stress test, judged by strict UTF-8 (RFC 3629): no
 * overlong forms, no surrogates, nothing above U+10FFFF; noncharacters are valid.
 */
class Utf8Test extends ConformanceTest {
    private static final byte[] KOSME = hex("cebae1bdb9cf83cebcceb5");
    private static final byte[] HELLO = Frame.utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!");
    /** Autobahn 6.4.x: κόσμε, then U+110000 in the 4-byte pattern (invalid at its 2nd byte), then "edited". */
    private static final byte[] PART1 = KOSME;
    private static final byte[] PART2 = hex("f4908080");
    private static final byte[] PART3 = Frame.utf8("edited");
    private static final byte[] INVALID = concat(PART1, PART2, PART3);
    /** How long the fuzzer holds back the rest of an invalid message, waiting for the close frame. */
    private static final Duration HOLD = Duration.ofSeconds(1);
    private static final Duration QUIET = Duration.ofMillis(300);

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.autobahn("6.1.1", "empty text message", "section 5.6",
                script().send(Frame.text("")).expectText("").closeNormally()));
        cases.add(Case.autobahn("6.1.2", "text message of 3 empty fragments", "section 5.4",
                script().send(Frame.first(Frame.TEXT, ""), Frame.continuation(false, ""), Frame.continuation(true, ""))
                        .expectText("").closeNormally()));
        cases.add(Case.autobahn("6.1.3", "text message of an empty, a non-empty and an empty fragment", "section 5.4",
                script().send(Frame.first(Frame.TEXT, ""), Frame.continuation(false, "middle frame payload"),
                        Frame.continuation(true, "")).expectText("middle frame payload").closeNormally()));
        cases.add(Case.autobahn("6.2.1", "valid UTF-8 with 2-byte sequences in one frame", "section 8.1",
                script().send(Frame.text(HELLO)).expectText(HELLO).closeNormally()));
        cases.add(Case.autobahn("6.2.2", "valid UTF-8 in 2 fragments split between code points", "section 8.1",
                script().send(Frame.of(false, Frame.TEXT, Arrays.copyOf(HELLO, 7)),
                        Frame.continuation(true, Arrays.copyOfRange(HELLO, 7, HELLO.length)))
                        .expectText(HELLO).closeNormally()));
        cases.add(Case.autobahn("6.2.3", "valid UTF-8 in 1-byte fragments, split inside code points", "section 8.1",
                script().send(octetFragments(HELLO)).expectText(HELLO).closeNormally()));
        cases.add(Case.autobahn("6.2.4", "κόσμε in 1-byte fragments, split inside code points", "section 8.1",
                script().send(octetFragments(KOSME)).expectText(KOSME).closeNormally()));
        byte[] invalid631 = concat(KOSME, hex("eda080"), Frame.utf8("edited"));
        cases.add(Case.autobahn("6.3.1", "invalid UTF-8 (a surrogate) in one frame: fail with 1007", "section 8.1",
                script().send(Frame.text(invalid631)).expectFailure(1007)));
        cases.add(Case.autobahn("6.3.2", "invalid UTF-8 (a surrogate) in 1-byte fragments: fail with 1007",
                "section 8.1", script().send(octetFragments(invalid631)).expectFailure(1007)));

        cases.add(Case.autobahn("6.4.1", "fail fast: valid fragment, pause, fragment with U+110000, the rest held "
                        + "back: 1007 before the rest is sent", "section 8.1",
                script().send(Frame.of(false, Frame.TEXT, PART1)).expectNothingFor(QUIET)
                        .send(Frame.continuation(false, PART2)).expectFailureWithin(1007, HOLD)));
        cases.add(Case.autobahn("6.4.2", "fail fast: fragment ending in 0xF4, pause, fragment of the one invalid "
                        + "byte 0x90, the rest held back: 1007 before the rest is sent", "section 8.1",
                script().send(Frame.of(false, Frame.TEXT, Arrays.copyOf(INVALID, 12))).expectNothingFor(QUIET)
                        .send(Frame.continuation(false, new byte[] {INVALID[12]})).expectFailureWithin(1007, HOLD)));
        Frame whole = Frame.text(INVALID);
        cases.add(Case.autobahn("6.4.3", "fail fast: one frame in 3 chops, the 2nd with U+110000, the 3rd held "
                        + "back: 1007 before it is sent", "section 8.1",
                script().sendSlice(whole, 0, PART1.length).expectNothingFor(QUIET)
                        .sendSlice(whole, PART1.length, PART1.length + PART2.length).expectFailureWithin(1007, HOLD)));
        Frame whole2 = Frame.text(INVALID);
        cases.add(Case.autobahn("6.4.4", "fail fast: one frame in 3 chops, the 2nd the one invalid byte 0x90, the "
                        + "3rd held back: 1007 before it is sent", "section 8.1",
                script().sendSlice(whole2, 0, 12).expectNothingFor(QUIET)
                        .sendSlice(whole2, 12, 13).expectFailureWithin(1007, HOLD)));
        cases.add(Case.rfc("fail fast: a 64 KiB frame whose 10th byte is invalid, only its first 100 bytes sent: "
                        + "1007 before the rest", "section 8.1",
                failFastInBigFrame()));
        return cases;
    }

    private static Script failFastInBigFrame() {
        byte[] payload = FramingTest.filled(65536, 'a');
        payload[9] = (byte) 0xFF;
        Frame big = Frame.text(payload);
        return script().sendSlice(big, 0, 100).expectFailureWithin(1007, HOLD);
    }

    /** Autobahn 6.5-6.23: one text message per vector, echoed when valid, 1007 when not. */
    static List<Case> vectors() {
        List<Case> cases = new ArrayList<>();
        String g = "6.5 valid UTF-8";
        valid(cases, g, "68656c6c6f24776f726c64", "68656c6c6fc2a2776f726c64", "68656c6c6fe282ac776f726c64",
                "68656c6c6ff0a4ada2776f726c64", "cebae1bdb9cf83cebcceb5");
        g = "6.6 prefixes of κόσμε";
        valid(cases, g, "ce ba", "ce ba e1 bd b9", "ce ba e1 bd b9 cf 83 ce bc");
        invalid(cases, g, "ce", "ce ba e1", "ce ba e1 bd", "ce ba e1 bd b9 cf 83 ce bc ce");
        g = "6.7 first possible sequence of each length";
        valid(cases, g, "00", "c2 80", "e0 a0 80", "f0 90 80 80");
        g = "6.8 first possible 5- and 6-byte sequences";
        invalid(cases, g, "f8 88 80 80 80", "fc 84 80 80 80 80");
        g = "6.9 last possible sequence of each length";
        valid(cases, g, "7f", "df bf", "ef bf bf", "f4 8f bf bf");
        g = "6.10 beyond U+10FFFF and 5- and 6-byte sequences";
        invalid(cases, g, "f7 bf bf bf", "fb bf bf bf bf", "fd bf bf bf bf bf");
        g = "6.11 other boundaries";
        valid(cases, g, "ed 9f bf", "ee 80 80", "ef bf bd");
        invalid(cases, g, "f4 90 80 80");
        g = "6.12 unexpected continuation bytes";
        invalid(cases, g, "80", "bf", "80 bf", "80 bf 80", "80 bf 80 bf", "80 bf 80 bf 80 bf");
        g = "6.13 lonely start bytes";
        invalid(cases, g, "c0 20", "df 20", "e0 20", "ef 20", "f0 20", "f7 20", "f8 20", "fc 20");
        g = "6.14 sequences with the last continuation byte missing";
        invalid(cases, g, "c0", "e0 80", "f0 80 80", "df", "ef bf", "f4 8f bf");
        g = "6.15 concatenated incomplete sequences";
        invalid(cases, g, "c0 e0 80 f0 80 80 df ef bf f4 8f bf");
        g = "6.16 impossible bytes";
        invalid(cases, g, "fe", "ff", "fe fe ff ff");
        g = "6.17 overlong ASCII '/'";
        invalid(cases, g, "c0 af", "e0 80 af", "f0 80 80 af", "f8 80 80 80 af");
        g = "6.18 maximum overlong sequences";
        invalid(cases, g, "c1 bf", "e0 9f bf", "f0 8f bf bf");
        g = "6.19 overlong NUL";
        invalid(cases, g, "c0 80", "e0 80 80", "f0 80 80 80");
        g = "6.20 single UTF-16 surrogates";
        invalid(cases, g, "ed a0 80", "ed ad bf", "ed ae 80", "ed af bf", "ed b0 80", "ed be 80", "ed bf bf");
        g = "6.21 paired UTF-16 surrogates";
        invalid(cases, g, "ed a0 80 ed b0 80", "ed ad bf ed bf bf", "ed af bf ed bf bf");
        g = "6.22 noncharacters (valid UTF-8)";
        valid(cases, g, "ef bf be", "ef bf bf", "f0 9f bf be", "f4 8f bf be", "ef b7 90", "ef b7 af");
        g = "6.23 the replacement character and friends";
        valid(cases, g, "ef bf bd", "ef bb bf", "c2 a0 e2 80 8b");
        return cases;
    }

    private static void valid(List<Case> cases, String group, String... vectors) {
        for (String v : vectors) {
            byte[] b = hex(v);
            cases.add(Case.autobahn(group.substring(0, group.indexOf(' ')) + ".x", group.substring(group.indexOf(' ') + 1)
                    + ": valid " + v + " echoed", "section 8.1", script().send(Frame.text(b)).expectText(b).closeNormally()));
        }
    }

    private static void invalid(List<Case> cases, String group, String... vectors) {
        for (String v : vectors) {
            cases.add(Case.autobahn(group.substring(0, group.indexOf(' ')) + ".x", group.substring(group.indexOf(' ') + 1)
                    + ": invalid " + v + ", fail with 1007", "section 8.1",
                    script().send(Frame.text(hex(v))).expectFailure(1007)));
        }
    }

    private static Frame[] octetFragments(byte[] message) {
        Frame[] frames = new Frame[message.length];
        for (int i = 0; i < message.length; i++) {
            frames[i] = Frame.of(i == message.length - 1, i == 0 ? Frame.TEXT : Frame.CONTINUATION, new byte[] {message[i]});
        }
        return frames;
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) {
            all = Script.concat(all, p);
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "vectors"})
    @Timeout(30)
    @DisplayName("Duplex server (duplex serve /echo)")
    void server(Case c) throws Exception {
        againstServer(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "vectors"})
    @Timeout(30)
    @DisplayName("Duplex client (duplex testee-client)")
    void client(Case c) throws Exception {
        againstClient(c);
    }
}
