package dev.duplex.interop.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.duplex.interop.conformance.Script.script;

/**
 * Autobahn section 5: fragmentation (RFC 6455 section 5.4). A fragmented message is echoed whole; control
 * frames may come between its fragments and are answered at once; a fragmented control frame (section 5.5),
 * a continuation with nothing to continue, or a new message inside an unfinished one fail with 1002. The
 * same bytes are sent in one write, frame by frame, and octet by octet: the result may not depend on how
 * TCP chops the stream.
 */
class FragmentationTest extends ConformanceTest {
    private static final Duration FRAME_PAUSE = Duration.ofMillis(10);

    /** How the frames of a case are written: the suite's "one chop", "frame-wise" and "octet-wise". */
    private enum Chops {
        ONE_WRITE("in one write"), FRAME_WISE("frame by frame"), OCTET_WISE("in 1-byte chops");

        final String label;

        Chops(String label) {
            this.label = label;
        }

        Script send(Script s, Frame... frames) {
            return switch (this) {
                case ONE_WRITE -> s.send(frames);
                case FRAME_WISE -> s.sendFramewise(FRAME_PAUSE, frames);
                case OCTET_WISE -> s.sendChopped(1, Duration.ZERO, frames);
            };
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.autobahn("5.1", "ping in 2 fragments: fail with 1002", "section 5.5",
                script().send(Frame.first(Frame.PING, "fragment1"), Frame.continuation(true, "fragment2"))
                        .expectFailure(1002)));
        cases.add(Case.autobahn("5.2", "pong in 2 fragments: fail with 1002", "section 5.5",
                script().send(Frame.first(Frame.PONG, "fragment1"), Frame.continuation(true, "fragment2"))
                        .expectFailure(1002)));
        cases.add(Case.rfc("close in 2 fragments: fail with 1002", "section 5.5",
                script().send(Frame.of(false, Frame.CLOSE, new byte[] {0x03, (byte) 0xE8}),
                        Frame.continuation(true, "fragment2")).expectFailure(1002)));

        three(cases, "5.3", "text in 2 fragments: echoed whole", chops -> chops.send(script(),
                Frame.first(Frame.TEXT, "fragment1"), Frame.continuation(true, "fragment2"))
                .expectText("fragment1fragment2").closeNormally());
        three(cases, "5.6", "text in 2 fragments with a ping between: pong, then the echo", chops -> chops.send(script(),
                Frame.first(Frame.TEXT, "fragment1"), Frame.ping("ping payload"), Frame.continuation(true, "fragment2"))
                .expectPong("ping payload").expectText("fragment1fragment2").closeNormally());
        three(cases, "5.9", "continuation with FIN and nothing to continue, then text: fail with 1002",
                chops -> chops.send(script(), Frame.continuation(true, "non-continuation payload"),
                        Frame.text("Hello, world!")).expectFailure(1002));
        three(cases, "5.12", "continuation without FIN and nothing to continue, then text: fail with 1002",
                chops -> chops.send(script(), Frame.continuation(false, "non-continuation payload"),
                        Frame.text("Hello, world!")).expectFailure(1002));

        cases.add(Case.autobahn("5.16", "twice: continuation without FIN and nothing to continue, then text in 2 "
                        + "fragments: fail with 1002", "section 5.4",
                script().send(Frame.continuation(false, "fragment1"), Frame.first(Frame.TEXT, "fragment2"),
                        Frame.continuation(true, "fragment3"), Frame.continuation(false, "fragment1"),
                        Frame.first(Frame.TEXT, "fragment2"), Frame.continuation(true, "fragment3"))
                        .expectFailure(1002)));
        cases.add(Case.autobahn("5.17", "twice: continuation with FIN and nothing to continue, then text in 2 "
                        + "fragments: fail with 1002", "section 5.4",
                script().send(Frame.continuation(true, "fragment1"), Frame.first(Frame.TEXT, "fragment2"),
                        Frame.continuation(true, "fragment3"), Frame.continuation(true, "fragment1"),
                        Frame.first(Frame.TEXT, "fragment2"), Frame.continuation(true, "fragment3"))
                        .expectFailure(1002)));
        cases.add(Case.autobahn("5.18", "text fragment without FIN, then a new text frame: fail with 1002",
                "section 5.4", script().send(Frame.first(Frame.TEXT, "fragment1"), Frame.text("fragment2"))
                        .expectFailure(1002)));
        cases.add(Case.rfc("text fragment without FIN, then a binary frame: fail with 1002", "section 5.4",
                script().send(Frame.first(Frame.TEXT, "fragment1"), Frame.binary(Frame.utf8("fragment2")))
                        .expectFailure(1002)));

        cases.add(Case.autobahn("5.19", "text in 5 fragments, pings after the 2nd and 4th, sent in two bursts "
                + "with a pause: each pong before the message ends, then the echo", "section 5.4, 5.5.2", fiveFragments(false)));
        cases.add(Case.autobahn("5.20", "as 5.19 but every frame written on its own, " + FRAME_PAUSE.toMillis()
                + " ms apart", "section 5.4, 5.5.2", fiveFragments(true)));

        cases.add(Case.rfc("binary in 3 fragments with a ping and a pong between: pong, then the echo", "section 5.4",
                script().send(Frame.of(false, Frame.BINARY, new byte[] {1, 2}), Frame.ping("p"),
                        Frame.continuation(false, new byte[] {3}), Frame.pong(Frame.utf8("unsolicited")),
                        Frame.continuation(true, new byte[] {4, 5})).expectPong("p")
                        .expectBinary(new byte[] {1, 2, 3, 4, 5}).closeNormally()));
        return cases;
    }

    /**
     * Autobahn 5.15: a whole fragmented message, then a continuation with nothing to continue: the echo of
     * the first message comes before the close frame.
     */
    static List<Case> echoFirstCases() {
        return List.of(Case.autobahn("5.15", "text in 2 fragments, then a continuation without FIN and nothing to "
                        + "continue, then text, in one write: echo, then 1002", "section 5.4",
                script().send(Frame.first(Frame.TEXT, "fragment1"), Frame.continuation(true, "fragment2"),
                        Frame.continuation(false, "fragment3"), Frame.text("fragment4"))
                        .expectText("fragment1fragment2").expectFailure(1002)));
    }

    private static void three(List<Case> cases, String first, String what, Function<Chops, Script> script) {
        String[] parts = first.split("\\.");
        int n = Integer.parseInt(parts[1]);
        for (Chops chops : Chops.values()) {
            cases.add(Case.autobahn("5." + (n + chops.ordinal()), what + ", " + chops.label, "section 5.4",
                    script.apply(chops)));
        }
    }

    private static Script fiveFragments(boolean framewise) {
        Frame[] burst1 = {Frame.first(Frame.TEXT, "fragment1"), Frame.continuation(false, "fragment2"),
                Frame.ping("pongme 1!")};
        Frame[] burst2 = {Frame.continuation(false, "fragment3"), Frame.continuation(false, "fragment4"),
                Frame.ping("pongme 2!"), Frame.continuation(true, "fragment5")};
        Script s = script();
        (framewise ? s.sendFramewise(FRAME_PAUSE, burst1) : s.send(burst1))
                .expectPong("pongme 1!")
                .expectNothingFor(Duration.ofMillis(300));
        return (framewise ? s.sendFramewise(FRAME_PAUSE, burst2) : s.send(burst2))
                .expectPong("pongme 2!")
                .expectText("fragment1fragment2fragment3fragment4fragment5")
                .closeNormally();
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
