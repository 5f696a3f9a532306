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
 * Autobahn sections 3 (reserved bits RSV1-3 set without a negotiated extension) and 4 (reserved opcodes 3-7
 * and 0xB-0xF): the receiver must fail the connection with 1002 (RFC 6455 section 5.2). Where the suite
 * first sends a text message, its echo must come back before the close frame: frames are processed in the
 * order they arrive (section 5.4, 6.2).
 */
class ReservedTest extends ConformanceTest {

    /** A reserved bit or opcode in the first frame. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.autobahn("3.1", "text with RSV1 set: fail with 1002", "section 5.2",
                script().send(Frame.text("Hello").withRsv(4)).expectFailure(1002)));
        cases.add(Case.autobahn("3.5", "binary with RSV1+RSV3 set: fail with 1002", "section 5.2",
                script().send(Frame.binary(FramingTest.filled(8, 0xFF)).withRsv(5)).expectFailure(1002)));
        cases.add(Case.autobahn("3.6", "ping with RSV1+RSV2 set: fail with 1002, no pong", "section 5.2",
                script().send(Frame.ping("Hello").withRsv(6)).expectFailure(1002)));
        cases.add(Case.autobahn("3.7", "close with all RSV bits set: fail with 1002", "section 5.2",
                script().send(Frame.close(1000).withRsv(7)).expectFailure(1002)));
        cases.add(Case.rfc("continuation frame with RSV2 set inside a fragmented message: fail with 1002",
                "section 5.2", script().send(Frame.first(Frame.TEXT, "frag"),
                        Frame.continuation(true, "ment").withRsv(2)).expectFailure(1002)));

        cases.add(Case.autobahn("4.1.1", "frame with reserved opcode 3: fail with 1002", "section 5.2",
                script().send(Frame.of(true, 3, new byte[0])).expectFailure(1002)));
        cases.add(Case.autobahn("4.1.2", "frame with reserved opcode 4 and a payload: fail with 1002", "section 5.2",
                script().send(Frame.of(true, 4, Frame.utf8("reserved opcode payload"))).expectFailure(1002)));
        cases.add(Case.autobahn("4.2.1", "frame with reserved opcode 11: fail with 1002", "section 5.2",
                script().send(Frame.of(true, 11, new byte[0])).expectFailure(1002)));
        cases.add(Case.autobahn("4.2.2", "frame with reserved opcode 12 and a payload: fail with 1002", "section 5.2",
                script().send(Frame.of(true, 12, Frame.utf8("reserved opcode payload"))).expectFailure(1002)));
        for (int opcode : new int[] {5, 6, 7, 13, 14, 15}) {
            cases.add(Case.rfc("frame with reserved opcode " + opcode + ": fail with 1002", "section 5.2",
                    script().send(Frame.of(true, opcode, new byte[0])).expectFailure(1002)));
        }
        return cases;
    }

    /**
     * The suite's cases that send a text message, then the violation, then a ping, back to back: the echo
     * comes first, then the close frame with 1002, and no pong.
     */
    static List<Case> echoFirstCases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.autobahn("3.2", "text, text with RSV2 set, ping in one write: echo, then 1002", "section 5.2",
                echoThenFailure(s -> s.send(Frame.text("Hello"), Frame.text("Hello").withRsv(2), Frame.ping("Hello")))));
        cases.add(Case.autobahn("3.3", "text, text with RSV1+RSV2 set, ping, frame by frame: echo, then 1002",
                "section 5.2", echoThenFailure(s -> s.sendFramewise(Duration.ZERO, Frame.text("Hello"),
                        Frame.text("Hello").withRsv(3), Frame.ping("Hello")))));
        cases.add(Case.autobahn("3.4", "text, text with RSV1 set, ping, in 1-byte chops: echo, then 1002",
                "section 5.2", echoThenFailure(s -> s.sendChopped(1, Duration.ZERO, Frame.text("Hello"),
                        Frame.text("Hello").withRsv(4), Frame.ping("Hello")))));
        int[] opcodes = {5, 6, 7, 13, 14, 15};
        String[] numbers = {"4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5"};
        for (int i = 0; i < opcodes.length; i++) {
            Frame reserved = Frame.of(true, opcodes[i], i % 3 == 0 ? new byte[0] : Frame.utf8("reserved opcode payload"));
            Frame[] frames = {Frame.text("Hello"), reserved, Frame.ping("Hello")};
            boolean chopped = i % 3 == 2;
            cases.add(Case.autobahn(numbers[i], "text, reserved opcode " + opcodes[i] + ", ping"
                            + (chopped ? " in 1-byte chops" : " in one write") + ": echo, then 1002", "section 5.2",
                    echoThenFailure(s -> chopped ? s.sendChopped(1, Duration.ZERO, frames) : s.send(frames))));
        }
        return cases;
    }

    private static Script echoThenFailure(java.util.function.UnaryOperator<Script> sending) {
        return sending.apply(script()).expectText("Hello").expectFailure(1002);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "echoFirstCases"})
    @Timeout(30)
    @DisplayName("Duplex server (duplex serve /echo)")
    void server(Case c) throws Exception {
        againstServer(c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"cases", "echoFirstCases"})
    @Timeout(30)
    @DisplayName("Duplex client (duplex testee-client)")
    void client(Case c) throws Exception {
        againstClient(c);
    }
}
