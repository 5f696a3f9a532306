package dev.duplex.http2;

import dev.duplex.http2.hpack.DecodedHeaders;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.http2.hpack.HpackDecoder;
import dev.duplex.http2.hpack.HpackException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test harness around one {@link Http2Connection}: feeds input, runs calls, records events (copying DATA, which
 * is only valid during the call) and renders the frames the connection wrote. Every input and call is logged, and
 * {@link #assertResumable()} replays the log into a fresh connection, one byte at a time and with 3-byte output
 * buffers, expecting identical events and identical output (STYLE practice 3).
 */
final class H2 {
    /** A listener reaction, replayed too. */
    interface Reaction extends BiConsumer<Http2Connection, Http2Event> {
    }

    private sealed interface Action {
    }

    private record Input(byte[] bytes) implements Action {
    }

    private record Call(Function<Http2Connection, Object> call, Class<?> thrown) implements Action {
    }

    final Http2Role role;
    final Http2Config config;
    final Http2Connection conn;
    private final TestOutput out;
    private final Reaction reaction;
    private final List<Http2Event> events = new ArrayList<>();
    private final List<Action> log = new ArrayList<>();
    private final HpackDecoder outputDecoder = new HpackDecoder(4096, Long.MAX_VALUE);
    private int drained;
    private int eventsTaken;
    private List<Frame> lastFrames = List.of();

    private H2(Http2Role role, Http2Config config, Reaction reaction, int chunk) {
        this.role = role;
        this.config = config;
        this.reaction = reaction;
        this.out = new TestOutput(chunk);
        this.conn = new Http2Connection(role, config, out, this::onEvent);
    }

    static H2 of(Http2Role role, Http2Config config, Reaction reaction) {
        H2 h = new H2(role, config, reaction, 4096);
        Http2TestBase.register(h);
        h.run(Http2Connection::start);
        return h;
    }

    static H2 server(Http2Config config) {
        return of(Http2Role.SERVER, config, null);
    }

    static H2 client(Http2Config config) {
        return of(Http2Role.CLIENT, config, null);
    }

    /** A server that got the client preface and an empty SETTINGS; its own frames and events are taken. */
    static H2 handshakenServer(Http2Config config) {
        return handshakenServer(config, null);
    }

    static H2 handshakenServer(Http2Config config, Reaction reaction) {
        H2 h = of(Http2Role.SERVER, config, reaction);
        h.recv(Wire.PREFACE, Wire.settings(), Wire.settingsAck());
        h.sent();
        h.takeEvents();
        return h;
    }

    /** A client that got an empty server SETTINGS and its ACK. */
    static H2 handshakenClient(Http2Config config, long... serverSettings) {
        H2 h = of(Http2Role.CLIENT, config, null);
        h.recv(Wire.settings(serverSettings), Wire.settingsAck());
        h.sent();
        h.takeEvents();
        return h;
    }

    private void onEvent(Http2Event e) {
        if (e instanceof Http2Event.DataReceived d) {
            ByteBuffer copy = ByteBuffer.allocate(d.data().remaining()).put(d.data().duplicate()).flip();
            events.add(new Http2Event.DataReceived(d.streamId(), copy, d.endStream(), d.flowControlled()));
        } else {
            events.add(e);
        }
        if (reaction != null) {
            reaction.accept(conn, e);
        }
    }

    /** Feeds the concatenated parts in one piece. */
    H2 recv(byte[]... parts) {
        byte[] bytes = Wire.concat(parts);
        log.add(new Input(bytes));
        ByteBuffer in = ByteBuffer.wrap(bytes);
        conn.receive(in);
        assertThat(in.hasRemaining()).as("receive consumes all input").isFalse();
        return this;
    }

    <T> T call(Function<Http2Connection, T> call) {
        @SuppressWarnings("unchecked")
        Function<Http2Connection, Object> f = (Function<Http2Connection, Object>) call;
        try {
            T result = call.apply(conn);
            log.add(new Call(f, null));
            return result;
        } catch (RuntimeException e) {
            log.add(new Call(f, e.getClass()));
            throw e;
        }
    }

    void run(Consumer<Http2Connection> call) {
        call(c -> {
            call.accept(c);
            return null;
        });
    }

    int sendData(int streamId, byte[] data, boolean endStream) {
        return call(c -> c.sendData(streamId, ByteBuffer.wrap(data), endStream));
    }

    /** Events since the last call. */
    List<Http2Event> takeEvents() {
        List<Http2Event> list = List.copyOf(events.subList(eventsTaken, events.size()));
        eventsTaken = events.size();
        return list;
    }

    List<Http2Event> allEvents() {
        return List.copyOf(events);
    }

    /** Output bytes since the last call of this or {@link #sent()}, the client preface included. */
    byte[] drain() {
        byte[] all = out.bytes();
        byte[] b = java.util.Arrays.copyOfRange(all, drained, all.length);
        drained = all.length;
        return b;
    }

    /** Like {@link #drain()}, checking and skipping the client preface at the start of the output (section 3.4). */
    byte[] drainFrames() {
        boolean atStart = drained == 0;
        byte[] b = drain();
        if (atStart && role == Http2Role.CLIENT) {
            assertThat(java.util.Arrays.copyOf(b, Wire.PREFACE.length)).isEqualTo(Wire.PREFACE);
            b = java.util.Arrays.copyOfRange(b, Wire.PREFACE.length, b.length);
        }
        return b;
    }

    /** The frames written since the last call, rendered (field blocks decoded). */
    List<String> sent() {
        lastFrames = Wire.parse(drainFrames());
        List<String> rendered = new ArrayList<>();
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        String headersStart = null;
        int continuations = 0;
        for (Frame f : lastFrames) {
            switch (f) {
                case Frame.Headers h -> {
                    block.reset();
                    block.writeBytes(bytes(h.fragment()));
                    headersStart = "HEADERS(" + h.streamId() + (h.endStream() ? ", END_STREAM" : "");
                    continuations = 0;
                    if (h.endHeaders()) {
                        rendered.add(headersStart + decode(block) + ")");
                    }
                }
                case Frame.Continuation c -> {
                    block.writeBytes(bytes(c.fragment()));
                    continuations++;
                    if (c.endHeaders()) {
                        rendered.add(headersStart + decode(block) + ") +" + continuations + " CONTINUATION");
                    }
                }
                default -> rendered.add(render(f));
            }
        }
        return rendered;
    }

    /** The raw frames of the last {@link #sent()}. */
    List<Frame> lastFrames() {
        return lastFrames;
    }

    private String decode(ByteArrayOutputStream block) {
        try {
            DecodedHeaders d = outputDecoder.decode(ByteBuffer.wrap(block.toByteArray()));
            return d.fields().stream().map(f -> ", " + f.name() + "=" + f.value()).collect(Collectors.joining());
        } catch (HpackException e) {
            throw new AssertionError("the connection wrote an undecodable field block", e);
        }
    }

    static String render(Frame f) {
        return switch (f) {
            case Frame.Data d -> "DATA(" + d.streamId() + ", " + d.data().remaining() + (d.endStream() ? ", END_STREAM" : "")
                    + ")";
            case Frame.RstStream r -> "RST_STREAM(" + r.streamId() + ", " + r.code() + ")";
            case Frame.SettingsFrame s -> "SETTINGS(" + (s.ack() ? "ACK" : s.settings().stream()
                    .map(x -> x.id() + "=" + x.value()).collect(Collectors.joining(", "))) + ")";
            case Frame.Ping p -> "PING(" + (p.ack() ? "ACK, " : "") + p.opaque() + ")";
            case Frame.GoAway g -> "GOAWAY(" + g.lastStreamId() + ", " + g.code() + ")";
            case Frame.WindowUpdate w -> "WINDOW_UPDATE(" + w.streamId() + ", " + w.increment() + ")";
            case Frame.Priority p -> "PRIORITY(" + p.streamId() + ")";
            case Frame.PushPromise p -> "PUSH_PROMISE(" + p.streamId() + ")";
            case Frame.Headers h -> "HEADERS(" + h.streamId() + ")";
            case Frame.Continuation c -> "CONTINUATION(" + c.streamId() + ")";
            case Frame.Unknown u -> "UNKNOWN(" + u.type() + ")";
        };
    }

    static String render(Http2Event e) {
        return switch (e) {
            case Http2Event.HeadersReceived h -> "Headers(" + h.streamId() + (h.endStream() ? ", END_STREAM" : "")
                    + h.headers().stream().map(f -> ", " + f.name() + "=" + f.value()).collect(Collectors.joining())
                    + ")";
            case Http2Event.DataReceived d -> "Data(" + d.streamId() + ", \""
                    + new String(bytes(d.data()), StandardCharsets.ISO_8859_1) + "\"" + (d.endStream() ? ", END_STREAM" : "")
                    + ", " + d.flowControlled() + ")";
            default -> e.toString();
        };
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Events since the last call, rendered. */
    List<String> takeRendered() {
        return takeEvents().stream().map(H2::render).toList();
    }

    /** Replays everything into a fresh connection one byte at a time; events and output must match. */
    void assertResumable() {
        H2 replay = new H2(role, config, reaction, 3);
        for (Action a : log) {
            switch (a) {
                case Input(byte[] bytes) -> {
                    for (int i = 0; i < bytes.length; i++) {
                        ByteBuffer one = ByteBuffer.wrap(bytes, i, 1);
                        replay.conn.receive(one);
                        assertThat(one.hasRemaining()).isFalse();
                    }
                    replay.conn.receive(ByteBuffer.allocate(0));
                }
                case Call(Function<Http2Connection, Object> call, Class<?> thrown) -> {
                    try {
                        call.apply(replay.conn);
                        assertThat(thrown).as("the replayed call threw nothing").isNull();
                    } catch (RuntimeException e) {
                        assertThat(e).isInstanceOf(thrown == null ? AssertionError.class : thrown);
                    }
                }
            }
        }
        assertThat(replay.events.stream().map(H2::render).toList()).as("events fed one byte at a time")
                .isEqualTo(events.stream().map(H2::render).toList());
        assertThat(replay.out.bytes()).as("output fed one byte at a time").isEqualTo(out.bytes());
    }

    @Override
    public String toString() {
        return "H2[" + conn + "]";
    }
}
