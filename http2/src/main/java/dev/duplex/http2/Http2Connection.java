package dev.duplex.http2;

import dev.duplex.http2.Http2Exception.ConnectionError;
import dev.duplex.http2.Http2Exception.StreamError;
import dev.duplex.http2.StreamRegistry.Closure;
import dev.duplex.http2.StreamTransitions.Input;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.http2.hpack.HpackDecoder;
import dev.duplex.http2.hpack.HpackEncoder;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

import static dev.duplex.http2.ErrorCode.NO_ERROR;

/**
 * One HTTP/2 connection (RFC 9113) as a pure protocol engine, after python-hyper/h2's {@code H2Connection}:
 * bytes from the peer go in through {@link #receive}, {@link Http2Event}s come out to the {@link Http2Listener},
 * and every frame to send, automatic answers included (SETTINGS and PING acknowledgements, WINDOW_UPDATE,
 * RST_STREAM, GOAWAY), is written to the {@link Http2Output}. No sockets, threads or clocks; not thread-safe.
 * <p>Errors of the peer are answered on the wire: a stream error with RST_STREAM (section 5.4.2), a connection
 * error with GOAWAY and a terminal state in which input is ignored (section 5.4.1). Mistakes of the caller
 * (sending on a closed stream, opening streams past the peer's limit or after GOAWAY) throw
 * {@link IllegalStateException} or {@link IllegalArgumentException} and change nothing.
 * <p>Flow control: received DATA is credited back only as the application reports it processed through
 * {@link #consumed}, so a stream whose reader stalls stops only that stream (section 5.2). Flood defences are
 * described in {@link Http2Config} and enforced without clocks.
 * <p>This class holds the state, the receive loop and the sending half; {@code InboundFrames} handles each
 * received frame.
 */
public final class Http2Connection {

    enum Phase {
        /** {@link #start()} not called yet. */
        NEW,
        /** Server: matching the client's 24-octet preface (section 3.4). */
        PREFACE,
        /** The peer's first frame must be SETTINGS (section 3.4). */
        FIRST_SETTINGS,
        OPEN,
        /** Terminal: a connection error was sent or received; input is ignored. */
        FAILED
    }

    final Http2Role role;
    final Http2Config config;
    private final Http2Listener listener;
    private final InboundFrames inbound = new InboundFrames(this);
    final FrameWriter writer;
    private final FrameReader reader;
    private final ConnectionPreface preface = new ConnectionPreface();
    final HeaderBlockAssembler assembler;
    final FloodGuard flood;
    final LocalSettings localSettings = new LocalSettings();
    final StreamRegistry streams;
    final HpackDecoder decoder;
    final HpackEncoder encoder = new HpackEncoder();
    final SendWindow connectionSendWindow = new SendWindow(Settings.DEFAULT_WINDOW_SIZE);
    final WindowManager connectionReceiveWindow;
    Settings remote = Settings.DEFAULTS;
    Phase phase = Phase.NEW;
    int lastProcessedPeerId;
    int goAwaySentLastId = -1;
    int goAwayReceivedLastId = -1;
    private boolean receiving;
    private ByteBuffer encodeBuffer;
    private String failure;

    public Http2Connection(Http2Role role, Http2Config config, Http2Output out, Http2Listener listener) {
        this.role = Objects.requireNonNull(role, "role");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.writer = new FrameWriter(Objects.requireNonNull(out, "out"));
        this.reader = new FrameReader(config.maxFrameSize());
        this.assembler = new HeaderBlockAssembler(config.maxHeaderBlockBytes(), config.maxContinuationFrames());
        this.flood = new FloodGuard(config);
        this.streams = new StreamRegistry(role, Math.clamp(2L * config.maxConcurrentStreams(), 64, 1024));
        this.decoder = new HpackDecoder((int) Settings.DEFAULTS.headerTableSize(), config.maxHeaderListSize());
        this.connectionReceiveWindow = new WindowManager(config.connectionWindowSize());
    }

    /**
     * Writes our side of the connection preface (section 3.4): a client's 24 octets, then for both roles our
     * SETTINGS and, when {@link Http2Config#connectionWindowSize()} exceeds 65,535, a WINDOW_UPDATE on stream 0.
     */
    public void start() {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("already started");
        }
        if (role == Http2Role.CLIENT) {
            writer.preface();
        }
        List<Frame.Setting> settings = LocalSettings.initial(role, config);
        writer.settings(settings);
        localSettings.sent(settings);
        int extra = config.connectionWindowSize() - Settings.DEFAULT_WINDOW_SIZE;
        if (extra > 0) {
            writer.windowUpdate(0, extra);
        }
        phase = role == Http2Role.SERVER ? Phase.PREFACE : Phase.FIRST_SETTINGS;
    }

    /**
     * Consumes all of {@code in}: frames split anywhere, down to single bytes, are gathered across calls. Events
     * go to the listener in order; answers are written to the output. After a connection error (a
     * {@link Http2Event.ConnectionFailed} event) input is ignored.
     *
     * @throws IllegalStateException before {@link #start()}, or when called from inside an event
     */
    public void receive(ByteBuffer in) {
        if (phase == Phase.NEW) {
            throw new IllegalStateException("start() first");
        }
        if (receiving) {
            throw new IllegalStateException("receive() called from inside an event");
        }
        receiving = true;
        try {
            while (in.hasRemaining() && phase != Phase.FAILED) {
                if (phase == Phase.PREFACE) {
                    preface.consume(in);
                    if (preface.complete()) {
                        phase = Phase.FIRST_SETTINGS;
                    }
                    continue;
                }
                try {
                    Frame frame = reader.next(in);
                    if (frame == null) {
                        break;
                    }
                    inbound.onFrame(frame);
                } catch (StreamError e) {
                    inbound.streamError(e);
                }
                reader.expectContinuation(assembler.streamId());
            }
        } catch (ConnectionError e) {
            fail(e.code(), e.getMessage());
        } finally {
            receiving = false;
        }
        if (phase == Phase.FAILED) {
            in.position(in.limit());
        }
    }

    // ---- shared with InboundFrames, which handles each received frame ------------------------------------

    /** A connection error we detected: GOAWAY with the last stream processed, then terminal (section 5.4.1). */
    void fail(ErrorCode code, String reason) {
        if (phase == Phase.FAILED) {
            return;
        }
        writer.goAway(lastProcessedPeerId, code, reason, remote.maxFrameSize());
        goAwaySentLastId = lastProcessedPeerId;
        terminate(code, reason, true);
    }

    /**
     * Enters the terminal state: every active stream is reported reset with {@code code} and closed, then
     * {@link Http2Event.ConnectionFailed}. Sends and events stop from the start, even if a listener calls back.
     */
    void terminate(ErrorCode code, String reason, boolean local) {
        phase = Phase.FAILED;
        failure = reason;
        for (Http2Stream s : streams.activeStreams()) {
            s.apply(local ? Input.SEND_RST_STREAM : Input.RECV_RST_STREAM);
            streams.close(s, local ? Closure.RESET_SENT : Closure.RESET_RECEIVED);
            listener.onEvent(new Http2Event.StreamReset(s.id, code, local));
            listener.onEvent(new Http2Event.StreamClosed(s.id));
        }
        listener.onEvent(new Http2Event.ConnectionFailed(code, reason, local));
    }

    void creditConnection(int bytes) {
        int increment = connectionReceiveWindow.processed(bytes);
        if (increment > 0) {
            writer.windowUpdate(0, increment);
        }
    }

    void closeIfDone(Http2Stream s) {
        if (s.state() == StreamState.CLOSED) {
            close(s, Closure.END_STREAM);
        }
    }

    /** Forgets a closed stream and reports it; a peer stream completed normally pays back the reset budget. */
    void close(Http2Stream s, Closure closure) {
        if (streams.get(s.id) != s) {
            return;
        }
        streams.close(s, closure);
        if (!s.local && closure == Closure.END_STREAM && !s.rejected) {
            flood.peerStreamCompleted();
        }
        emit(new Http2Event.StreamClosed(s.id));
    }

    /** Reports an event; none after the terminal {@link Http2Event.ConnectionFailed} (see {@link #terminate}). */
    void emit(Http2Event event) {
        if (phase != Phase.FAILED) {
            listener.onEvent(event);
        }
    }

    // ---- sending ----------------------------------------------------------------------------------------

    /**
     * Client: opens the next stream (odd identifiers, increasing; section 5.1.1) with a request header section,
     * written as HEADERS plus CONTINUATION frames when the block exceeds the peer's SETTINGS_MAX_FRAME_SIZE.
     * Extended CONNECT ({@code :protocol}) needs the peer's SETTINGS_ENABLE_CONNECT_PROTOCOL=1 (RFC 8441 section 4),
     * so wait for {@link Http2Event.SettingsReceived} first. The headers are sent as given (not validated).
     *
     * @return the new stream's identifier
     * @throws IllegalStateException on a server, after GOAWAY (sent or received), at the peer's
     *                               SETTINGS_MAX_CONCURRENT_STREAMS, when identifiers are used up, or for
     *                               {@code :protocol} the peer did not enable
     */
    public int openStream(List<HeaderField> headers, boolean endStream) {
        requireUsable();
        if (role != Http2Role.CLIENT) {
            throw new IllegalStateException("a server does not open streams (server push is not supported)");
        }
        if (goAwayReceivedLastId >= 0 || goAwaySentLastId >= 0) {
            throw new IllegalStateException("no new streams after GOAWAY (6.8)");
        }
        if (streams.localActive() >= remote.maxConcurrentStreams()) {
            throw new IllegalStateException("the peer allows " + remote.maxConcurrentStreams()
                    + " concurrent streams (5.1.2)");
        }
        if (streams.nextLocalId() < 0) {
            throw new IllegalStateException("stream identifiers exhausted (5.1.1)");
        }
        if (HeaderValidation.get(headers, ":protocol") != null && !remote.enableConnectProtocol()) {
            throw new IllegalStateException("extended CONNECT needs SETTINGS_ENABLE_CONNECT_PROTOCOL=1 from the peer"
                    + " (RFC 8441 4)");
        }
        ByteBuffer block = encode(headers);
        Http2Stream s = streams.openLocal(remote.initialWindowSize(), localSettings.acknowledged().initialWindowSize());
        s.headRequest = "HEAD".equals(HeaderValidation.get(headers, ":method"));
        s.apply(Input.SEND_HEADERS);
        writer.headers(s.id, block, endStream, remote.maxFrameSize());
        if (endStream) {
            s.apply(Input.SEND_END_STREAM);
        }
        return s.id;
    }

    /**
     * Sends a header section on an open stream: a response (informational or final) or trailers (then with
     * {@code endStream}). Ending both sides closes the stream ({@link Http2Event.StreamClosed}).
     *
     * @throws IllegalStateException when this end cannot send on the stream (section 5.1)
     */
    public void sendHeaders(int streamId, List<HeaderField> headers, boolean endStream) {
        writeHeaders(sendable(streamId), headers, endStream);
    }

    void writeHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
        ByteBuffer block = encode(headers);
        s.apply(Input.SEND_HEADERS);
        writer.headers(s.id, block, endStream, remote.maxFrameSize());
        if (endStream) {
            endLocal(s);
        }
    }

    /**
     * Writes DATA frames for as many bytes of {@code data} as the stream window, the connection window and the
     * peer's SETTINGS_MAX_FRAME_SIZE allow (sections 6.1, 6.9), advancing {@code data.position()} by that count.
     * END_STREAM goes on the frame that carries the last byte, or on an empty frame when {@code data} is empty;
     * when not everything fits, END_STREAM is not sent: call again after {@link Http2Event.WindowUpdated}.
     *
     * @return the number of bytes sent
     * @throws IllegalStateException when this end cannot send on the stream (section 5.1)
     */
    public int sendData(int streamId, ByteBuffer data, boolean endStream) {
        Http2Stream s = sendable(streamId);
        if (!data.hasRemaining()) {
            s.apply(Input.SEND_DATA);
            writer.data(streamId, data, 0, endStream);
            if (endStream) {
                endLocal(s);
            }
            return 0;
        }
        int sent = 0;
        while (data.hasRemaining()) {
            int n = Math.min(Math.min(data.remaining(), remote.maxFrameSize()),
                    Math.min(s.sendWindow.available(), connectionSendWindow.available()));
            if (n == 0) {
                break;
            }
            boolean last = endStream && n == data.remaining();
            s.apply(Input.SEND_DATA);
            writer.data(streamId, data, n, last);
            s.sendWindow.consume(n);
            connectionSendWindow.consume(n);
            sent += n;
            if (last) {
                endLocal(s);
            }
        }
        return sent;
    }

    private void endLocal(Http2Stream s) {
        s.apply(Input.SEND_END_STREAM);
        closeIfDone(s);
    }

    /** The bytes {@link #sendData} could send on the stream now: the smaller send window, at least 0. */
    public int sendWindow(int streamId) {
        Http2Stream s = streams.get(streamId);
        if (s == null || !s.state().canSend() || phase == Phase.FAILED) {
            return 0;
        }
        return Math.min(s.sendWindow.available(), connectionSendWindow.available());
    }

    /**
     * The application processed {@code bytes} of received DATA ({@link Http2Event.DataReceived#flowControlled()}):
     * the credit goes back to the peer in WINDOW_UPDATE frames for the connection and the stream once it reaches
     * half the window (section 6.9). Call it for every DataReceived, also after the stream closed (then only the
     * connection is credited).
     */
    public void consumed(int streamId, int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes " + bytes);
        }
        if (bytes == 0 || phase == Phase.FAILED || phase == Phase.NEW) {
            return;
        }
        creditConnection(bytes);
        Http2Stream s = streams.get(streamId);
        if (s != null && s.state().canReceive()) {
            int increment = s.receiveWindow.processed(bytes);
            if (increment > 0) {
                writer.windowUpdate(streamId, increment);
            }
        }
    }

    /**
     * Resets a stream with RST_STREAM (section 6.4); reported by {@link Http2Event.StreamClosed}. Does nothing for
     * a stream that is not active.
     */
    public void resetStream(int streamId, ErrorCode code) {
        Objects.requireNonNull(code, "code");
        Http2Stream s = streams.get(streamId);
        if (s == null || phase == Phase.FAILED) {
            return;
        }
        writer.rstStream(streamId, code);
        s.apply(Input.SEND_RST_STREAM);
        close(s, Closure.RESET_SENT);
    }

    /**
     * Sends GOAWAY (section 6.8) with the highest peer stream processed as last-stream-id. With NO_ERROR it is a
     * graceful shutdown: active streams go on, new peer streams are ignored, and {@link #isClosed()} becomes true
     * once none remain. With another code the connection ends at once, as for a connection error.
     */
    public void goAway(ErrorCode code, String debug) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(debug, "debug");
        if (phase == Phase.NEW) {
            throw new IllegalStateException("start() first");
        }
        if (phase == Phase.FAILED) {
            return;
        }
        if (code != NO_ERROR) {
            fail(code, debug);
            return;
        }
        writer.goAway(lastProcessedPeerId, code, debug, remote.maxFrameSize());
        goAwaySentLastId = lastProcessedPeerId;
    }

    /** Sends a PING (section 6.7); the answer arrives as {@link Http2Event.PingAcked}. */
    public void ping(long opaque) {
        requireUsable();
        writer.ping(false, opaque);
    }

    private ByteBuffer encode(List<HeaderField> headers) {
        ByteBuffer b = encodeBuffer == null ? ByteBuffer.allocate(512) : encodeBuffer.clear();
        b = encoder.encode(headers, b);
        encodeBuffer = b.capacity() <= 4096 ? b : null;
        return b.flip();
    }

    private Http2Stream sendable(int streamId) {
        requireUsable();
        Http2Stream s = streams.get(streamId);
        if (s == null || !s.state().canSend()) {
            throw new IllegalStateException("cannot send on stream " + streamId + " in state " + streamState(streamId)
                    + " (5.1)");
        }
        return s;
    }

    private void requireUsable() {
        if (phase == Phase.NEW) {
            throw new IllegalStateException("start() first");
        }
        if (phase == Phase.FAILED) {
            throw new IllegalStateException("the connection failed: " + failure);
        }
    }

    // ---- state ------------------------------------------------------------------------------------------

    public Http2Role role() {
        return role;
    }

    public Http2Config config() {
        return config;
    }

    /** What the peer advertised (the defaults of section 6.5.2 until its SETTINGS arrive). */
    public Settings remoteSettings() {
        return remote;
    }

    /** Our settings the peer has acknowledged (the defaults until then). */
    public Settings localSettings() {
        return localSettings.acknowledged();
    }

    /**
     * True once the connection is over: failed (a connection error either way), or GOAWAY sent or received and no
     * stream left active. The transport flushes and closes then.
     */
    public boolean isClosed() {
        return phase == Phase.FAILED
                || (goAwaySentLastId >= 0 || goAwayReceivedLastId >= 0) && streams.activeCount() == 0;
    }

    /** The state of a stream (section 5.1); forgotten closed streams are CLOSED, unused identifiers IDLE. */
    public StreamState streamState(int streamId) {
        Http2Stream s = streams.get(streamId);
        if (s != null) {
            return s.state();
        }
        return streamId <= 0 || streams.isIdle(streamId) ? StreamState.IDLE : StreamState.CLOSED;
    }

    /** Streams open or half-closed, both sides' (section 5.1.2). */
    public int activeStreams() {
        return streams.activeCount();
    }

    /** The highest peer stream handed to the application: what our GOAWAY names as last-stream-id (6.8). */
    public int lastProcessedPeerStream() {
        return lastProcessedPeerId;
    }

    @Override
    public String toString() {
        return "Http2Connection[" + role + " " + phase + (failure == null ? "" : " (" + failure + ")") + ", " + streams
                + ", send window=" + connectionSendWindow + ", receive window=" + connectionReceiveWindow
                + (goAwaySentLastId >= 0 ? ", GOAWAY sent (last " + goAwaySentLastId + ")" : "")
                + (goAwayReceivedLastId >= 0 ? ", GOAWAY received (last " + goAwayReceivedLastId + ")" : "")
                + ", remote " + remote + ", " + localSettings + ", " + flood + "]";
    }
}
