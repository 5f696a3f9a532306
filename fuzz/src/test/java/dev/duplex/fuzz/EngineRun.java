package dev.duplex.fuzz;

import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.EventListener;
import dev.duplex.engine.MemoryBudget;
import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.WebSocketEngine;
import dev.duplex.engine.text.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * One engine fed one {@link EngineScenario}, either in one piece per part or in seeded random pieces, checking
 * the engine's contract as it goes (see {@link #onEvent} and {@link #afterReceive}) and recording a transcript
 * of what came out, normalized so that two runs over the same bytes can be compared whatever the splits.
 */
final class EngineRun implements EventListener {
    /** Close codes a peer violation may fail the connection with (RFC 6455 section 7.4.1). */
    private static final List<Integer> FAILURE_CODES = List.of(CloseCodes.PROTOCOL_ERROR,
            CloseCodes.INVALID_PAYLOAD, CloseCodes.POLICY_VIOLATION, CloseCodes.MESSAGE_TOO_BIG,
            CloseCodes.INTERNAL_ERROR, CloseCodes.TRY_AGAIN_LATER);
    private static final HexFormat HEX = HexFormat.of();

    private final EngineScenario scenario;
    private final EngineConfig config;
    /** This run's own budget: what the engine reserves from it must all come back once it is closed. */
    private final MemoryBudget budget;
    private final WebSocketEngine engine;
    private final CollectingOutput output;
    private final long retainedLimit;

    /** Events, normalized: data of a streamed message is joined and reported when its last piece arrives. */
    final List<String> transcript = new ArrayList<>();
    /** The transcript as {@link EngineModel} renders it: failures by their close code only. */
    final List<String> modelView = new ArrayList<>();
    /** Payloads of the pings the engine should have answered, in order. */
    final List<String> expectedPongs = new ArrayList<>();
    /** Data of a streamed message that had not ended when the connection closed. */
    final ByteArrayOutputStream unfinished = new ByteArrayOutputStream();
    private Boolean unfinishedText;
    private int utf8State = Utf8Validator.ACCEPT;
    private String closeReceived;
    private boolean closed;
    private String closedForModel;
    private boolean localCloseDone;
    private int events;

    private EngineRun(EngineScenario scenario, CollectingOutput output) {
        this.scenario = scenario;
        this.budget = MemoryBudget.of(scenario.tightBudget() ? EngineScenario.TIGHT_BUDGET : 1L << 40);
        this.config = scenario.config().toBuilder().memoryBudget(budget).build();
        this.output = output;
        IntSupplier maskKeys = new IntSupplier() {
            private int n;

            @Override
            public int getAsInt() {
                return 0x5A17C0DE * ++n;
            }
        };
        this.engine = new WebSocketEngine(scenario.role(), config, maskKeys, output, this);
        // A message buffer may double past the limit once; the rest (control payload, header) is small.
        this.retainedLimit = 2 * config.maxMessageSize() + 4096;
    }

    /** Feeds each part of the wire (before and after the local close) in one piece. */
    static EngineRun whole(EngineScenario s) {
        EngineRun run = new EngineRun(s, new CollectingOutput(1 << 16, false, ByteOrder.BIG_ENDIAN));
        run.feed(0, s.cut());
        run.localClose();
        run.feed(s.cut(), s.wire().length);
        run.end();
        return run;
    }

    /** Feeds the wire in seeded random pieces, writing into small, oddly shaped output buffers. */
    static EngineRun split(EngineScenario s) {
        SplittableRandom random = new SplittableRandom(s.seed());
        CollectingOutput out = new CollectingOutput(1 + random.nextInt(20), random.nextBoolean(),
                random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        EngineRun run = new EngineRun(s, out);
        int[] first = Pieces.cuts(s.cut(), random.nextLong());
        for (int i = 1; i < first.length; i++) {
            run.feed(first[i - 1], first[i]);
        }
        run.localClose();
        int[] second = Pieces.cuts(s.wire().length - s.cut(), random.nextLong());
        for (int i = 1; i < second.length; i++) {
            run.feed(s.cut() + second[i - 1], s.cut() + second[i]);
        }
        run.end();
        return run;
    }

    byte[] output() {
        return output.bytes();
    }

    private void feed(int from, int to) {
        ByteBuffer in = scenario.buffers().wrap(scenario.wire(), from, to);
        int limit = in.limit();
        engine.receive(in);
        if (in.position() != limit || in.limit() != limit) {
            throw new FuzzFailure("receive did not consume exactly its input: " + in + ", limit was " + limit);
        }
        FuzzFailure.check(scenario.buffers().guardsIntact(in, to - from),
                "receive wrote outside the window of its input buffer");
        afterReceive();
    }

    /** Checks that hold between calls: the state matches the events, and memory stays bounded. */
    private void afterReceive() {
        WebSocketEngine.State state = engine.state();
        if ((state == WebSocketEngine.State.CLOSED) != closed) {
            throw new FuzzFailure("state " + state + " but Closed was " + (closed ? "" : "not ") + "reported");
        }
        if (state == WebSocketEngine.State.CLOSE_SENT && !(scenario.localClose() && localCloseDone)) {
            throw new FuzzFailure("CLOSE_SENT without a local close");
        }
        if (budget.reserved() < 0 || budget.reserved() > retainedLimit) {
            throw new FuzzFailure("the engine reserved " + budget.reserved() + " bytes of its memory budget");
        }
        long retained = Retained.bytes(engine);
        if (retained > retainedLimit) {
            throw new FuzzFailure("engine holds " + retained + " bytes of buffers; limit " + retainedLimit
                    + " for maxMessageSize " + config.maxMessageSize());
        }
        long outputLimit = 3L * scenario.wire().length + 300;
        if (output.size() > outputLimit) {
            throw new FuzzFailure("engine wrote " + output.size() + " bytes in reply to " + scenario.wire().length);
        }
    }

    private void localClose() {
        if (!scenario.localClose()) {
            return;
        }
        boolean wasClosed = closed;
        engine.close(CloseCodes.NORMAL, "fuzz");
        localCloseDone = true;
        note("local close");
        WebSocketEngine.State expected = wasClosed ? WebSocketEngine.State.CLOSED : WebSocketEngine.State.CLOSE_SENT;
        FuzzFailure.check(engine.state() == expected, () -> "after close(): " + engine.state() + ", expected " + expected);
        FuzzFailure.check(!closed || wasClosed, "close() reported Closed");
    }

    private void end() {
        boolean wasClosed = closed;
        engine.transportClosed();
        FuzzFailure.check(closed, "no Closed event after transportClosed()");
        FuzzFailure.check(engine.state() == WebSocketEngine.State.CLOSED, "not CLOSED after transportClosed()");
        FuzzFailure.check(budget.reserved() == 0,
                () -> "a closed engine still holds " + budget.reserved() + " bytes of its memory budget");
        int before = events;
        engine.transportClosed();
        engine.closeTimedOut();
        engine.receive(ByteBuffer.wrap(scenario.wire().clone()));
        FuzzFailure.check(events == before, "events after the engine was closed");
        if (!wasClosed) {
            FuzzFailure.check(transcript.get(transcript.size() - 1).startsWith("Closed(1006,"), () ->
                    "transportClosed() reported " + transcript.get(transcript.size() - 1));
        }
    }

    /**
     * The event contract: nothing after Closed; Closed follows CloseReceived at once; limits hold for every
     * payload; streamed text is valid UTF-8 so far and complete at the end; failures carry their close code.
     */
    @Override
    public void onEvent(Event event) {
        events++;
        if (closed) {
            throw new FuzzFailure("event after Closed: " + event);
        }
        if (closeReceived != null && !(event instanceof Event.Closed)) {
            throw new FuzzFailure("CloseReceived not followed by Closed but by " + event);
        }
        switch (event) {
            case Event.Text t -> {
                FuzzFailure.check(!config.streamIncoming(), "whole Text while streaming");
                FuzzFailure.check(StandardCharsets.UTF_8.newEncoder().canEncode(t.text()), "Text with a lone surrogate");
                byte[] utf8 = t.text().getBytes(StandardCharsets.UTF_8);
                checkSize(utf8.length, "Text");
                note("Text(" + HEX.formatHex(utf8) + ")");
            }
            case Event.Binary b -> {
                FuzzFailure.check(!config.streamIncoming(), "whole Binary while streaming");
                checkSize(b.data().remaining(), "Binary");
                note("Binary(" + hex(b.data()) + ")");
            }
            case Event.Fragment f -> onFragment(f);
            case Event.Ping p -> {
                FuzzFailure.check(p.payload().remaining() <= 125, "Ping payload over 125 bytes");
                // Section 5.5.2: every ping is answered unless a close frame was received (then Closed follows
                // at once and no Ping can be reported), so also after this end sent its close frame.
                if (config.autoPong()) {
                    expectedPongs.add(hex(p.payload()));
                }
                note("Ping(" + hex(p.payload()) + ")");
            }
            case Event.Pong p -> {
                FuzzFailure.check(p.payload().remaining() <= 125, "Pong payload over 125 bytes");
                note("Pong(" + hex(p.payload()) + ")");
            }
            case Event.CloseReceived c -> {
                FuzzFailure.check(c.code() == CloseCodes.NO_STATUS || CloseCodes.isValidOnWire(c.code()), () ->
                        "CloseReceived with code " + c.code());
                FuzzFailure.check(c.code() != CloseCodes.NO_STATUS || c.reason().isEmpty(), "reason without a code");
                FuzzFailure.check(c.reason().getBytes(StandardCharsets.UTF_8).length <= 123, "close reason too long");
                closeReceived = c.code() + ", " + c.reason();
                note("CloseReceived(" + closeReceived + ")");
            }
            case Event.Closed c -> onClosed(c);
        }
    }

    private void onFragment(Event.Fragment f) {
        FuzzFailure.check(config.streamIncoming(), "Fragment while not streaming");
        if (unfinishedText != null && unfinishedText != f.text()) {
            throw new FuzzFailure("Fragment of another type inside a message");
        }
        unfinishedText = f.text();
        byte[] piece = new byte[f.data().remaining()];
        f.data().duplicate().get(piece);
        unfinished.writeBytes(piece);
        checkSize(unfinished.size(), "streamed message");
        if (f.text()) {
            utf8State = Utf8Validator.validateReference(utf8State, piece, 0, piece.length);
            FuzzFailure.check(utf8State != Utf8Validator.REJECT, "streamed text is not UTF-8");
            FuzzFailure.check(!f.last() || utf8State == Utf8Validator.ACCEPT, "streamed text ends inside a code point");
        }
        if (f.last()) {
            note((f.text() ? "Text(" : "Binary(") + HEX.formatHex(unfinished.toByteArray()) + ")");
            unfinished.reset();
            unfinishedText = null;
            utf8State = Utf8Validator.ACCEPT;
        }
    }

    private void onClosed(Event.Closed c) {
        closed = true;
        FuzzFailure.check(engine.state() == WebSocketEngine.State.CLOSED, () -> "Closed reported in state " + engine.state());
        ProtocolException error = c.error();
        if (closeReceived != null) {
            FuzzFailure.check(c.clean() && error == null && closeReceived.equals(c.code() + ", " + c.reason()), () ->
                    "Closed " + c + " after CloseReceived(" + closeReceived + ")");
        } else if (error != null) {
            FuzzFailure.check(!c.clean() && c.code() == error.closeCode() && FAILURE_CODES.contains(c.code())
                    && c.reason().equals(error.getMessage()), () -> "inconsistent failure " + c);
        } else {
            FuzzFailure.check(!c.clean() && c.code() == CloseCodes.ABNORMAL, () -> "Closed without a cause: " + c);
        }
        closedForModel = "Closed(" + c.code() + ", " + c.clean() + ")";
        note("Closed(" + c.code() + ", " + c.reason() + ", " + c.clean() + ", "
                + (error == null ? "-" : error.getClass().getSimpleName()) + ")");
    }

    private void note(String event) {
        transcript.add(event);
        modelView.add(event.startsWith("Closed(") ? closedForModel : event);
    }

    private void checkSize(long size, String what) {
        if (size > config.maxMessageSize()) {
            throw new FuzzFailure(what + " of " + size + " bytes; maxMessageSize is " + config.maxMessageSize());
        }
    }

    private static String hex(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return HEX.formatHex(bytes);
    }
}
