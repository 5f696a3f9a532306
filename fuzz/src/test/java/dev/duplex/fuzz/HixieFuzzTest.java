package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine.State;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.engine.legacy.HixieEngine;
import dev.duplex.engine.text.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fuzzes {@link HixieEngine#receive} (hixie-76 and hixie-75 framing, both roles) with arbitrary peer bytes, fed
 * in one piece and in seeded pieces. Input: 1 control byte (bit 0 role, bit 1 hixie-75, bit 2 streamIncoming,
 * bits 3-4 the limit set), then the peer's bytes.
 */
class HixieFuzzTest {
    /** maxMessageSize / maxFramePayload pairs. */
    private static final long[][] LIMITS = {{64 * 1024, 64 * 1024}, {1000, 300}, {125, 1 << 20}, {10, 125}};
    private static final Set<Integer> FAILURE_CODES = Set.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.INVALID_PAYLOAD,
            CloseCodes.MESSAGE_TOO_BIG);

    @FuzzTest(maxDuration = "8s")
    void hixie(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int control = data[0] & 0xFF;
        Role role = (control & 1) == 0 ? Role.SERVER : Role.CLIENT;
        ProtocolVersion version = (control & 2) == 0 ? ProtocolVersion.HIXIE_76 : ProtocolVersion.HIXIE_75;
        long[] limits = LIMITS[control >> 3 & 3];
        EngineConfig config = EngineConfig.builder().maxMessageSize(limits[0]).maxFramePayload(limits[1])
                .streamIncoming((control & 4) != 0).build();
        long maxText = Math.min(limits[0], limits[1]);
        String what = version.label() + " " + role + " " + config;

        Run whole = new Run(version, role, config, maxText, what, new CollectingOutput(1 << 16, false, ByteOrder.BIG_ENDIAN));
        whole.feed(data, 1, data.length);
        whole.end();
        SplittableRandom random = new SplittableRandom(Pieces.seedOf(data));
        Run split = new Run(version, role, config, maxText, what, new CollectingOutput(1 + random.nextInt(6),
                random.nextBoolean(), random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN));
        int[] cuts = Pieces.cuts(data.length - 1, random.nextLong());
        for (int i = 1; i < cuts.length; i++) {
            split.feed(data, 1 + cuts[i - 1], 1 + cuts[i]);
        }
        split.end();
        FuzzFailure.check(whole.transcript.equals(split.transcript),
                () -> what + ": events differ between one piece and split input\n  whole: " + whole.transcript
                        + "\n  split: " + split.transcript);
        byte[] out = whole.output.bytes();
        FuzzFailure.check(java.util.Arrays.equals(out, split.output.bytes()), () -> what + ": output differs");
        // The only thing the engine writes on its own is the closing handshake 0xFF 0x00 (never on hixie-75 failures).
        String hex = HexFormat.of().formatHex(out);
        FuzzFailure.check(hex.isEmpty() || hex.equals("ff00"), () -> what + ": wrote " + hex);
    }

    /** One engine and the checks made as its events come. */
    private static final class Run {
        final HixieEngine engine;
        final CollectingOutput output;
        final List<String> transcript = new ArrayList<>();
        private final long maxText;
        private final String what;
        private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        private int utf8 = Utf8Validator.ACCEPT;
        private boolean closeReceived;
        private boolean closed;

        Run(ProtocolVersion version, Role role, EngineConfig config, long maxText, String what, CollectingOutput output) {
            this.output = output;
            this.maxText = maxText;
            this.what = what;
            this.engine = new HixieEngine(version, role, config, output, this::onEvent);
        }

        void feed(byte[] data, int from, int to) {
            // A window with guard bytes: nothing outside it may be touched.
            ByteBuffer in = ByteBuffer.allocate(to - from + 6).position(3);
            in.put(data, from, to - from).flip().position(3);
            ByteBuffer copy = in.duplicate();
            try {
                engine.receive(in);
            } catch (RuntimeException e) {
                throw new FuzzFailure(what + ": receive threw " + e);
            }
            FuzzFailure.check(closed ? in.position() == in.limit() : in.position() == to - from + 3,
                    () -> what + ": receive consumed " + in + " of " + (to - from));
            FuzzFailure.check(copy.get(0) == 0 && copy.get(1) == 0 && copy.get(2) == 0, "guard bytes changed");
            FuzzFailure.check((engine.state() == State.CLOSED) == closed, () -> what + ": state " + engine.state()
                    + " but Closed " + (closed ? "" : "not ") + "reported");
            long retained = Retained.bytes(engine);
            FuzzFailure.check(retained <= 2 * maxText + 4096, () -> what + ": the engine holds " + retained + " bytes");
        }

        void end() {
            boolean wasClosed = closed;
            engine.transportClosed();
            FuzzFailure.check(closed, () -> what + ": transportClosed reported nothing");
            if (!wasClosed) {
                FuzzFailure.check(transcript.get(transcript.size() - 1).startsWith("Closed(" + CloseCodes.ABNORMAL + ","),
                        () -> what + ": transportClosed reported " + transcript.get(transcript.size() - 1));
            }
            long retained = Retained.bytes(engine);
            FuzzFailure.check(retained <= 64, () -> what + ": the closed engine still holds " + retained + " bytes");
        }

        private void onEvent(Event event) {
            FuzzFailure.check(!closed, () -> what + ": " + event + " after Closed");
            switch (event) {
                case Event.Text t -> {
                    int size = t.text().getBytes(StandardCharsets.UTF_8).length;
                    FuzzFailure.check(size <= maxText, () -> what + ": text of " + size + " bytes");
                    transcript.add("Text(" + t.text() + ")");
                }
                case Event.Fragment f -> {
                    FuzzFailure.check(f.text(), () -> what + ": binary fragment");
                    byte[] b = new byte[f.data().remaining()];
                    f.data().get(b);
                    utf8 = Utf8Validator.validate(utf8, ByteBuffer.wrap(b), 0, b.length);
                    FuzzFailure.check(utf8 != Utf8Validator.REJECT, () -> what + ": invalid UTF-8 streamed");
                    streamed.writeBytes(b);
                    FuzzFailure.check(streamed.size() <= maxText, () -> what + ": streamed text of " + streamed.size());
                    if (f.last()) {
                        FuzzFailure.check(utf8 == Utf8Validator.ACCEPT, () -> what + ": streamed text ends inside a code point");
                        transcript.add("Text(" + streamed.toString(StandardCharsets.UTF_8) + ")");
                        streamed.reset();
                    }
                }
                case Event.CloseReceived c -> {
                    FuzzFailure.check(c.code() == CloseCodes.NO_STATUS && c.reason().isEmpty() && !closeReceived,
                            () -> what + ": " + c);
                    closeReceived = true;
                    transcript.add(c.toString());
                }
                case Event.Closed c -> {
                    closed = true;
                    if (closeReceived) {
                        FuzzFailure.check(c.clean() && c.code() == CloseCodes.NO_STATUS && c.error() == null,
                                () -> what + ": " + c + " after CloseReceived");
                    } else if (c.code() != CloseCodes.ABNORMAL) {
                        FuzzFailure.check(!c.clean() && c.error() != null && FAILURE_CODES.contains(c.code())
                                && c.error().closeCode() == c.code(), () -> what + ": " + c);
                    }
                    // An unfinished streamed frame is left out: a failure drops the piece it is found in.
                    transcript.add("Closed(" + c.code() + "," + c.clean() + "," + c.reason() + ")");
                }
                default -> throw new FuzzFailure(what + ": hixie reported " + event);
            }
        }
    }
}
