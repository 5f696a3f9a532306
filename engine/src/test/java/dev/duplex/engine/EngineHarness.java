package dev.duplex.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One engine wired to an in-memory output, a recording listener and a {@link Peer} that builds the frames the
 * other end would send. Input is fed from heap arrays at a non-zero offset (or from direct buffers), and every
 * {@code receive} must consume all of its input.
 */
public final class EngineHarness {
    /** The fixed key sequence a client engine masks with: RFC 6455 section 5.7's 37 fa 21 3d first. */
    public static final int FIRST_CLIENT_KEY = 0x37FA213D;

    public final Role role;
    public final MemoryOutput out;
    public final RecordingListener listener = new RecordingListener();
    public final WebSocketEngine engine;
    public final Peer peer;
    private boolean directInput;
    private int receives;

    public EngineHarness(Role role, EngineConfig config, MemoryOutput out, IntSupplier keys) {
        this.role = role;
        this.out = out;
        this.engine = new WebSocketEngine(role, config, keys, out, listener);
        this.peer = Peer.of(role);
    }

    public static EngineHarness of(Role role, EngineConfig config, MemoryOutput out) {
        return new EngineHarness(role, config, out, clientKeys());
    }

    public static EngineHarness of(Role role, EngineConfig config) {
        return of(role, config, MemoryOutput.large());
    }

    public static EngineHarness of(Role role) {
        return of(role, EngineConfig.defaults());
    }

    public static EngineHarness server() {
        return of(Role.SERVER);
    }

    public static EngineHarness client() {
        return of(Role.CLIENT);
    }

    /** 37fa213d, then a fixed pseudo-random sequence. */
    public static IntSupplier clientKeys() {
        Random r = new Random(6455);
        int[] n = {0};
        return () -> n[0]++ == 0 ? FIRST_CLIENT_KEY : r.nextInt();
    }

    /** Feed later input from direct buffers instead of heap arrays. */
    public EngineHarness directInput(boolean on) {
        this.directInput = on;
        return this;
    }

    /** Each argument is one {@code receive} call. */
    public EngineHarness feed(byte[]... reads) {
        for (byte[] r : reads) {
            receiveOne(r, 0, r.length);
        }
        return this;
    }

    /** All arguments concatenated, in one {@code receive} call. */
    public EngineHarness feedJoined(byte[]... parts) {
        return feed(Frames.concat(parts));
    }

    /** {@code bytes} in reads of {@code size} bytes (the last may be shorter). */
    public EngineHarness feedInPieces(byte[] bytes, int size) {
        for (int i = 0; i < bytes.length; i += size) {
            receiveOne(bytes, i, Math.min(size, bytes.length - i));
        }
        return this;
    }

    /** {@code bytes} in reads of random sizes 0..maxPiece (including empty reads), from a seeded random. */
    public EngineHarness feedRandomly(byte[] bytes, long seed, int maxPiece) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + 6455);
        int i = 0;
        while (i < bytes.length) {
            int n = Math.min(r.nextInt(maxPiece + 1), bytes.length - i);
            receiveOne(bytes, i, n);
            i += n;
        }
        return this;
    }

    /**
     * One {@code receive}: from a direct buffer when asked, otherwise alternately from a heap buffer positioned
     * inside a larger array and from a heap slice (non-zero array offset), so absolute indexes are exercised.
     */
    private void receiveOne(byte[] bytes, int from, int length) {
        receives++;
        int pad = receives % 5;
        ByteBuffer in;
        if (directInput) {
            in = ByteBuffer.allocateDirect(pad + length + 2);
            in.position(pad);
            in.put(bytes, from, length);
            in.flip().position(pad);
        } else {
            byte[] copy = new byte[pad + length + 2];
            System.arraycopy(bytes, from, copy, pad, length);
            in = ByteBuffer.wrap(copy, pad, length);
            if (receives % 2 == 0) {
                in = in.slice();
            }
        }
        int limit = in.limit();
        engine.receive(in);
        assertThat(in.position()).as("receive consumes all of its input").isEqualTo(limit);
        assertThat(in.limit()).as("receive does not move the limit").isEqualTo(limit);
    }

    /** The events so far, rendered by {@link RecordingListener#render}. */
    public List<String> events() {
        return listener.rendered();
    }

    /** Events so far, then forgets them. */
    public List<String> takeEvents() {
        List<String> e = new ArrayList<>(listener.rendered());
        listener.clear();
        return e;
    }

    /** The frames written so far, checked for masking by role (section 5.1). */
    public List<WireFrame> sent() {
        return WireFrame.parseAll(out.bytes(), role.masksOutgoing());
    }

    /** The frames written so far in compact form, then forgets them. */
    public List<String> takeSent() {
        List<String> s = WireFrame.parseAll(out.take(), role.masksOutgoing()).stream().map(WireFrame::describe).toList();
        return s;
    }

    /** The compact form of the frames written so far. */
    public List<String> sentDescribed() {
        return sent().stream().map(WireFrame::describe).toList();
    }

    /**
     * Asserts the engine failed the connection (section 7.1.7) with {@code code}: the last event is
     * {@code Closed(code, clean=false)} carrying a {@link ProtocolException} of that code, it is the only
     * {@code Closed}, the state is CLOSED, and the last frame written is a close frame with that code (unless
     * this end had already sent its close frame).
     */
    public Event.Closed assertFailed(int code) {
        Event last = listener.last();
        assertThat(last).as("last event of %s", events()).isInstanceOf(Event.Closed.class);
        Event.Closed closed = (Event.Closed) last;
        assertThat(closed.code()).as("close code of %s", events()).isEqualTo(code);
        assertThat(closed.clean()).isFalse();
        assertThat(closed.error()).isNotNull();
        assertThat(closed.error().closeCode()).isEqualTo(code);
        assertThat(listener.events().stream().filter(e -> e instanceof Event.Closed).count()).isEqualTo(1);
        assertThat(engine.state()).isEqualTo(WebSocketEngine.State.CLOSED);
        List<WireFrame> sent = sent();
        assertThat(sent).as("frames written").isNotEmpty();
        WireFrame close = sent.get(sent.size() - 1);
        assertThat(close.describe()).isEqualTo("close " + code);
        assertThat(close.payload().length).isLessThanOrEqualTo(125);
        return closed;
    }

    @Override
    public String toString() {
        return "EngineHarness[" + engine + ", " + out + "]";
    }
}
