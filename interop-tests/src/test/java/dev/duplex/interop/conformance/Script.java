package dev.duplex.interop.conformance;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fuzzer does in one conformance case, written once and played in either role: the frames it sends
 * (in one write, frame by frame, or in chops with pauses) and the exact frames it expects back, ending with
 * the close handshake and the TCP close of RFC 6455 section 7.1.1.
 * <p>The TCP close is checked strictly after every close frame the implementation sends: a <em>server</em>
 * must close the TCP connection at once (within {@link #TCP_CLOSE}) and send nothing more; a <em>client</em>
 * must send nothing more and wait for the server to close first (it may not close within
 * {@link #CLIENT_WAITS}), then close promptly once the fuzzer has (within {@link #TCP_CLOSE}).
 * <p>Every frame read is also checked for what section 5 requires of the sender whatever the case: masked by
 * a client and not by a server (5.1, 5.3), no RSV bit without an extension (5.2), a defined opcode, control
 * frames unfragmented and at most 125 bytes (5.5), close frames with a valid code and a UTF-8 reason (7.4).
 */
final class Script {
    static final Duration REPLY = Duration.ofSeconds(5);
    static final Duration TCP_CLOSE = Duration.ofSeconds(2);
    static final Duration CLIENT_WAITS = Duration.ofMillis(100);

    @FunctionalInterface
    interface Step {
        void run(Run run) throws IOException, InterruptedException;
    }

    private final List<Step> steps = new ArrayList<>();

    static Script script() {
        return new Script();
    }

    // ---- sending ----------------------------------------------------------------------------------

    /** Sends the frames in one write (one TCP segment on loopback, so usually one read for the peer). */
    Script send(Frame... frames) {
        return step(r -> {
            r.log("> " + describe(frames) + (frames.length > 1 ? " in one write" : ""));
            r.channel.write(frames.length == 1 ? r.channel.encode(frames[0]) : r.channel.concat(frames),
                    Integer.MAX_VALUE, Duration.ZERO);
        });
    }

    /** Sends each frame in its own write, pausing between two. */
    Script sendFramewise(Duration pause, Frame... frames) {
        return step(r -> {
            for (int i = 0; i < frames.length; i++) {
                if (i > 0) {
                    Thread.sleep(pause);
                }
                r.log("> " + frames[i]);
                r.channel.write(r.channel.encode(frames[i]), Integer.MAX_VALUE, Duration.ZERO);
            }
        });
    }

    /** Sends the frames' bytes in writes of {@code chop} bytes (1: octet by octet), pausing between two. */
    Script sendChopped(int chop, Duration pause, Frame... frames) {
        return step(r -> {
            r.log("> " + describe(frames) + " in chops of " + chop + " bytes"
                    + (pause.isZero() ? "" : ", " + pause.toMillis() + " ms apart"));
            r.channel.write(frames.length == 1 ? r.channel.encode(frames[0]) : r.channel.concat(frames), chop, pause);
        });
    }

    /**
     * Sends part of one frame: its payload bytes {@code from} to {@code to}, with the header when
     * {@code from} is 0. The frame is encoded (masked) once, so its slices join up on the wire.
     */
    Script sendSlice(Frame frame, int from, int to) {
        return step(r -> {
            byte[] bytes = r.encoded.computeIfAbsent(frame, r.channel::encode);
            int header = bytes.length - frame.payload().length;
            int start = from == 0 ? 0 : header + from;
            r.log("> " + (from == 0 ? "header and " : "") + "payload bytes " + from + "-" + to + " of " + frame);
            r.channel.write(Arrays.copyOfRange(bytes, start, header + to), Integer.MAX_VALUE, Duration.ZERO);
        });
    }

    /**
     * Sends a frame masked against the sender's role: masked by the server or unmasked by the client
     * (section 5.1: the receiver must fail the connection).
     */
    Script sendWronglyMasked(Frame frame) {
        return step(r -> {
            Frame wrong = frame.withMasking(r.channel.side() == WireChannel.Side.SERVER);
            r.log("> " + wrong);
            r.channel.write(r.channel.encode(wrong), Integer.MAX_VALUE, Duration.ZERO);
        });
    }

    /** Sends only a frame header announcing {@code length} bytes of payload; the payload is never sent. */
    Script sendHeaderOnly(boolean fin, int opcode, long length) {
        return step(r -> {
            r.log("> header only: " + Frame.opcodeName(opcode) + " announcing " + length + " bytes");
            r.channel.write(r.channel.encodeHeader(fin, opcode, length), Integer.MAX_VALUE, Duration.ZERO);
        });
    }

    Script pause(Duration d) {
        return step(r -> {
            r.log("  (pause " + d.toMillis() + " ms)");
            Thread.sleep(d);
        });
    }

    // ---- expecting --------------------------------------------------------------------------------

    Script expectText(String text) {
        return expectMessage(Frame.TEXT, Frame.utf8(text), REPLY);
    }

    Script expectText(byte[] utf8) {
        return expectMessage(Frame.TEXT, utf8, REPLY);
    }

    Script expectText(byte[] utf8, Duration within) {
        return expectMessage(Frame.TEXT, utf8, within);
    }

    Script expectBinary(byte[] data) {
        return expectMessage(Frame.BINARY, data, REPLY);
    }

    Script expectBinary(byte[] data, Duration within) {
        return expectMessage(Frame.BINARY, data, within);
    }

    /** The next message is of this type with exactly these payload bytes (it may come fragmented). */
    Script expectMessage(int opcode, byte[] payload, Duration within) {
        return step(r -> {
            Frame f = r.next(within, "a " + Frame.opcodeName(opcode) + " message of " + payload.length + " bytes");
            if (f.opcode() != opcode) {
                r.fail("expected a " + Frame.opcodeName(opcode) + " message of " + payload.length + " bytes, got " + f);
            }
            byte[] got = f.payload();
            while (!f.fin()) {
                f = r.next(within, "the continuation of the " + Frame.opcodeName(opcode) + " message");
                if (f.opcode() != Frame.CONTINUATION) {
                    r.fail("expected a continuation frame, got " + f);
                }
                got = concat(got, f.payload());
            }
            if (!Arrays.equals(got, payload)) {
                r.fail("the echoed " + Frame.opcodeName(opcode) + " message differs: expected " + payload.length
                        + " bytes " + hex(payload) + ", got " + got.length + " bytes " + hex(got));
            }
        });
    }

    Script expectPong(String payload) {
        return expectPong(Frame.utf8(payload));
    }

    /** The next frame is a pong with exactly this payload (section 5.5.3). */
    Script expectPong(byte[] payload) {
        return step(r -> {
            Frame f = r.next(REPLY, "a pong");
            if (f.opcode() != Frame.PONG || !Arrays.equals(f.payload(), payload)) {
                r.fail("expected a pong with " + hex(payload) + ", got " + f);
            }
        });
    }

    /** Nothing at all arrives (no frame, no TCP close) for {@code d}. */
    Script expectNothingFor(Duration d) {
        return step(r -> {
            Object o = r.channel.poll(d);
            if (o != null) {
                r.log("< " + o);
                r.fail("expected nothing for " + d.toMillis() + " ms, got " + o);
            }
            r.log("  (nothing for " + d.toMillis() + " ms, as expected)");
        });
    }

    /**
     * The implementation fails the connection (section 7.1.7): its next frame is a close frame with
     * {@code code}; the fuzzer answers it with a close frame, then the TCP close is checked.
     */
    Script expectFailure(int code) {
        return expectFailureWithin(code, REPLY);
    }

    /** {@link #expectFailure} within {@code within}, for fail-fast checks while the rest is held back. */
    Script expectFailureWithin(int code, Duration within) {
        return step(r -> {
            Frame f = r.next(within, "a close frame with " + code);
            if (f.opcode() != Frame.CLOSE || f.closeCode() != code) {
                r.fail("expected the connection to be failed with a close frame carrying " + code + ", got " + f);
            }
            r.log("> close reply");
            try {
                r.channel.send(Frame.close(code));
            } catch (IOException e) {
                r.log("  (the close reply could not be written: " + e + ")");
            }
            r.tcpClose();
        });
    }

    /**
     * The implementation answers the fuzzer's close frame: its next frame is a close frame with one of
     * {@code codes} ({@link Frame#NO_CODE} for one without payload), then the TCP close is checked.
     */
    Script expectCloseReply(int... codes) {
        return step(r -> {
            Frame f = r.next(REPLY, "a close frame");
            if (f.opcode() != Frame.CLOSE || Arrays.stream(codes).noneMatch(c -> c == f.closeCode())) {
                r.fail("expected a close frame with " + Arrays.toString(codes) + ", got " + f);
            }
            r.tcpClose();
        });
    }

    /** Sends a close frame with 1000 and expects it echoed, then the TCP close: a clean end (section 7). */
    Script closeNormally() {
        return send(Frame.close(1000)).expectCloseReply(1000);
    }

    /**
     * Closes the fuzzer's side of the TCP connection without a close frame, then expects the implementation to
     * close its side within {@link #TCP_CLOSE}, sending nothing (section 7.1.5: the connection is closed, code
     * 1006, there is no handshake left to do).
     */
    Script finWithoutCloseFrame() {
        return step(r -> {
            r.log("> FIN (no close frame)");
            r.channel.shutdownOutput();
            r.expectEof("an endpoint whose peer closed TCP without a close frame closes its side (RFC 6455 section 7.1.5)");
        });
    }

    /**
     * Sends a close frame with 1000 and expects it echoed, then closes TCP without checking who closes
     * first: for the fuzzing server's own bookkeeping connections, not for cases.
     */
    Script closeOnly() {
        return send(Frame.close(1000)).step(r -> {
            Frame f = r.next(REPLY, "a close frame");
            if (f.opcode() != Frame.CLOSE || f.closeCode() != 1000) {
                r.fail("expected a close frame with 1000, got " + f);
            }
            try {
                r.channel.shutdownOutput();
            } catch (IOException e) {
                r.log("  (the peer had already closed: " + e + ")");
            }
        });
    }

    private Script step(Step s) {
        steps.add(s);
        return this;
    }

    /** Plays the script over {@code channel}; throws an {@link AssertionError} with the transcript on failure. */
    void run(WireChannel channel) throws InterruptedException {
        Run r = new Run(channel);
        for (Step s : steps) {
            try {
                s.run(r);
            } catch (IOException e) {
                r.fail("I/O failed: " + e);
            }
        }
    }

    // ---- one play of a script -------------------------------------------------------------------------

    /** The state of one play: the channel, what was sent and received so far. */
    static final class Run {
        private static final int MAX_TRANSCRIPT = 200;
        final WireChannel channel;
        final Map<Frame, byte[]> encoded = new IdentityHashMap<>();
        private final List<String> transcript = new ArrayList<>();
        private int dropped;

        Run(WireChannel channel) {
            this.channel = channel;
        }

        void log(String line) {
            if (transcript.size() < MAX_TRANSCRIPT) {
                transcript.add(line);
            } else {
                dropped++;
            }
        }

        void fail(String message) {
            throw new AssertionError(message + "\n  transcript (fuzzer as " + channel.side() + "):\n    "
                    + String.join("\n    ", transcript) + (dropped > 0 ? "\n    (" + dropped + " more lines)" : ""));
        }

        /** The next frame, checked against the rules for every frame; fails on timeout or end of stream. */
        Frame next(Duration within, String expecting) throws InterruptedException {
            Object o = channel.poll(within);
            if (o == null) {
                fail("expected " + expecting + " within " + within.toMillis() + " ms, got nothing");
            }
            log("< " + o);
            if (o instanceof WireChannel.End end) {
                fail("expected " + expecting + ", got " + end);
            }
            Frame f = (Frame) o;
            checkWellFormed(f);
            return f;
        }

        private void checkWellFormed(Frame f) {
            boolean fromClient = channel.side() == WireChannel.Side.SERVER;
            if (f.masked() != fromClient) {
                fail(fromClient ? "a client must mask every frame it sends (RFC 6455 section 5.3): " + f
                        : "a server must not mask the frames it sends (RFC 6455 section 5.1): " + f);
            }
            if (f.rsv() != 0) {
                fail("RSV bits set without a negotiated extension (section 5.2): " + f);
            }
            int op = f.opcode();
            if (!(op <= Frame.BINARY || (op >= Frame.CLOSE && op <= Frame.PONG))) {
                fail("reserved opcode sent (section 5.2): " + f);
            }
            if (f.isControl() && (!f.fin() || f.payload().length > 125)) {
                fail("control frames must be unfragmented and at most 125 bytes (section 5.5): " + f);
            }
            if (op == Frame.CLOSE) {
                checkClosePayload(f);
            }
        }

        private void checkClosePayload(Frame f) {
            byte[] p = f.payload();
            if (p.length == 1) {
                fail("a close frame payload of 1 byte (section 5.5.1): " + f);
            }
            if (p.length >= 2) {
                int code = f.closeCode();
                boolean valid = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                        || (code >= 3000 && code <= 4999);
                if (!valid) {
                    fail("a close code that may not be sent (section 7.4): " + f);
                }
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(p, 2, p.length - 2));
                } catch (CharacterCodingException e) {
                    fail("a close reason that is not UTF-8 (section 5.5.1): " + f);
                }
            }
        }

        /** The TCP close after the implementation's close frame (section 7.1.1), by role. */
        void tcpClose() throws IOException, InterruptedException {
            if (channel.side() == WireChannel.Side.CLIENT) {
                expectEof("the server must close the TCP connection right after its close frame (RFC 6455 section 7.1.1)");
                return;
            }
            Object early = channel.poll(CLIENT_WAITS);
            if (early != null) {
                log("< " + early);
                fail(early instanceof Frame ? "a frame after the close frame: " + early
                        : "the client closed the TCP connection before the server (RFC 6455 section 7.1.1: the "
                        + "server closes first, the client waits for it): " + early);
            }
            log("  (the client waited " + CLIENT_WAITS.toMillis() + " ms for the server's TCP close)");
            log("> FIN");
            channel.shutdownOutput();
            expectEof("the client must close the TCP connection once the server has (RFC 6455 section 7.1.1)");
        }

        void expectEof(String rule) throws InterruptedException {
            Object o = channel.poll(TCP_CLOSE);
            if (o != null) {
                log("< " + o);
            }
            if (o == null) {
                fail("no TCP close within " + TCP_CLOSE.toMillis() + " ms after the close handshake: " + rule);
            } else if (o instanceof Frame) {
                fail("a frame after the close frame (section 5.5.1: nothing may follow it): " + o);
            } else if (!((WireChannel.End) o).eof()) {
                fail("the TCP connection was reset instead of closed: " + o + "; " + rule);
            }
        }
    }

    private static String describe(Frame... frames) {
        if (frames.length <= 4) {
            return String.join(", ", Arrays.stream(frames).map(Frame::toString).toList());
        }
        return frames.length + " frames: " + frames[0] + ", " + frames[1] + ", ..., " + frames[frames.length - 1];
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static String hex(byte[] b) {
        int shown = Math.min(b.length, 32);
        return "[" + HexFormat.of().formatHex(b, 0, shown) + (shown < b.length ? "..." : "") + "]";
    }
}
