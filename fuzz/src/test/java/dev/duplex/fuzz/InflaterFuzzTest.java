package dev.duplex.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.MemoryBudget;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine;
import dev.duplex.engine.extension.DeflateFrame;
import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Fuzzes the receive side of compression: a {@link WebSocketEngine} with permessage-deflate (or deflate-frame)
 * negotiated through {@link ExtensionNegotiation}, fed arbitrary frames whose payloads (RSV1 chosen by the
 * fuzzer) go through the {@code Decompressor}. Input: 1 control byte (bit 0 client role, bit 1 no context takeover,
 * bits 2-4 window bits 8-15, bit 5 streamIncoming, bit 7 deflate-frame), then records {@code flags, length (2
 * bytes, big-endian), payload}; flags: bit 0 FIN, bit 1 RSV1, bits 2-3 opcode (continuation, text, binary, ping).
 * <p>Phase 1 sends the records as frames, in one piece and split: only close events, the limits hold, the memory
 * budget comes back, both runs agree. Phase 2 has a Duplex peer with the same parameters send each record's
 * payload as a message (text when the opcode says so and it is UTF-8): it must arrive unchanged.
 */
class InflaterFuzzTest {
    static final int MAX_MESSAGE = 64 * 1024;
    private static final long BUDGET = 1 << 20;
    private static final Set<Integer> FAILURE_CODES = Set.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.INVALID_PAYLOAD,
            CloseCodes.POLICY_VIOLATION, CloseCodes.MESSAGE_TOO_BIG, CloseCodes.INTERNAL_ERROR, CloseCodes.TRY_AGAIN_LATER);
    private static final int[] OPCODES = {Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.PING};

    record Setup(Role role, boolean noContextTakeover, int windowBits, boolean stream, boolean deflateFrame) {
        static Setup of(int control) {
            return new Setup((control & 1) == 0 ? Role.SERVER : Role.CLIENT, (control & 2) != 0,
                    8 + (control >> 2 & 7), (control & 0x20) != 0, (control & 0x80) != 0);
        }

        Role peer() {
            return role == Role.SERVER ? Role.CLIENT : Role.SERVER;
        }

        /** Negotiates as a real client and server would: [0] the server's extensions, [1] the client's. */
        List<List<Extension>> negotiate() {
            List<ExtensionFactory> client;
            List<ExtensionFactory> server;
            String offer;
            if (deflateFrame) {
                client = List.of(DeflateFrame.offering(DeflateFrame.WEBKIT_NAME));
                server = List.of(DeflateFrame.create());
                offer = DeflateFrame.WEBKIT_NAME + "; max_window_bits=" + windowBits
                        + (noContextTakeover ? "; no_context_takeover" : "");
            } else {
                PerMessageDeflate.Builder b = PerMessageDeflate.builder().serverMaxWindowBits(windowBits)
                        .clientMaxWindowBits(windowBits).serverNoContextTakeover(noContextTakeover)
                        .clientNoContextTakeover(noContextTakeover);
                client = List.of(b.build());
                server = List.of(b.build());
                offer = ExtensionNegotiation.offer(client);
            }
            ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.accept(server, List.of(offer));
            FuzzFailure.check(agreed.extensions().size() == 1, () -> "not agreed: " + offer);
            List<Extension> confirmed = ExtensionNegotiation.confirm(client, agreed.header());
            return List.of(agreed.extensions(), confirmed);
        }

        List<Extension> ours(List<List<Extension>> negotiated) {
            return negotiated.get(role == Role.SERVER ? 0 : 1);
        }

        List<Extension> theirs(List<List<Extension>> negotiated) {
            return negotiated.get(role == Role.SERVER ? 1 : 0);
        }
    }

    record Record(boolean fin, boolean rsv1, int opcode, byte[] payload) {
    }

    @FuzzTest(maxDuration = "8s")
    void inflate(byte[] data) {
        if (data.length < 1) {
            return;
        }
        Setup setup = Setup.of(data[0] & 0xFF);
        List<Record> records = records(data);
        long seed = Pieces.seedOf(data);

        // Phase 1: arbitrary frames.
        Wire wire = new Wire(setup.role());
        for (Record r : records) {
            wire.frame(r.fin(), r.rsv1() ? 4 : 0, r.opcode(), r.payload());
        }
        byte[] frames = wire.bytes();
        Run whole = new Run(setup, frames, null, 0);
        Run split = new Run(setup, frames, null, seed);
        FuzzFailure.check(whole.transcript.equals(split.transcript) || knownLostOutput(whole.transcript, split.transcript),
                () -> setup + ": events differ between one piece and split input\n  whole: " + whole.transcript
                        + "\n  split: " + split.transcript);
        // (With the known bug above, the close frames differ in their code too.)
        FuzzFailure.check(!whole.transcript.equals(split.transcript)
                || Arrays.equals(whole.output.bytes(), split.output.bytes()), () -> setup + ": output differs");

        // Phase 2: round trip through a Duplex peer with the same parameters.
        List<List<Extension>> negotiated = setup.negotiate();
        CollectingOutput peerOut = new CollectingOutput(1 << 16, false, ByteOrder.BIG_ENDIAN);
        WebSocketEngine peer = new WebSocketEngine(setup.peer(), EngineConfig.defaults(), () -> 0x1234567,
                peerOut, e -> { }, setup.theirs(negotiated));
        List<String> expected = new ArrayList<>();
        int count = 0;
        for (Record r : records) {
            if (count++ == 8) {
                break;
            }
            if (r.opcode() == Opcode.TEXT && Utf8Validator.isValid(r.payload(), 0, r.payload().length)) {
                peer.sendText(new String(r.payload(), StandardCharsets.UTF_8));
                expected.add("Text " + HexFormat.of().formatHex(r.payload()));
            } else {
                peer.sendBinary(ByteBuffer.wrap(r.payload()));
                expected.add("Binary " + HexFormat.of().formatHex(r.payload()));
            }
        }
        peer.transportClosed();
        byte[] sent = peerOut.bytes();
        Run roundTrip = new Run(setup, sent, setup.ours(negotiated), seed);
        List<String> got = roundTrip.transcript.subList(0, roundTrip.transcript.size() - 1);
        FuzzFailure.check(got.equals(expected), () -> setup + ": the round trip changed the messages\n  sent: "
                + expected + "\n  got:  " + roundTrip.transcript);
    }

    /**
     * KNOWN ENGINE BUG (kept as the regression inputs {@code crash-2b624a846f620acc786b1b4e01ea0dee7dd8baab} and
     * {@code crash-d989a8ed9047863e3bfbdf5039f9866372e70e89}; this is the only part of the split check that is
     * switched off): when {@code Inflater.inflate} throws
     * {@code DataFormatException}, {@code Decompressor.run} loses the bytes that same call had already decoded
     * before the corrupt point (they never reach the sink). A message whose decoded size passes
     * {@code maxMessageSize} before its compressed data turns corrupt thus fails with 1007 when the corrupt
     * bytes come in the same read, and with 1009 when they come in a later one; likewise a decoded text message
     * with invalid UTF-8 before the corrupt point fails as "invalid compressed data" or as "invalid UTF-8". The
     * two runs may differ only in that last failure: every earlier event the same, both ending in 1007 or 1009,
     * at least one of them for corrupt compressed data. Remove this when the outcome no longer depends on the
     * reads.
     */
    private static boolean knownLostOutput(List<String> whole, List<String> split) {
        int n = whole.size();
        if (n == 0 || split.size() != n || !whole.subList(0, n - 1).equals(split.subList(0, n - 1))) {
            return false;
        }
        String a = whole.get(n - 1);
        String b = split.get(n - 1);
        String corrupt = "Closed(" + CloseCodes.INVALID_PAYLOAD + ", false, invalid compressed data";
        return (a.startsWith(corrupt) || b.startsWith(corrupt)) && lateFailure(a) && lateFailure(b);
    }

    /** A failure a lost piece of decoded output can hide: too big, or invalid UTF-8 in it, or corrupt data. */
    private static boolean lateFailure(String closed) {
        return closed.startsWith("Closed(" + CloseCodes.MESSAGE_TOO_BIG + ", false,")
                || closed.startsWith("Closed(" + CloseCodes.INVALID_PAYLOAD + ", false,");
    }

    static List<Record> records(byte[] data) {
        List<Record> records = new ArrayList<>();
        int i = 1;
        while (i < data.length) {
            int flags = data[i] & 0xFF;
            int length = i + 2 < data.length ? (data[i + 1] & 0xFF) << 8 | data[i + 2] & 0xFF : 0;
            int from = Math.min(i + 3, data.length);
            int to = Math.min(from + length, data.length);
            byte[] payload = Arrays.copyOfRange(data, from, to);
            int opcode = OPCODES[flags >> 2 & 3];
            if (opcode == Opcode.PING && payload.length > 125) {
                payload = Arrays.copyOf(payload, 125);
            }
            records.add(new Record((flags & 1) != 0 || opcode == Opcode.PING, (flags & 2) != 0, opcode, payload));
            i = to;
        }
        return records;
    }

    /** Seed helper: one record. */
    static byte[] record(boolean fin, boolean rsv1, int opcodeIndex, byte[] payload) {
        byte[] r = new byte[3 + payload.length];
        r[0] = (byte) ((fin ? 1 : 0) | (rsv1 ? 2 : 0) | opcodeIndex << 2);
        r[1] = (byte) (payload.length >> 8);
        r[2] = (byte) payload.length;
        System.arraycopy(payload, 0, r, 3, payload.length);
        return r;
    }

    /** One engine fed the wire in one piece (seed 0) or in seeded pieces, checked as events come. */
    private static final class Run {
        final CollectingOutput output;
        final List<String> transcript = new ArrayList<>();
        private final Setup setup;
        private final MemoryBudget budget = MemoryBudget.of(BUDGET);
        private final WebSocketEngine engine;
        private final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        private Boolean streamedText;
        private int utf8 = Utf8Validator.ACCEPT;
        private boolean closeReceived;
        private boolean closed;

        Run(Setup setup, byte[] wire, List<Extension> extensions, long seed) {
            this.setup = setup;
            SplittableRandom random = new SplittableRandom(seed);
            this.output = seed == 0 ? new CollectingOutput(1 << 16, false, ByteOrder.BIG_ENDIAN)
                    : new CollectingOutput(1 + random.nextInt(20), random.nextBoolean(), ByteOrder.BIG_ENDIAN);
            EngineConfig config = EngineConfig.builder().maxMessageSize(MAX_MESSAGE).maxFramePayload(MAX_MESSAGE)
                    .streamIncoming(setup.stream()).memoryBudget(budget).build();
            this.engine = new WebSocketEngine(setup.role(), config, () -> 0x5A17C0DE, output, this::onEvent,
                    extensions != null ? extensions : setup.ours(setup.negotiate()));
            int[] cuts = seed == 0 ? new int[] {0, wire.length} : Pieces.cuts(wire.length, random.nextLong());
            for (int i = 1; i < cuts.length; i++) {
                feed(wire, cuts[i - 1], cuts[i]);
            }
            engine.transportClosed();
            FuzzFailure.check(closed, () -> setup + ": no Closed after transportClosed");
            FuzzFailure.check(budget.reserved() == 0, () -> setup + ": " + budget.reserved()
                    + " bytes of the memory budget not given back after close");
        }

        private void feed(byte[] wire, int from, int to) {
            ByteBuffer in = ByteBuffer.wrap(Arrays.copyOfRange(wire, from, to));
            try {
                engine.receive(in);
            } catch (RuntimeException e) {
                AssertionError failure = new FuzzFailure(setup + ": receive threw " + e);
                failure.initCause(e);
                throw failure;
            }
            FuzzFailure.check(!in.hasRemaining(), () -> setup + ": input not consumed");
            FuzzFailure.check((engine.state() == WebSocketEngine.State.CLOSED) == closed, () -> setup + ": state "
                    + engine.state() + " but Closed " + (closed ? "" : "not ") + "reported");
            long retained = Retained.bytes(engine);
            FuzzFailure.check(retained <= 2L * MAX_MESSAGE + 64 * 1024 + 4096, () -> setup + ": the engine holds "
                    + retained + " bytes");
            FuzzFailure.check(budget.reserved() <= 2L * MAX_MESSAGE + 4096, () -> setup + ": reserved "
                    + budget.reserved());
        }

        private void onEvent(Event event) {
            FuzzFailure.check(!closed, () -> setup + ": " + event + " after Closed");
            switch (event) {
                case Event.Text t -> {
                    byte[] b = t.text().getBytes(StandardCharsets.UTF_8);
                    FuzzFailure.check(b.length <= MAX_MESSAGE, () -> setup + ": text of " + b.length + " bytes");
                    transcript.add("Text " + HexFormat.of().formatHex(b));
                }
                case Event.Binary m -> {
                    FuzzFailure.check(m.data().remaining() <= MAX_MESSAGE, () -> setup + ": binary of "
                            + m.data().remaining() + " bytes");
                    transcript.add("Binary " + hex(m.data()));
                }
                case Event.Fragment f -> {
                    FuzzFailure.check(streamedText == null || streamedText == f.text(), "fragment type changed");
                    streamedText = f.text();
                    byte[] b = new byte[f.data().remaining()];
                    f.data().get(b);
                    if (f.text()) {
                        utf8 = Utf8Validator.validate(utf8, ByteBuffer.wrap(b), 0, b.length);
                        FuzzFailure.check(utf8 != Utf8Validator.REJECT, () -> setup + ": invalid UTF-8 streamed");
                    }
                    streamed.writeBytes(b);
                    FuzzFailure.check(streamed.size() <= MAX_MESSAGE, () -> setup + ": streamed " + streamed.size());
                    if (f.last()) {
                        FuzzFailure.check(!f.text() || utf8 == Utf8Validator.ACCEPT, "streamed text ends inside a code point");
                        transcript.add((f.text() ? "Text " : "Binary ") + HexFormat.of().formatHex(streamed.toByteArray()));
                        streamed.reset();
                        streamedText = null;
                        utf8 = Utf8Validator.ACCEPT;
                    }
                }
                case Event.Ping p -> transcript.add("Ping " + hex(p.payload()));
                case Event.Pong p -> transcript.add("Pong " + hex(p.payload()));
                case Event.CloseReceived c -> {
                    closeReceived = true;
                    transcript.add(c.toString());
                }
                case Event.Closed c -> {
                    closed = true;
                    if (c.code() != CloseCodes.ABNORMAL && !closeReceived) {
                        FuzzFailure.check(!c.clean() && c.error() != null && FAILURE_CODES.contains(c.code())
                                && c.error().closeCode() == c.code(), () -> setup + ": " + c);
                    }
                    transcript.add("Closed(" + c.code() + ", " + c.clean() + ", " + c.reason() + ")");
                }
            }
        }

        private static String hex(ByteBuffer b) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            return HexFormat.of().formatHex(a);
        }
    }
}
