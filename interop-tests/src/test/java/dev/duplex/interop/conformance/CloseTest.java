package dev.duplex.interop.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.duplex.interop.conformance.Script.script;

/**
 * Autobahn section 7: the close handshake (RFC 6455 sections 5.5.1, 7). Frames before a close frame are
 * processed in order (the echo of a message sent in the same write as the close comes first); after the
 * close frame nothing more is answered or echoed; the close payload is checked (no 1-byte payload, at most
 * 125 bytes, a UTF-8 reason, a code allowed on the wire, section 7.4); valid codes are echoed. After every
 * close frame the implementation sends, the TCP close is checked by role (see {@link Script}).
 */
class CloseTest extends ConformanceTest {
    /** Autobahn 7.7.x. */
    private static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
    /** Autobahn 7.9.x. */
    private static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.autobahn("7.1.1", "text and close in the same write: the echo, then the close reply",
                "section 5.5.1, 7.1.2", script().send(Frame.text("Hello World!"), Frame.close(1000))
                        .expectText("Hello World!").expectCloseReply(1000)));
        cases.add(Case.autobahn("7.1.2", "two close frames: one close reply", "section 5.5.1",
                script().send(Frame.close(1000), Frame.close(1000)).expectCloseReply(1000)));
        cases.add(Case.autobahn("7.1.3", "close, then ping: no pong after the close reply", "section 5.5.1",
                script().send(Frame.close(1000), Frame.ping("Hello World!")).expectCloseReply(1000)));
        cases.add(Case.autobahn("7.1.4", "close, then text: no echo after the close reply", "section 5.5.1",
                script().send(Frame.close(1000), Frame.text("Hello World!")).expectCloseReply(1000)));
        cases.add(Case.autobahn("7.1.5", "text fragment, close, last fragment: the close reply only", "section 5.5.1",
                script().send(Frame.first(Frame.TEXT, "fragment1"), Frame.close(1000), Frame.continuation(true, "fragment2"))
                        .expectCloseReply(1000)));
        byte[] big = FramingTest.filled(256 * 1024, 'B');
        cases.add(Case.autobahn("7.1.6", "256 KiB text, text, close, ping in one write: both echoes, then the close "
                        + "reply, no pong", "section 5.5.1, 7.1.2",
                script().send(Frame.text(big), Frame.text("Hello World!"), Frame.close(1000), Frame.ping(new byte[0]))
                        .expectText(big).expectText("Hello World!").expectCloseReply(1000)));

        cases.add(Case.autobahn("7.1.6", "16 MiB text and close in one write: the whole echo, then the close reply",
                "section 5.5.1, 7.1.2", () -> {
                    byte[] huge = FramingTest.filled(16 << 20, 'H');
                    return script().send(Frame.text(huge), Frame.close(1000)).expectText(huge, Duration.ofSeconds(60))
                            .expectCloseReply(1000);
                }));
        cases.add(Case.rfc("close with a code and a reason sent in 1-byte chops: 1000", "section 5.5.1",
                script().sendChopped(1, Duration.ZERO, Frame.close(1000, Frame.utf8("chopped reason")))
                        .expectCloseReply(1000)));
        cases.add(Case.rfc("text, then TCP closed without a close frame: the echo, then the TCP close, no close frame",
                "section 7.1.5", script().send(Frame.text("last words")).expectText("last words").finWithoutCloseFrame()));
        cases.add(Case.rfc("TCP closed in the middle of a fragmented message: the TCP close, no close frame",
                "section 7.1.5", script().send(Frame.first(Frame.TEXT, "fragment1")).finWithoutCloseFrame()));

        cases.add(Case.autobahn("7.3.1", "close without payload: close reply without code (or 1000)", "section 5.5.1",
                script().send(Frame.close()).expectCloseReply(Frame.NO_CODE, 1000)));
        cases.add(Case.autobahn("7.3.2", "close with a 1-byte payload: 1002", "section 5.5.1",
                script().send(Frame.of(true, Frame.CLOSE, new byte[] {0x03})).expectCloseReply(1002)));
        cases.add(Case.autobahn("7.3.3", "close with 1000 and no reason: 1000", "section 5.5.1",
                script().send(Frame.close(1000)).expectCloseReply(1000)));
        cases.add(Case.autobahn("7.3.4", "close with 1000 and a reason: 1000", "section 5.5.1",
                script().send(Frame.close(1000, Frame.utf8("Hello World!"))).expectCloseReply(1000)));
        cases.add(Case.autobahn("7.3.5", "close with 1000 and a 123-byte reason (125-byte payload): 1000",
                "section 5.5", script().send(Frame.close(1000, FramingTest.filled(123, '*'))).expectCloseReply(1000)));
        cases.add(Case.autobahn("7.3.6", "close with 1000 and a 124-byte reason (126-byte payload): 1002",
                "section 5.5", script().send(Frame.close(1000, FramingTest.filled(124, '*'))).expectCloseReply(1002)));
        cases.add(Case.autobahn("7.5.1", "close with a reason that is not UTF-8: 1007", "section 5.5.1, 8.1",
                script().send(Frame.close(1000, Utf8Test.hex("cebae1bdb9cf83cebcceb5eda080656469746564")))
                        .expectCloseReply(1007)));
        cases.add(Case.rfc("close with a reason cut inside a code point: 1007", "section 5.5.1, 8.1",
                script().send(Frame.close(1000, Utf8Test.hex("48656c6c6fce"))).expectCloseReply(1007)));

        for (int i = 0; i < VALID_CODES.length; i++) {
            int code = VALID_CODES[i];
            cases.add(Case.autobahn("7.7." + (i + 1), "close with valid code " + code + ": echoed", "section 7.4.1",
                    script().send(Frame.close(code)).expectCloseReply(code)));
        }
        for (int code : new int[] {1012, 1013, 1014}) {
            cases.add(Case.rfc("close with code " + code + " (registered with IANA): echoed", "section 7.4.2, 11.7",
                    script().send(Frame.close(code)).expectCloseReply(code)));
        }
        for (int i = 0; i < INVALID_CODES.length; i++) {
            int code = INVALID_CODES[i];
            cases.add(Case.autobahn("7.9." + (i + 1), "close with invalid code " + code + ": 1002", "section 7.4.1",
                    script().send(Frame.close(code)).expectCloseReply(1002)));
        }
        cases.add(Case.rfc("close with the reserved code 1015: 1002", "section 7.4.1",
                script().send(Frame.close(1015)).expectCloseReply(1002)));
        cases.add(Case.autobahn("7.13.1", "close with code 5000: 1002", "section 7.4.2",
                script().send(Frame.close(5000)).expectCloseReply(1002)));
        cases.add(Case.autobahn("7.13.2", "close with code 65535 and a reason: 1002", "section 7.4.2",
                script().send(Frame.close(65535, Frame.utf8("Hello World!"))).expectCloseReply(1002)));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(90)
    @DisplayName("Duplex server (duplex serve /echo)")
    void server(Case c) throws Exception {
        againstServer(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(90)
    @DisplayName("Duplex client (duplex testee-client)")
    void client(Case c) throws Exception {
        againstClient(c);
    }
}
