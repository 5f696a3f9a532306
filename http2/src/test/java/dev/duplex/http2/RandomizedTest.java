package dev.duplex.http2;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random frame sequences (fixed seed, no fuzzing engine): whatever the peer sends, {@code receive} never throws,
 * every output parses as frames, nothing follows GOAWAY for an error, no event follows ConnectionFailed, each
 * stream is closed at most once, and (through {@link Http2TestBase}) feeding it one byte at a time gives the same.
 */
class RandomizedTest extends Http2TestBase {

    private static final int RUNS = 120;

    @ParameterizedTest
    @EnumSource(Http2Role.class)
    void randomFrameSequencesOnlyProduceEventsAndFrames(Http2Role role) {
        Random random = new Random(0x4832L + role.ordinal());
        Http2Config config = Http2Config.builder().initialWindowSize(1000).connectionWindowSize(70_000)
                .maxConcurrentStreams(4).enableConnectProtocol(true).maxHeaderBlockBytes(3000)
                .maxContinuationFrames(4).rapidResetBudget(20).maxControlFramesWithoutProgress(30).build();
        java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
        int failed = 0;
        for (int run = 0; run < RUNS; run++) {
            H2 h = H2.of(role, config, RandomizedTest::react);
            if (role == Http2Role.SERVER) {
                h.recv(Wire.PREFACE);
            }
            h.recv(Wire.settings(Settings.INITIAL_WINDOW_SIZE, 500));
            if (role == Http2Role.CLIENT) {
                for (int i = 0; i < 3; i++) {
                    h.call(c -> c.openStream(ExchangeTest.GET, false));
                    h.recv(Wire.headers(2 * i + 1, Wire.END_HEADERS, Wire.block(":status", "200")));
                }
            } else {
                h.recv(Wire.headers(1, Wire.END_HEADERS, Wire.request("/1")), Wire.headers(3, Wire.END_HEADERS,
                        Wire.request("/3")));
            }
            int frames = 5 + random.nextInt(40);
            int[] next = {role == Http2Role.SERVER ? 5 : 7};
            for (int i = 0; i < frames; i++) {
                byte[] frame = randomFrame(random, role, next);
                if (random.nextInt(20) == 0 && frame.length > 0) {
                    frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                }
                h.recv(frame);
            }
            check(h);
            for (Http2Event e : h.allEvents()) {
                seen.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
            failed += h.conn.isClosed() ? 1 : 0;
        }
        // The generator reaches deep states: data flows, streams are reset both ways, connections fail.
        assertThat(seen.keySet()).contains("HeadersReceived", "DataReceived", "StreamReset", "StreamClosed",
                "WindowUpdated", "ConnectionFailed", "PingReceived");
        assertThat(seen.get("DataReceived")).isGreaterThan(RUNS / 4);
        assertThat(failed).isPositive();
    }

    /** The application of the random runs: answers requests, consumes data, sometimes resets. */
    private static void react(Http2Connection c, Http2Event e) {
        switch (e) {
            case Http2Event.HeadersReceived h when c.role() == Http2Role.SERVER && h.headers().get(0).isPseudo() -> {
                if (h.streamId() % 8 == 7) {
                    c.resetStream(h.streamId(), ErrorCode.CANCEL);
                } else if (c.streamState(h.streamId()).canSend()) {
                    c.sendHeaders(h.streamId(), Wire.fields(":status", "200"), false);
                    c.sendData(h.streamId(), java.nio.ByteBuffer.wrap(new byte[700]), h.endStream());
                }
            }
            case Http2Event.DataReceived d -> c.consumed(d.streamId(), d.flowControlled());
            case Http2Event.WindowUpdated w when w.streamId() != 0 && c.sendWindow(w.streamId()) > 0 ->
                    c.sendData(w.streamId(), java.nio.ByteBuffer.wrap(new byte[100]), false);
            default -> {
            }
        }
    }

    /**
     * A frame, mostly on plausible streams: {@code next[0]} is the next new stream a server would see (the client
     * opened 1, 3 and 5); now and then stream 0 or any stream.
     */
    private static byte[] randomFrame(Random r, Http2Role role, int[] next) {
        int recent = Math.max(1, next[0] - 2 * (1 + r.nextInt(3)));
        int stream = switch (r.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1 + r.nextInt(12);
            default -> recent;
        };
        int flags = r.nextInt(6) == 0 ? r.nextInt(256) : 0;
        int kind = r.nextInt(16);
        if (kind < 3 && role == Http2Role.SERVER && r.nextInt(4) != 0) {
            stream = next[0];
            next[0] += 2;
        }
        return switch (kind) {
            case 0, 1, 2 -> Wire.headers(stream, Wire.END_HEADERS | (r.nextBoolean() ? Wire.END_STREAM : 0) | flags,
                    role == Http2Role.SERVER ? Wire.request("/" + r.nextInt(100)) : Wire.block(":status",
                            r.nextBoolean() ? "200" : "103"));
            case 14 -> Wire.headers(stream, flags & ~Wire.END_HEADERS, Wire.request("/"));
            case 3 -> Wire.continuation(stream, r.nextBoolean() ? Wire.END_HEADERS : 0, Wire.block("x-c", "v"));
            case 4, 5, 13 -> Wire.data(stream, r.nextInt(3) == 0 ? Wire.END_STREAM : 0, new byte[r.nextInt(600)]);
            case 6 -> Wire.paddedData(stream, r.nextBoolean() ? Wire.END_STREAM : 0, new byte[r.nextInt(50)],
                    r.nextInt(20));
            case 7 -> Wire.rst(stream, ErrorCode.of(r.nextInt(15)));
            case 8 -> Wire.windowUpdate(stream, r.nextInt(10) == 0 ? 0 : r.nextInt(100_000));
            case 9 -> r.nextBoolean() ? Wire.ping(r.nextLong()) : Wire.settings(Settings.INITIAL_WINDOW_SIZE,
                    r.nextInt(3000), Settings.MAX_CONCURRENT_STREAMS, r.nextInt(10));
            case 10 -> Wire.priority(stream, r.nextInt(13));
            case 11 -> Wire.frame(0x20 + r.nextInt(200), flags, stream, new byte[r.nextInt(30)]);
            case 12 -> r.nextInt(10) == 0 ? Wire.goAway(r.nextInt(12), ErrorCode.of(r.nextInt(3)), "") : Wire.settingsAck();
            default -> {
                byte[] junk = new byte[r.nextInt(30)];
                r.nextBytes(junk);
                yield junk;
            }
        };
    }

    private static void check(H2 h) {
        List<Frame> out = Wire.parse(h.drainFrames());
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof Frame.GoAway g && g.code() != ErrorCode.NO_ERROR) {
                assertThat(i).as("GOAWAY for an error is the last frame: " + out).isEqualTo(out.size() - 1);
            }
        }
        List<Http2Event> events = h.allEvents();
        Set<Integer> closed = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Http2Event e = events.get(i);
            if (e instanceof Http2Event.ConnectionFailed) {
                assertThat(i).as("nothing after ConnectionFailed").isEqualTo(events.size() - 1);
                assertThat(h.conn.isClosed()).isTrue();
                assertThat(h.conn.activeStreams()).isZero();
            }
            if (e instanceof Http2Event.StreamClosed c) {
                assertThat(closed.add(c.streamId())).as("stream " + c.streamId() + " closed once").isTrue();
            }
        }
        assertThat(h.conn.toString()).startsWith("Http2Connection[" + h.role);
    }
}
