package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.Role;
import dev.duplex.engine.frame.FrameHandler;
import dev.duplex.engine.frame.FrameParser;
import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzzes the frame parser and the engine in both roles with arbitrary peer bytes ({@link EngineScenario} says
 * how an input is read). Each input is fed twice, in one piece and in seeded random pieces into oddly shaped
 * buffers; {@link EngineRun} checks the event contract on each run, and this class checks that both runs agree,
 * that the events are those of the plain reference {@link EngineModel}, and that what the engine wrote back is
 * well-formed: pongs answering the pings, the close frame the model expects. Any exception out of {@code receive}, {@code close} or
 * {@code transportClosed} is a finding: peer violations must come out as a {@code Closed} event.
 */
class EngineFuzzTest {
    /** The close frame payload of the application's close(1000, "fuzz"). */
    private static final String LOCAL_CLOSE = "03e8" + HexFormat.of().formatHex("fuzz".getBytes(StandardCharsets.UTF_8));

    @FuzzTest(maxDuration = "25s")
    void engine(byte[] data) {
        if (data.length < EngineScenario.HEADER) {
            return;
        }
        EngineScenario scenario = EngineScenario.decode(data);
        EngineRun whole = EngineRun.whole(scenario);
        EngineRun split = EngineRun.split(scenario);
        boolean spent = spentBudget(whole.transcript) || spentBudget(split.transcript);
        if (spent) {
            // With a tight budget, how a message was split decides how far its buffer grows, and so whether it
            // fails with 1013: up to the first 1013, the runs and the model must still agree.
            checkPrefix(scenario, "split", whole.transcript, split.transcript);
        } else if (!whole.transcript.equals(split.transcript)) {
            throw new FuzzFailure(scenario + ": events differ between one piece and split input\n  whole: "
                    + whole.transcript + "\n  split: " + split.transcript);
        }
        byte[] a = whole.unfinished.toByteArray();
        byte[] b = split.unfinished.toByteArray();
        int common = Math.min(a.length, b.length);
        FuzzFailure.check(spent || Arrays.equals(a, 0, common, b, 0, common), () ->
                scenario + ": the unfinished streamed message differs between one piece and split input");
        EngineModel model = EngineModel.of(scenario);
        if (spentBudget(whole.transcript)) {
            checkPrefix(scenario, "model", whole.modelView, model.events);
        } else if (!model.events.equals(whole.modelView)) {
            throw new FuzzFailure(scenario + ": the engine disagrees with the model\n  engine: " + whole.modelView
                    + "\n  model:  " + model.events);
        }
        byte[] output = whole.output();
        FuzzFailure.check(spent || Arrays.equals(output, split.output()), () ->
                scenario + ": output bytes differ between one piece and split input");
        checkOutput(scenario, output, whole.expectedPongs, spentBudget(whole.transcript) ? -2 : model.closeWritten);
    }

    private static boolean spentBudget(List<String> transcript) {
        return transcript.stream().anyMatch(e -> e.startsWith("Closed(" + CloseCodes.TRY_AGAIN_LATER + ","));
    }

    /** The events before the first 1013 of either list are the same (the local close marker aside). */
    private static void checkPrefix(EngineScenario scenario, String what, List<String> a, List<String> b) {
        List<String> x = a.stream().filter(e -> !e.equals("local close")).toList();
        List<String> y = b.stream().filter(e -> !e.equals("local close")).toList();
        int end = Math.min(firstSpent(x), firstSpent(y));
        if (end > Math.min(x.size(), y.size()) || !x.subList(0, end).equals(y.subList(0, end))) {
            throw new FuzzFailure(scenario + ": events before the budget ran out differ (" + what + ")\n  "
                    + x + "\n  " + y);
        }
    }

    private static int firstSpent(List<String> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("Closed(" + CloseCodes.TRY_AGAIN_LATER + ",")) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * What the engine wrote, read back by a frame parser of the peer's role: pongs answering the pings, one by
     * one, and at most one close frame (section 5.5.1: after it only control frames; the engine sends no data).
     */
    /** @param expectedClose the model's close code, -1 for no close frame, -2 when the model does not know */
    private static void checkOutput(EngineScenario scenario, byte[] output, List<String> expectedPongs,
                                    int expectedClose) {
        Role peer = scenario.role() == Role.SERVER ? Role.CLIENT : Role.SERVER;
        List<Integer> opcodes = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        // A ping the test appends: if the output ended inside a frame, it would not come out whole and last.
        byte[] sentinel = peer == Role.SERVER
                ? new byte[] {(byte) 0x89, (byte) 0x84, 0, 0, 0, 0, 'E', 'N', 'D', '!'}
                : new byte[] {(byte) 0x89, 4, 'E', 'N', 'D', '!'};
        ByteBuffer in = ByteBuffer.allocate(output.length + sentinel.length).put(output).put(sentinel).flip();
        try {
            new FrameParser(peer, Long.MAX_VALUE, 0).parse(in, new FrameHandler() {
                private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
                private int opcode;

                @Override
                public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength) {
                    this.opcode = opcode;
                    payload.reset();
                }

                @Override
                public void onPayload(ByteBuffer buf, int from, int to) {
                    for (int i = from; i < to; i++) {
                        payload.write(buf.get(i));
                    }
                }

                @Override
                public void onFrameEnd() {
                    opcodes.add(opcode);
                    payloads.add(payload.toByteArray());
                }
            });
        } catch (ProtocolException e) {
            throw new FuzzFailure(scenario + ": the peer cannot parse what the engine wrote: " + e.getMessage());
        }
        int last = opcodes.size() - 1;
        FuzzFailure.check(last >= 0 && opcodes.get(last) == Opcode.PING
                && Arrays.equals(payloads.get(last), "END!".getBytes(StandardCharsets.US_ASCII)), () ->
                scenario + ": the output ends inside a frame");
        opcodes.remove(last);
        payloads.remove(last);
        List<String> pongs = new ArrayList<>();
        boolean closeSent = false;
        String lastClose = "";
        for (int i = 0; i < opcodes.size(); i++) {
            int opcode = opcodes.get(i);
            byte[] payload = payloads.get(i);
            switch (opcode) {
                case Opcode.PONG -> {
                    // Only this end's own close() leaves the connection open for pings (state CLOSE_SENT).
                    if (closeSent && !(scenario.localClose() && lastClose.equals(LOCAL_CLOSE))) {
                        throw new FuzzFailure(scenario + ": a pong after the close frame " + lastClose);
                    }
                    pongs.add(HexFormat.of().formatHex(payload));
                }
                case Opcode.CLOSE -> {
                    FuzzFailure.check(!closeSent, () -> scenario + ": two close frames written");
                    closeSent = true;
                    lastClose = HexFormat.of().formatHex(payload);
                    checkClosePayload(scenario, payload);
                }
                default -> throw new FuzzFailure(scenario + ": the engine wrote a " + Opcode.name(opcode) + " frame");
            }
        }
        String close = lastClose;
        boolean sent = closeSent;
        FuzzFailure.check(expectedClose == -2 || (expectedClose < 0 ? !sent : sent && (expectedClose == CloseCodes.NO_STATUS ? close.isEmpty()
                : close.startsWith(HexFormat.of().toHexDigits((short) expectedClose)))),
                () -> scenario + ": close frame written " + (sent ? close : "none") + ", expected code " + expectedClose);
        FuzzFailure.check(pongs.equals(expectedPongs), () ->
                scenario + ": pongs " + pongs + " do not answer the pings " + expectedPongs);
    }

    private static void checkClosePayload(EngineScenario scenario, byte[] payload) {
        if (payload.length == 0) {
            return;
        }
        FuzzFailure.check(payload.length >= 2 && payload.length <= 125, () -> scenario + ": close payload of " + payload.length);
        int code = (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        FuzzFailure.check(CloseCodes.isValidOnWire(code), () -> scenario + ": wrote close code " + code);
        FuzzFailure.check(Utf8Validator.isValid(payload, 2, payload.length), () -> scenario + ": close reason not UTF-8");
    }
}
