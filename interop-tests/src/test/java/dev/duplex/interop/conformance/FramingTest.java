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
 * Autobahn sections 1 (framing: text and binary messages of every payload-length encoding, RFC 6455 section
 * 5.2, sent whole or in chops) and 2 (pings and pongs, section 5.5.2-5.5.3), plus the masking rule of section
 * 5.1, against Duplex's server and client.
 */
class FramingTest extends ConformanceTest {

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int[] lengths = {0, 125, 126, 127, 128, 65535, 65536};
        for (int i = 0; i < lengths.length; i++) {
            byte[] text = filled(lengths[i], '*');
            cases.add(Case.autobahn("1.1." + (i + 1), "text message of " + lengths[i] + " bytes", "section 5.6",
                    script().send(Frame.text(text)).expectText(text).closeNormally()));
        }
        byte[] text64k = filled(65536, '*');
        cases.add(Case.autobahn("1.1.8", "text message of 65536 bytes sent in chops of 997 bytes", "section 5.2",
                script().sendChopped(997, Duration.ZERO, Frame.text(text64k)).expectText(text64k).closeNormally()));
        for (int i = 0; i < lengths.length; i++) {
            byte[] data = filled(lengths[i], 0xFE);
            cases.add(Case.autobahn("1.2." + (i + 1), "binary message of " + lengths[i] + " bytes", "section 5.6",
                    script().send(Frame.binary(data)).expectBinary(data).closeNormally()));
        }
        byte[] data64k = filled(65536, 0xFE);
        cases.add(Case.autobahn("1.2.8", "binary message of 65536 bytes sent in chops of 997 bytes", "section 5.2",
                script().sendChopped(997, Duration.ZERO, Frame.binary(data64k)).expectBinary(data64k).closeNormally()));
        // Every length encoding (7-bit, 16-bit, 64-bit) read one octet at a time, and more than 64 KiB.
        for (int length : new int[] {125, 126, 65536}) {
            byte[] t = filled(length, 'x');
            byte[] b = filled(length, 0x81);
            cases.add(Case.autobahn("1.1.x", "text message of " + length + " bytes sent in 1-byte chops", "section 5.2",
                    script().sendChopped(1, Duration.ZERO, Frame.text(t)).expectText(t).closeNormally()));
            cases.add(Case.autobahn("1.2.x", "binary message of " + length + " bytes sent in 1-byte chops", "section 5.2",
                    script().sendChopped(1, Duration.ZERO, Frame.binary(b)).expectBinary(b).closeNormally()));
        }
        byte[] textMiB = filled(1 << 20, 'y');
        cases.add(Case.autobahn("1.1.x", "text message of 1 MiB", "section 5.2",
                script().send(Frame.text(textMiB)).expectText(textMiB).closeNormally()));
        byte[] dataMiB = filled(1 << 20, 0x5A);
        cases.add(Case.autobahn("1.2.x", "binary message of 1 MiB", "section 5.2",
                script().send(Frame.binary(dataMiB)).expectBinary(dataMiB).closeNormally()));

        cases.add(Case.autobahn("2.1", "ping without payload", "section 5.5.2",
                script().send(Frame.ping(new byte[0])).expectPong(new byte[0]).closeNormally()));
        cases.add(Case.autobahn("2.2", "ping with a small text payload", "section 5.5.2",
                script().send(Frame.ping("Hello, world!")).expectPong("Hello, world!").closeNormally()));
        byte[] binaryPing = {0x00, (byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0xFC, (byte) 0xFB, 0x00, (byte) 0xFF};
        cases.add(Case.autobahn("2.3", "ping with a small binary payload", "section 5.5.2",
                script().send(Frame.ping(binaryPing)).expectPong(binaryPing).closeNormally()));
        byte[] ping125 = filled(125, 0xFE);
        cases.add(Case.autobahn("2.4", "ping with a 125-byte payload", "section 5.5.2",
                script().send(Frame.ping(ping125)).expectPong(ping125).closeNormally()));
        cases.add(Case.autobahn("2.5", "ping with a 126-byte payload: fail with 1002", "section 5.5",
                script().send(Frame.ping(filled(126, 0xFE))).expectFailure(1002)));
        cases.add(Case.autobahn("2.6", "ping with a 125-byte payload sent in 1-byte chops", "section 5.5.2",
                script().sendChopped(1, Duration.ZERO, Frame.ping(ping125)).expectPong(ping125).closeNormally()));
        cases.add(Case.autobahn("2.7", "unsolicited pong without payload: ignored", "section 5.5.3",
                script().send(Frame.pong(new byte[0])).closeNormally()));
        cases.add(Case.autobahn("2.8", "unsolicited pong with payload: ignored", "section 5.5.3",
                script().send(Frame.pong(Frame.utf8("unsolicited pong payload"))).closeNormally()));
        cases.add(Case.autobahn("2.9", "unsolicited pong, then ping: only the ping answered", "section 5.5.3",
                script().send(Frame.pong(Frame.utf8("unsolicited pong payload")), Frame.ping("ping payload"))
                        .expectPong("ping payload").closeNormally()));
        cases.add(Case.autobahn("2.10", "10 pings in a row: 10 pongs in order", "section 5.5.2",
                tenPings(script().send(pings())).closeNormally()));
        cases.add(Case.autobahn("2.11", "10 pings in a row sent in 1-byte chops", "section 5.5.2",
                tenPings(script().sendChopped(1, Duration.ZERO, pings())).closeNormally()));
        cases.add(Case.autobahn("2.x", "ping with payload sent in 1-byte chops 2 ms apart", "section 5.5.2",
                script().sendChopped(1, Duration.ofMillis(2), Frame.ping("chopped ping payload"))
                        .expectPong("chopped ping payload").closeNormally()));

        cases.add(Case.rfc("a frame masked against the sender's role (masked by a server, unmasked by a client): "
                        + "fail with 1002", "section 5.1",
                script().sendWronglyMasked(Frame.text("Hello")).expectFailure(1002)));
        cases.add(Case.rfc("a ping masked against the sender's role is not answered: fail with 1002", "section 5.1",
                script().sendWronglyMasked(Frame.ping("ping")).expectFailure(1002)));
        return cases;
    }

    private static Frame[] pings() {
        Frame[] pings = new Frame[10];
        for (int i = 0; i < 10; i++) {
            pings[i] = Frame.ping("payload-" + i);
        }
        return pings;
    }

    private static Script tenPings(Script s) {
        for (int i = 0; i < 10; i++) {
            s.expectPong("payload-" + i);
        }
        return s;
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60)
    @DisplayName("Duplex server (duplex serve /echo)")
    void server(Case c) throws Exception {
        againstServer(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60)
    @DisplayName("Duplex client (duplex testee-client)")
    void client(Case c) throws Exception {
        againstClient(c);
    }
}
