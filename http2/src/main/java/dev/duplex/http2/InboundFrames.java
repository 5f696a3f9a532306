package dev.duplex.http2;

import dev.duplex.http2.Http2Connection.Phase;
import dev.duplex.http2.Http2Exception.StreamError;
import dev.duplex.http2.StreamRegistry.Closure;
import dev.duplex.http2.StreamTransitions.Input;
import dev.duplex.http2.hpack.DecodedHeaders;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.http2.hpack.HpackException;

import java.util.List;

import static dev.duplex.http2.ErrorCode.CANCEL;
import static dev.duplex.http2.ErrorCode.COMPRESSION_ERROR;
import static dev.duplex.http2.ErrorCode.FLOW_CONTROL_ERROR;
import static dev.duplex.http2.ErrorCode.NO_ERROR;
import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;
import static dev.duplex.http2.ErrorCode.REFUSED_STREAM;
import static dev.duplex.http2.ErrorCode.STREAM_CLOSED;

/**
 * What a {@link Http2Connection} does with each frame the peer sends (RFC 9113 sections 5 and 6, the message
 * rules of section 8 through {@link HeaderValidation}): the receiving half of the connection, split from the
 * public class that holds the state and the sending half. Violations are thrown as {@link Http2Exception}s;
 * {@link #streamError} answers the stream ones.
 */
final class InboundFrames {
    private final Http2Connection c;

    InboundFrames(Http2Connection connection) {
        this.c = connection;
    }

    /** Acts on one frame (section 6); the peer's first frame must be SETTINGS (section 3.4). */
    void onFrame(Frame frame) {
        if (c.phase == Phase.FIRST_SETTINGS) {
            if (!(frame instanceof Frame.SettingsFrame s) || s.ack()) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "the peer's preface must start with SETTINGS, got "
                        + frame.getClass().getSimpleName() + " (3.4)");
            }
            c.phase = Phase.OPEN;
        }
        switch (frame) {
            case Frame.Data f -> onData(f);
            case Frame.Headers f -> onFieldBlock(c.assembler.headers(f));
            case Frame.Continuation f -> {
                if (!f.endHeaders() && !f.fragment().hasRemaining()) {
                    c.flood.emptyFrame();
                }
                onFieldBlock(c.assembler.continuation(f));
            }
            case Frame.Priority f -> {
                // Priority signals are ignored (section 5.3.2); FrameDecoder checked the frame.
            }
            case Frame.RstStream f -> onRstStream(f);
            case Frame.SettingsFrame f -> onSettings(f);
            case Frame.PushPromise f -> throw Http2Exception.connection(PROTOCOL_ERROR, c.role == Http2Role.SERVER
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
        if (!c.connectionReceiveWindow.consume(length)) {
            throw Http2Exception.connection(FLOW_CONTROL_ERROR, "DATA of " + length
                    + " octets beyond the connection receive window " + c.connectionReceiveWindow.window() + " (6.9.1)");
        }
        if (!f.data().hasRemaining() && !f.endStream()) {
            c.flood.emptyFrame();
        }
        Http2Stream s = c.streams.get(id);
        if (s == null) {
            c.creditConnection(length);
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
            c.creditConnection(length);
            throw Http2Exception.stream(id, code, problem);
        }
        if (f.data().hasRemaining() || f.endStream()) {
            c.flood.progress();
        }
        s.apply(Input.RECV_DATA);
        if (f.endStream()) {
            s.apply(Input.RECV_END_STREAM);
        }
        c.emit(new Http2Event.DataReceived(id, f.data(), f.endStream(), length));
        c.closeIfDone(s);
    }

    /** A complete field block (section 4.3): decoded first, always, to keep HPACK in sync. */
    private void onFieldBlock(HeaderBlockAssembler.Block block) {
        if (block == null) {
            return;
        }
        DecodedHeaders decoded;
        try {
            decoded = c.decoder.decode(block.fragment());
        } catch (HpackException e) {
            throw Http2Exception.connection(COMPRESSION_ERROR, "HPACK: " + e.getMessage() + " (4.3)");
        }
        int id = block.streamId();
        Http2Stream s = c.streams.get(id);
        if (s != null) {
            onStreamHeaders(s, block, decoded);
        } else if (!c.streams.isPeerId(id) || !c.streams.isIdle(id)) {
            lateFrame(id, FrameType.HEADERS);
        } else if (c.role == Http2Role.CLIENT) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS opening stream " + id
                    + " from a server (5.1.1, 8.4)");
        } else {
            onRequest(id, block, decoded);
        }
    }

    /** A new stream from the client (sections 5.1, 5.1.1, 5.1.2, 8.3.1). */
    private void onRequest(int id, HeaderBlockAssembler.Block block, DecodedHeaders decoded) {
        c.streams.peerIdUsed(id);
        if (c.goAwaySentLastId >= 0 && id > c.goAwaySentLastId) {
            c.streams.remember(id, Closure.RESET_SENT);
            return;
        }
        c.flood.progress();
        Http2Stream s = c.streams.openPeer(id, c.remote.initialWindowSize(),
                c.localSettings.acknowledged().initialWindowSize());
        s.apply(Input.RECV_HEADERS);
        if (block.endStream()) {
            s.apply(Input.RECV_END_STREAM);
        }
        if (c.streams.peerActive() > c.config.maxConcurrentStreams()) {
            throw Http2Exception.stream(id, REFUSED_STREAM, "more than " + c.config.maxConcurrentStreams()
                    + " concurrent streams (5.1.2)");
        }
        if (block.selfDependent()) {
            throw Http2Exception.stream(id, PROTOCOL_ERROR, "stream depends on itself (5.3.1)");
        }
        if (decoded.tooLarge()) {
            refuseTooLarge(s);
            return;
        }
        String problem = HeaderValidation.request(decoded.fields(), c.config.enableConnectProtocol());
        if (problem == null) {
            problem = contentLength(s, decoded.fields(), block.endStream());
        }
        if (problem != null) {
            throw Http2Exception.stream(id, PROTOCOL_ERROR, problem);
        }
        s.messageHeadersReceived = true;
        c.lastProcessedPeerId = id;
        c.emit(new Http2Event.HeadersReceived(id, decoded.fields(), block.endStream()));
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
                    + " octets above maxHeaderListSize " + c.config.maxHeaderListSize() + " (10.5.1)");
        }
        List<HeaderField> fields = decoded.fields();
        String problem;
        if (c.role == Http2Role.CLIENT && !s.messageHeadersReceived) {
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
        c.flood.progress();
        s.apply(Input.RECV_HEADERS);
        if (block.endStream()) {
            s.apply(Input.RECV_END_STREAM);
        }
        c.emit(new Http2Event.HeadersReceived(id, fields, block.endStream()));
        c.closeIfDone(s);
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
        c.writeHeaders(s, List.of(new HeaderField(":status", "431")), true);
        if (c.streams.get(s.id) == s) {
            c.writer.rstStream(s.id, NO_ERROR);
            s.apply(Input.SEND_RST_STREAM);
            c.close(s, Closure.RESET_SENT);
        }
        c.flood.peerStreamReset();
    }

    /**
     * DATA or HEADERS on a stream that is not active (section 5.1): idle is a connection error PROTOCOL_ERROR;
     * after our RST_STREAM it is ignored; after the peer's RST_STREAM a stream error STREAM_CLOSED; after
     * END_STREAM both ways a connection error STREAM_CLOSED. For a forgotten stream, HEADERS from the peer
     * reuse an identifier (section 5.1.1, PROTOCOL_ERROR); other frames are a stream error STREAM_CLOSED.
     */
    private void lateFrame(int id, FrameType type) {
        if (c.streams.isIdle(id)) {
            throw Http2Exception.connection(PROTOCOL_ERROR, type + " on idle stream " + id + " (5.1)");
        }
        Closure closure = c.streams.closure(id);
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
        if (type == FrameType.HEADERS && c.streams.isPeerId(id)) {
            throw Http2Exception.connection(PROTOCOL_ERROR, "HEADERS on stream " + id
                    + ", not above the peer's highest stream " + c.streams.highestPeerId() + " (5.1.1)");
        }
        throw Http2Exception.stream(id, STREAM_CLOSED, type + " on closed stream " + id + " (5.1)");
    }

    /** Section 6.4. RST_STREAM is never answered with RST_STREAM (section 5.4.2). */
    private void onRstStream(Frame.RstStream f) {
        int id = f.streamId();
        Http2Stream s = c.streams.get(id);
        if (s == null) {
            if (c.streams.isIdle(id)) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "RST_STREAM on idle stream " + id + " (6.4)");
            }
            return;
        }
        boolean unanswered = !s.local && s.state() != StreamState.HALF_CLOSED_LOCAL;
        s.apply(Input.RECV_RST_STREAM);
        c.emit(new Http2Event.StreamReset(id, f.code(), false));
        c.close(s, Closure.RESET_RECEIVED);
        if (unanswered) {
            c.flood.peerStreamReset();
        }
    }

    /** Section 6.5; our settings take effect on the peer's ACK (section 6.5.3). */
    private void onSettings(Frame.SettingsFrame f) {
        if (f.ack()) {
            Settings before = c.localSettings.acknowledged();
            Settings now = c.localSettings.acknowledge();
            if (now == null) {
                return;
            }
            if (now.headerTableSize() != before.headerTableSize()) {
                c.decoder.setMaxTableSize((int) now.headerTableSize());
            }
            long delta = (long) now.initialWindowSize() - before.initialWindowSize();
            if (delta != 0) {
                for (Http2Stream s : c.streams.activeStreams()) {
                    s.receiveWindow.resize(delta);
                }
            }
            c.emit(new Http2Event.SettingsAcknowledged());
            return;
        }
        c.flood.controlFrame();
        int initialBefore = c.remote.initialWindowSize();
        for (Frame.Setting setting : f.settings()) {
            long value = setting.value();
            switch (setting.id()) {
                case Settings.HEADER_TABLE_SIZE -> c.encoder.setMaxTableSize((int) value);
                case Settings.ENABLE_PUSH -> {
                    if (c.role == Http2Role.CLIENT && value == 1) {
                        throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH=1 from a server (6.5.2)");
                    }
                }
                case Settings.INITIAL_WINDOW_SIZE -> {
                    long delta = value - c.remote.initialWindowSize();
                    for (Http2Stream s : c.streams.activeStreams()) {
                        if (!s.sendWindow.grow(delta)) {
                            throw Http2Exception.connection(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE " + value
                                    + " takes the window of stream " + s.id + " above 2^31-1 (6.9.2)");
                        }
                    }
                }
                case Settings.ENABLE_CONNECT_PROTOCOL -> {
                    if (c.role == Http2Role.CLIENT && value == 0 && c.remote.enableConnectProtocol()) {
                        throw Http2Exception.connection(PROTOCOL_ERROR,
                                "SETTINGS_ENABLE_CONNECT_PROTOCOL changed from 1 to 0 (RFC 8441 3)");
                    }
                }
                default -> {
                }
            }
            c.remote = c.remote.with(setting.id(), value);
        }
        c.writer.settingsAck();
        c.emit(new Http2Event.SettingsReceived(c.remote));
        if (c.remote.initialWindowSize() > initialBefore) {
            for (Http2Stream s : c.streams.activeStreams()) {
                if (s.state().canSend()) {
                    c.emit(new Http2Event.WindowUpdated(s.id));
                }
            }
        }
    }

    /** Section 6.7. */
    private void onPing(Frame.Ping f) {
        if (f.ack()) {
            c.emit(new Http2Event.PingAcked(f.opaque()));
            return;
        }
        c.flood.controlFrame();
        c.writer.ping(true, f.opaque());
        c.emit(new Http2Event.PingReceived(f.opaque()));
    }

    /**
     * Section 6.8: no new streams; ours above the last-stream-id were not processed and are reported reset with
     * REFUSED_STREAM (section 8.7). A GOAWAY with an error code ends the connection (section 5.4.1).
     */
    private void onGoAway(Frame.GoAway f) {
        int last = c.goAwayReceivedLastId < 0 ? f.lastStreamId() : Math.min(c.goAwayReceivedLastId, f.lastStreamId());
        c.goAwayReceivedLastId = last;
        c.emit(new Http2Event.GoAwayReceived(f.lastStreamId(), f.code(), f.debug()));
        for (Http2Stream s : c.streams.activeStreams()) {
            if (s.local && s.id > last && c.streams.get(s.id) == s) {
                s.apply(Input.RECV_RST_STREAM);
                c.emit(new Http2Event.StreamReset(s.id, REFUSED_STREAM, false));
                c.close(s, Closure.RESET_RECEIVED);
            }
        }
        if (f.code() != NO_ERROR && c.phase != Phase.FAILED) {
            c.terminate(f.code(), "GOAWAY from the peer: " + f.code() + (f.debug().isEmpty() ? "" : " " + f.debug()),
                    false);
        }
    }

    /** Section 6.9: overflow past 2^31-1 is FLOW_CONTROL_ERROR, for the stream or the connection (6.9.1). */
    private void onWindowUpdate(Frame.WindowUpdate f) {
        int id = f.streamId();
        if (id == 0) {
            if (!c.connectionSendWindow.grow(f.increment())) {
                throw Http2Exception.connection(FLOW_CONTROL_ERROR, "connection send window above 2^31-1 (6.9.1)");
            }
            c.emit(new Http2Event.WindowUpdated(0));
            return;
        }
        Http2Stream s = c.streams.get(id);
        if (s == null) {
            if (c.streams.isIdle(id)) {
                throw Http2Exception.connection(PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id + " (5.1)");
            }
            return;
        }
        if (!s.sendWindow.grow(f.increment())) {
            throw Http2Exception.stream(id, FLOW_CONTROL_ERROR, "stream send window above 2^31-1 (6.9.1)");
        }
        if (s.state().canSend()) {
            c.emit(new Http2Event.WindowUpdated(id));
        }
    }

    /**
     * Answers a stream error with RST_STREAM (section 5.4.2). On an active stream it is reported and the stream
     * closed; on an idle stream, where RST_STREAM may not be sent (section 6.4), it becomes a connection error.
     */
    void streamError(StreamError e) {
        int id = e.streamId();
        if (c.streams.isIdle(id)) {
            throw Http2Exception.connection(e.code(), e.getMessage());
        }
        c.writer.rstStream(id, e.code());
        Http2Stream s = c.streams.get(id);
        if (s == null) {
            c.streams.remember(id, Closure.RESET_SENT);
            return;
        }
        s.apply(Input.SEND_RST_STREAM);
        c.emit(new Http2Event.StreamReset(id, e.code(), true));
        c.close(s, Closure.RESET_SENT);
        if (!s.local) {
            c.flood.peerStreamReset();
        }
    }
}
