package dev.duplex.http2;

import dev.duplex.http2.Http2Exception.ConnectionError;
import dev.duplex.http2.Http2Exception.StreamError;
import dev.duplex.http2.StreamRegistry.Closure;
import dev.duplex.http2.StreamTransitions.Input;
import dev.duplex.http2.hpack.DecodedHeaders;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.http2.hpack.HpackDecoder;
import dev.duplex.http2.hpack.HpackEncoder;
import dev.duplex.http2.hpack.HpackException;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

import static dev.duplex.http2.ErrorCode.CANCEL;
import static dev.duplex.http2.ErrorCode.COMPRESSION_ERROR;
import static dev.duplex.http2.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.duplex.http2.ErrorCode.NO_ERROR;
import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;
import static dev.duplex.http2.ErrorCode.REFUSED_STREAM;
import static dev.duplex.http2.ErrorCode.STREAM_CLOSED;

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
 */
public final class Http2Connection {

    private enum Phase {
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

    private final Http2Role role;
    private final Http2Config config;
    private final Http2Listener listener;
    private final FrameWriter writer;
    private final FrameReader reader;
    private final ConnectionPreface preface = new ConnectionPreface();
    private final HeaderBlockAssembler assembler;
    private final FloodGuard flood;
    private final LocalSettings localSettings = new LocalSettings();
    private final StreamRegistry streams;
    private final HpackDecoder decoder;
    private final HpackEncoder encoder = new HpackEncoder();
    private final SendWindow connectionSendWindow = new SendWindow(Settings.DEFAULT_WINDOW_SIZE);
    private final WindowManager connectionReceiveWindow;
    private Settings remote = Settings.DEFAULTS;
    private Phase phase = Phase.NEW;
    private int lastProcessedPeerId;
    private int goAwaySentLastId = -1;
    private int goAwayReceivedLastId = -1;
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
                    onFrame(frame);
                } catch (StreamError e) {
                    streamError(e);
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

    // ---- receiving --------------------------------------------------------------------------------------

    private void onFrame(Frame frame) {
        if (phase == Phase.FIRST_SETTINGS) {
            if (!(frame instanceof Frame.SettingsFrame s) || s.ack()) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "the peer's preface must start with SETTINGS, got "
                        + frame.getClass().getSimpleName() + " (3.4)");
            }
            phase = Phase.OPEN;
        }
        switch (frame) {
            case Frame.Data f -> onData(f);
            case Frame.Headers f -> onFieldBlock(assembler.headers(f));
            case Frame.Continuation f -> {
                if (!f.endHeaders() && !f.fragment().hasRemaining()) {
                    flood.emptyFrame();
                }
                onFieldBlock(assembler.continuation(f));
            }
            case Frame.Priority f -> {
                // Priority signals are ignored (section 5.3.2); FrameDecoder checked the frame.
            }
            case Frame.RstStream f -> onRstStream(f);
            case Frame.SettingsFrame f -> onSettings(f);
            case Frame.PushPromise f -> throw Http2Exception.connection(PROTOCOL_ERROR, role == Http2Role.SERVER
                    ? "PUSH_PROMISE from a client (8.4)" : "PUSH_PROMISE although we sent SETTINGS_ENABLE_PUSH=0 (6.6)");
            case Frame.Ping f -> onPing(f);
            case Frame.GoAway f -> onGoAway(f);
            case Frame.WindowUpdate f -> onWindowUpdate(f);
            case Frame.Unknown f -> {
                // Unknown frame types are ignored (sections 4.1, 5.5).
            }
        }
    }

    /** Section 6.1; flow control per section 6.9; content-length per section 8.1.1. */
    private void onData(Frame.Data f) {
        int id = f.streamId();
        int length = f.flowControlled();
        if (!connectionReceiveWindow.consume(length)) {
            throw Http2Exception.connection(FLOW_CONTROL_ERROR, "DATA of " + length
                    + " octets beyond the connection receive window " + connectionReceiveWindow.window() + " (6.9.1)");
        }
        if (!f.data().hasRemaining() && !f.endStream()) {
            flood.emptyFrame();
        }
        Http2Stream s = streams.get(id);
        if (s == null) {
            creditConnection(length);
            lateFrame(id, FrameType.DATA);
            return;
        }
        String problem = null;
        ErrorCode code = PROTOCOL_ERROR;
        if (!s.state().canReceive()) {
            code = STREAM_CLOSED;
            problem = "DATA after the peer's END_STREAM (5.1, half-closed (remote))";
        } else if (!s.receiveWindow.consume(length)) {
            code = FLOW_CONTROL_ERROR;
            problem = "DATA of " + length + " octets beyond the stream receive window " + s.receiveWindow.window()
                    + " (6.9.1)";
        } else if (!s.messageHeadersReceived) {
            problem = "DATA before the final response HEADERS (8.1)";
        } else {
            s.receivedLength += f.data().remaining();
            if (s.expectedLength >= 0 && (s.receivedLength > s.expectedLength
                    || f.endStream() && s.receivedLength != s.expectedLength)) {
                problem = "content-length " + s.expectedLength + " but " + s.receivedLength
                        + (f.endStream() ? "" : "+") + " octets of DATA (8.1.1)";
            }
        }
        if (problem != null) {
            creditConnection(length);
            throw Http2Exception.stream(id, code, problem);
        }
        if (f.data().hasRemaining() || f.endStream()) {
            flood.progress();
        }
        s.apply(Input.RECV_DATA);
        if (f.endStream()) {
            s.apply(Input.RECV_END_STREAM);
        }
        emit(new Http2Event.DataReceived(id, f.data(), f.endStream(), length));
        closeIfDone(s);
    }

    /** A complete field block (section 4.3): decoded first, always, to keep HPACK in sync. */
    private void onFieldBlock(HeaderBlockAssembler.Block block) {
        if (block == null) {
            return;
        }
        DecodedHeaders decoded;
        try {
            decoded = decoder.decode(block.fragment());
        } catch (HpackException e) {
            throw Http2Exception.connection(COMPRESSION_ERROR, "HPACK: " + e.getMessage() + " (4.3)");
        }
        int id = block.streamId();
        Http2Stream s = streams.get(id);
        if (s != null) {
            onStreamHeaders(s, block, decoded);
        } else if (!streams.isPeerId(id) || !streams.isIdle(id)) {
            lateFrame(id, FrameType.HEADERS);
        } else if (role == Http2Role.CLIENT) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS opening stream " + id
                    + " from a server (5.1.1, 8.4)");
        } else {
            onRequest(id, block, decoded);
        }
    }

    /** A new stream from the client (sections 5.1, 5.1.1, 5.1.2, 8.3.1). */
    private void onRequest(int id, HeaderBlockAssembler.Block block, DecodedHeaders decoded) {
        streams.peerIdUsed(id);
        if (goAwaySentLastId >= 0 && id > goAwaySentLastId) {
            streams.remember(id, Closure.RESET_SENT);
            return;
        }
        flood.progress();
        Http2Stream s = streams.openPeer(id, remote.initialWindowSize(),
                localSettings.acknowledged().initialWindowSize());
        s.apply(Input.RECV_HEADERS);
        if (block.endStream()) {
            s.apply(Input.RECV_END_STREAM);
        }
        if (streams.peerActive() > config.maxConcurrentStreams()) {
            throw Http2Exception.stream(id, REFUSED_STREAM, "more than " + config.maxConcurrentStreams()
                    + " concurrent streams (5.1.2)");
        }
        if (block.selfDependent()) {
            throw Http2Exception.stream(id, PROTOCOL_ERROR, "stream depends on itself (5.3.1)");
        }
        if (decoded.tooLarge()) {
            refuseTooLarge(s);
            return;
        }
        String problem = HeaderValidation.request(decoded.fields(), config.enableConnectProtocol());
        if (problem == null) {
            problem = contentLength(s, decoded.fields(), block.endStream());
        }
        if (problem != null) {
            throw Http2Exception.stream(id, PROTOCOL_ERROR, problem);
        }
        s.messageHeadersReceived = true;
        lastProcessedPeerId = id;
        emit(new Http2Event.HeadersReceived(id, decoded.fields(), block.endStream()));
    }

    /** A response (informational or final) or trailers on an active stream (sections 8.1, 8.3.2). */
    private void onStreamHeaders(Http2Stream s, HeaderBlockAssembler.Block block, DecodedHeaders decoded) {
        int id = s.id;
        if (!s.state().canReceive()) {
            throw Http2Exception.stream(id, STREAM_CLOSED, "HEADERS after the peer's END_STREAM (5.1)");
        }
        if (block.selfDependent()) {
            throw Http2Exception.stream(id, PROTOCOL_ERROR, "stream depends on itself (5.3.1)");
        }
        if (decoded.tooLarge()) {
            throw Http2Exception.stream(id, CANCEL, "header list of " + decoded.size()
                    + " octets above maxHeaderListSize " + config.maxHeaderListSize() + " (10.5.1)");
        }
        List<HeaderField> fields = decoded.fields();
        String problem;
        if (role == Http2Role.CLIENT && !s.messageHeadersReceived) {
            problem = HeaderValidation.response(fields);
            if (problem == null) {
                int status = HeaderValidation.status(fields);
                if (status < 200) {
                    problem = block.endStream() ? "informational response with END_STREAM (8.1)" : null;
                } else {
                    s.messageHeadersReceived = true;
                    if (!s.headRequest && status != 204 && status != 304) {
                        problem = contentLength(s, fields, block.endStream());
                    }
                }
            }
        } else if (!block.endStream()) {
            problem = "trailers without END_STREAM (8.1)";
        } else {
            problem = HeaderValidation.trailers(fields);
            if (problem == null && s.expectedLength >= 0 && s.receivedLength != s.expectedLength) {
                problem = "content-length " + s.expectedLength + " but " + s.receivedLength + " octets of DATA (8.1.1)";
            }
        }
        if (problem != null) {
            throw Http2Exception.stream(id, PROTOCOL_ERROR, problem);
        }
        flood.progress();
        s.apply(Input.RECV_HEADERS);
        if (block.endStream()) {
            s.apply(Input.RECV_END_STREAM);
        }
        emit(new Http2Event.HeadersReceived(id, fields, block.endStream()));
        closeIfDone(s);
    }

    /** Records content-length (section 8.1.1); returns why it is malformed, or null. */
    private static String contentLength(Http2Stream s, List<HeaderField> fields, boolean endStream) {
        long length = HeaderValidation.contentLength(fields);
        if (length == -2) {
            return "invalid content-length (8.1.1)";
        }
        s.expectedLength = length;
        return endStream && length > 0 ? "content-length " + length + " with END_STREAM and no DATA (8.1.1)" : null;
    }

    /**
     * A request whose header list exceeds {@link Http2Config#maxHeaderListSize()}: answered with 431 (RFC 9113
     * section 10.5.1, RFC 6585 section 5), then RST_STREAM(NO_ERROR) if the request is still open (section 8.1).
     * The application never hears of the stream except for its {@link Http2Event.StreamClosed}; the stream counts
     * as a reset for the rapid-reset budget.
     */
    private void refuseTooLarge(Http2Stream s) {
        s.rejected = true;
        writeHeaders(s, List.of(new HeaderField(":status", "431")), true);
        if (streams.get(s.id) == s) {
            writer.rstStream(s.id, NO_ERROR);
            s.apply(Input.SEND_RST_STREAM);
            close(s, Closure.RESET_SENT);
        }
        flood.peerStreamReset();
    }

    /**
     * DATA or HEADERS on a stream that is not active (section 5.1): idle is a connection error PROTOCOL_ERROR;
     * after our RST_STREAM it is ignored; after the peer's RST_STREAM a stream error STREAM_CLOSED; after
     * END_STREAM both ways a connection error STREAM_CLOSED. For a forgotten stream, HEADERS from the peer
     * reuse an identifier (section 5.1.1, PROTOCOL_ERROR); other frames are a stream error STREAM_CLOSED.
     */
    private void lateFrame(int id, FrameType type) {
        if (streams.isIdle(id)) {
            throw Http2Exception.connection(PROTOCOL_ERROR, type + " on idle stream " + id + " (5.1)");
        }
        Closure closure = streams.closure(id);
        if (closure == Closure.RESET_SENT) {
            return;
        }
        if (closure == Closure.RESET_RECEIVED) {
            throw Http2Exception.stream(id, STREAM_CLOSED, type + " on stream " + id + " after its RST_STREAM (5.1)");
        }
        if (closure == Closure.END_STREAM) {
            throw Http2Exception.connection(STREAM_CLOSED, type + " on stream " + id
                    + " after END_STREAM (5.1)");
        }
        if (type == FrameType.HEADERS && streams.isPeerId(id)) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS on stream " + id
                    + ", not above the peer's highest stream " + streams.highestPeerId() + " (5.1.1)");
        }
        throw Http2Exception.stream(id, STREAM_CLOSED, type + " on closed stream " + id + " (5.1)");
    }

    /** Section 6.4. RST_STREAM is never answered with RST_STREAM (section 5.4.2). */
    private void onRstStream(Frame.RstStream f) {
        int id = f.streamId();
        Http2Stream s = streams.get(id);
        if (s == null) {
            if (streams.isIdle(id)) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "RST_STREAM on idle stream " + id + " (6.4)");
            }
            return;
        }
        boolean unanswered = !s.local && s.state() != StreamState.HALF_CLOSED_LOCAL;
        s.apply(Input.RECV_RST_STREAM);
        emit(new Http2Event.StreamReset(id, f.code(), false));
        close(s, Closure.RESET_RECEIVED);
        if (unanswered) {
            flood.peerStreamReset();
        }
    }

    /** Section 6.5; our settings take effect on the peer's ACK (section 6.5.3). */
    private void onSettings(Frame.SettingsFrame f) {
        if (f.ack()) {
            Settings before = localSettings.acknowledged();
            Settings now = localSettings.acknowledge();
            if (now == null) {
                return;
            }
            if (now.headerTableSize() != before.headerTableSize()) {
                decoder.setMaxTableSize((int) now.headerTableSize());
            }
            long delta = (long) now.initialWindowSize() - before.initialWindowSize();
            if (delta != 0) {
                for (Http2Stream s : streams.activeStreams()) {
                    s.receiveWindow.resize(delta);
                }
            }
            emit(new Http2Event.SettingsAcknowledged());
            return;
        }
        flood.controlFrame();
        int initialBefore = remote.initialWindowSize();
        for (Frame.Setting setting : f.settings()) {
            long value = setting.value();
            switch (setting.id()) {
                case Settings.HEADER_TABLE_SIZE -> encoder.setMaxTableSize((int) value);
                case Settings.ENABLE_PUSH -> {
                    if (role == Http2Role.CLIENT && value == 1) {
                        throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH=1 from a server (6.5.2)");
                    }
                }
                case Settings.INITIAL_WINDOW_SIZE -> {
                    long delta = value - remote.initialWindowSize();
                    for (Http2Stream s : streams.activeStreams()) {
                        if (!s.sendWindow.grow(delta)) {
                            throw Http2Exception.connection(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value
                                    + " takes the window of stream " + s.id + " above 2^31-1 (6.9.2)");
                        }
                    }
                }
                case Settings.ENABLE_CONNECT_PROTOCOL -> {
                    if (role == Http2Role.CLIENT && value == 0 && remote.enableConnectProtocol()) {
                        throw Http2Exception.connection(PROTOCOL_ERROR,
                                "SETTINGS_ENABLE_CONNECT_PROTOCOL changed from 1 to 0 (RFC 8441 3)");
                    }
                }
                default -> {
                }
            }
            remote = remote.with(setting.id(), value);
        }
        writer.settingsAck();
        emit(new Http2Event.SettingsReceived(remote));
        if (remote.initialWindowSize() > initialBefore) {
            for (Http2Stream s : streams.activeStreams()) {
                if (s.state().canSend()) {
                    emit(new Http2Event.WindowUpdated(s.id));
                }
            }
        }
    }

    /** Section 6.7. */
    private void onPing(Frame.Ping f) {
        if (f.ack()) {
            emit(new Http2Event.PingAcked(f.opaque()));
            return;
        }
        flood.controlFrame();
        writer.ping(true, f.opaque());
        emit(new Http2Event.PingReceived(f.opaque()));
    }

    /**
     * Section 6.8: no new streams; ours above the last-stream-id were not processed and are reported reset with
     * REFUSED_STREAM (section 8.7). A GOAWAY with an error code ends the connection (section 5.4.1).
     */
    private void onGoAway(Frame.GoAway f) {
        int last = goAwayReceivedLastId < 0 ? f.lastStreamId() : Math.min(goAwayReceivedLastId, f.lastStreamId());
        goAwayReceivedLastId = last;
        emit(new Http2Event.GoAwayReceived(f.lastStreamId(), f.code(), f.debug()));
        for (Http2Stream s : streams.activeStreams()) {
            if (s.local && s.id > last && streams.get(s.id) == s) {
                s.apply(Input.RECV_RST_STREAM);
                emit(new Http2Event.StreamReset(s.id, REFUSED_STREAM, false));
                close(s, Closure.RESET_RECEIVED);
            }
        }
        if (f.code() != NO_ERROR && phase != Phase.FAILED) {
            terminate(f.code(), "GOAWAY from the peer: " + f.code() + (f.debug().isEmpty() ? "" : " " + f.debug()),
                    false);
        }
    }

    /** Section 6.9: overflow past 2^31-1 is FLOW_CONTROL_ERROR, for the stream or the connection (6.9.1). */
    private void onWindowUpdate(Frame.WindowUpdate f) {
        int id = f.streamId();
        if (id == 0) {
            if (!connectionSendWindow.grow(f.increment())) {
                throw Http2Exception.connection(FLOW_CONTROL_ERROR, "connection send window above 2^31-1 (6.9.1)");
            }
            emit(new Http2Event.WindowUpdated(0));
            return;
        }
        Http2Stream s = streams.get(id);
        if (s == null) {
            if (streams.isIdle(id)) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id + " (5.1)");
            }
            return;
        }
        if (!s.sendWindow.grow(f.increment())) {
            throw Http2Exception.stream(id, FLOW_CONTROL_ERROR, "stream send window above 2^31-1 (6.9.1)");
        }
        if (s.state().canSend()) {
            emit(new Http2Event.WindowUpdated(id));
        }
    }

    /**
     * Answers a stream error with RST_STREAM (section 5.4.2). On an active stream it is reported and the stream
     * closed; on an idle stream, where RST_STREAM may not be sent (section 6.4), it becomes a connection error.
     */
    private void streamError(StreamError e) {
        int id = e.streamId();
        if (streams.isIdle(id)) {
            throw Http2Exception.connection(e.code(), e.getMessage());
        }
        writer.rstStream(id, e.code());
        Http2Stream s = streams.get(id);
        if (s == null) {
            streams.remember(id, Closure.RESET_SENT);
            return;
        }
        s.apply(Input.SEND_RST_STREAM);
        emit(new Http2Event.StreamReset(id, e.code(), true));
        close(s, Closure.RESET_SENT);
        if (!s.local) {
            flood.peerStreamReset();
        }
    }

    /** A connection error we detected: GOAWAY with the last stream processed, then terminal (section 5.4.1). */
    private void fail(ErrorCode code, String reason) {
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
    private void terminate(ErrorCode code, String reason, boolean local) {
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

    private void creditConnection(int bytes) {
        int increment = connectionReceiveWindow.processed(bytes);
        if (increment > 0) {
            writer.windowUpdate(0, increment);
        }
    }

    private void closeIfDone(Http2Stream s) {
        if (s.state() == StreamState.CLOSED) {
            close(s, Closure.END_STREAM);
        }
    }

    /** Forgets a closed stream and reports it; a peer stream completed normally pays back the reset budget. */
    private void close(Http2Stream s, Closure closure) {
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
    private void emit(Http2Event event) {
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

    private void writeHeaders(Http2Stream s, List<HeaderField> headers, boolean endStream) {
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
