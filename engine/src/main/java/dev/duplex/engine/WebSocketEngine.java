package dev.duplex.engine;

import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.frame.FrameHandler;
import dev.duplex.engine.frame.FrameParser;
import dev.duplex.engine.frame.FrameWriter;
import dev.duplex.engine.frame.Opcode;
import dev.duplex.engine.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The protocol engine of one WebSocket connection after its opening handshake (RFC 6455 sections 5-7).
 * <p>Feed it the bytes read from the peer with {@link #receive(ByteBuffer)}; it reports {@link Event}s to
 * its listener and writes the frames to send (its own pongs and close replies too) into its
 * {@link OutputBuffer}. It has no sockets, threads or clocks: the transport calls
 * {@link #transportClosed()} when the connection drops and {@link #closeTimedOut()} when the close
 * handshake took too long. It is not thread-safe: the transport calls it from one thread at a time.
 * <p>Peer violations never escape {@code receive}: the engine sends the close frame with the code of the
 * violation (section 7.1.7, "fail the WebSocket connection") and reports {@link Event.Closed}. Local
 * misuse, such as sending after close, throws {@link IllegalStateException}.
 */
public final class WebSocketEngine implements Engine, FrameHandler {

    /** The close handshake as a state machine (section 7). */
    public enum State {
        /** Messages flow both ways. */
        OPEN,
        /** This end sent a close frame and waits for the peer's (section 7.1.2). */
        CLOSE_SENT,
        /** Both close frames were exchanged, or the connection failed: the transport should close. */
        CLOSED
    }

    private static final int NO_MESSAGE = -1;

    private final Role role;
    private final EngineConfig config;
    private final IntSupplier maskKeys;
    private final OutputBuffer output;
    private final EventListener listener;
    private final FrameParser parser;
    /** The message size limit in force: whole messages live in one array, so at most about 2 GiB. */
    private final long messageLimit;
    /** The negotiated extensions, or null when there are none. */
    private final ExtensionChain extensions;
    private final Extension.DecodedSink decodedSink = this::onDecoded;

    private State state = State.OPEN;

    // The frame being received.
    private int frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private long frameReceived;
    /** True when the frame's payload goes through an extension before it is a message's bytes. */
    private boolean frameDecoded;
    // The data message being received (NO_MESSAGE between messages).
    private int messageOpcode = NO_MESSAGE;
    private long messageSize;
    private long messageFragments;
    private final MessageAssembler message;
    private int utf8State = Utf8Validator.ACCEPT;
    // The payload of the control frame being received (at most 125 bytes, section 5.5).
    private byte[] control;
    private int controlSize;
    // The data message being sent in pieces (NO_MESSAGE when none).
    private int sendingOpcode = NO_MESSAGE;

    public WebSocketEngine(Role role, EngineConfig config, IntSupplier maskKeys, OutputBuffer output,
                           EventListener listener) {
        this(role, config, maskKeys, output, listener, List.of());
    }

    /**
     * An engine with negotiated extensions (RFC 6455 section 9), applied to outgoing data frames in order and
     * to incoming ones in reverse order. The engine closes them when the connection closes.
     *
     * @throws IllegalArgumentException if two extensions claim the same RSV bit
     */
    public WebSocketEngine(Role role, EngineConfig config, IntSupplier maskKeys, OutputBuffer output,
                           EventListener listener, List<Extension> extensions) {
        this.role = Objects.requireNonNull(role, "role");
        this.config = EngineConfig.orDefault(config);
        this.maskKeys = role.masksOutgoing() ? Objects.requireNonNull(maskKeys, "maskKeys") : maskKeys;
        this.output = Objects.requireNonNull(output, "output");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.extensions = extensions.isEmpty() ? null : new ExtensionChain(extensions);
        this.message = new MessageAssembler(this.config.memoryBudget());
        this.messageLimit = this.config.streamIncoming() ? this.config.maxMessageSize()
                : Math.min(this.config.maxMessageSize(), Integer.MAX_VALUE - 8);
        this.parser = new FrameParser(role, this.config.maxFramePayload(),
                this.extensions == null ? 0 : this.extensions.rsvBits());
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state;
    }

    public EngineConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Consumes all bytes of {@code in} (it may be unmasked in place), reporting events and writing any
     * replies. Input after the connection is closed is ignored.
     */
    public void receive(ByteBuffer in) {
        if (state == State.CLOSED) {
            in.position(in.limit());
            return;
        }
        try {
            parser.parse(in, this);
        } catch (ProtocolException e) {
            fail(e);
            in.position(in.limit());
        }
    }

    @Override
    public void onFrameHeader(boolean fin, int rsv, int opcode, long payloadLength) {
        if (state == State.CLOSED) {
            return;
        }
        frameOpcode = opcode;
        frameFin = fin;
        frameLength = payloadLength;
        frameReceived = 0;
        if (Opcode.isControl(opcode)) {
            if (rsv != 0) {
                throw ProtocolException.protocolError("RSV bits set on a " + Opcode.name(opcode) + " frame");
            }
            controlSize = 0;
            return;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == NO_MESSAGE) {
                throw ProtocolException.protocolError("continuation frame without a message to continue");
            }
            if (++messageFragments > config.maxFragments()) {
                throw ProtocolException.messageTooBig("message made of more than " + config.maxFragments()
                        + " frames");
            }
        } else {
            if (messageOpcode != NO_MESSAGE) {
                throw ProtocolException.protocolError("new " + Opcode.name(opcode)
                        + " message before the previous one was finished");
            }
            messageOpcode = opcode;
            messageSize = 0;
            messageFragments = 1;
            utf8State = Utf8Validator.ACCEPT;
        }
        frameDecoded = extensions != null && extensions.beginFrame(opcode != Opcode.CONTINUATION, fin, rsv);
        if (frameDecoded) {
            return; // decoded bytes are counted against the limit as they come out (onDecoded)
        }
        if (payloadLength > messageLimit - messageSize) {
            throw ProtocolException.messageTooBig("message of more than " + messageLimit + " bytes");
        }
        messageSize += payloadLength;
    }

    @Override
    public void onPayload(ByteBuffer buf, int from, int to) {
        if (state == State.CLOSED) {
            return;
        }
        if (Opcode.isControl(frameOpcode)) {
            if (control == null) {
                control = new byte[125];
            }
            buf.get(from, control, controlSize, to - from);
            controlSize += to - from;
            frameReceived += to - from;
            return;
        }
        frameReceived += to - from;
        if (frameDecoded) {
            extensions.decode(buf, from, to, decodedSink);
            return;
        }
        boolean text = messageOpcode == Opcode.TEXT;
        validateText(buf, from, to);
        boolean lastOfMessage = frameFin && frameReceived == frameLength;
        if (config.streamIncoming()) {
            if (lastOfMessage && text && utf8State != Utf8Validator.ACCEPT) {
                throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
            }
            listener.onEvent(new Event.Fragment(text, copy(buf, from, to), lastOfMessage));
            if (lastOfMessage) {
                messageOpcode = NO_MESSAGE;
            }
            return;
        }
        if (lastOfMessage && message.size() == 0) {
            // The whole message is in this piece of input: no assembly copy.
            deliver(text, buf, from, to);
            return;
        }
        message.append(buf, from, to);
    }

    @Override
    public void onFrameEnd() {
        if (state == State.CLOSED) {
            return;
        }
        int opcode = frameOpcode;
        if (Opcode.isControl(opcode)) {
            onControlFrame(opcode);
            return;
        }
        if (extensions != null && messageOpcode != NO_MESSAGE) {
            extensions.endFrame(frameFin, decodedSink);
        }
        if (!frameFin || messageOpcode == NO_MESSAGE) {
            return; // more fragments follow, or the message was already delivered from onPayload
        }
        boolean text = messageOpcode == Opcode.TEXT;
        if (config.streamIncoming()) {
            // Only an empty final frame reaches here: report the end of the message.
            if (text && utf8State != Utf8Validator.ACCEPT) {
                throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
            }
            listener.onEvent(new Event.Fragment(text, ByteBuffer.allocate(0), true));
            messageOpcode = NO_MESSAGE;
            return;
        }
        if (text && utf8State != Utf8Validator.ACCEPT) {
            throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
        }
        int size = message.size();
        if (text) {
            String s = size == 0 ? "" : new String(message.array(), 0, size, StandardCharsets.UTF_8);
            message.clear();
            messageOpcode = NO_MESSAGE;
            listener.onEvent(new Event.Text(s));
        } else {
            ByteBuffer data = ByteBuffer.wrap(message.take());
            messageOpcode = NO_MESSAGE;
            listener.onEvent(new Event.Binary(data));
        }
    }

    /** Bytes of the current message that came out of an extension: limits, UTF-8, then assembly. */
    private void onDecoded(ByteBuffer buf, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (n > messageLimit - messageSize) {
            throw ProtocolException.messageTooBig("message of more than " + messageLimit
                    + " bytes once decompressed");
        }
        messageSize += n;
        validateText(buf, from, to);
        if (config.streamIncoming()) {
            listener.onEvent(new Event.Fragment(messageOpcode == Opcode.TEXT, copy(buf, from, to), false));
        } else {
            message.append(buf, from, to);
        }
    }

    private void validateText(ByteBuffer buf, int from, int to) {
        if (messageOpcode == Opcode.TEXT) {
            utf8State = Utf8Validator.validate(utf8State, buf, from, to);
            if (utf8State == Utf8Validator.REJECT) {
                throw ProtocolException.invalidPayload("invalid UTF-8 in a text message");
            }
        }
    }

    private void deliver(boolean text, ByteBuffer buf, int from, int to) {
        messageOpcode = NO_MESSAGE;
        if (text) {
            if (utf8State != Utf8Validator.ACCEPT) {
                throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
            }
            listener.onEvent(new Event.Text(decode(buf, from, to)));
        } else {
            listener.onEvent(new Event.Binary(copy(buf, from, to)));
        }
    }

    private void onControlFrame(int opcode) {
        ByteBuffer payload = ByteBuffer.wrap(java.util.Arrays.copyOf(controlOrEmpty(), controlSize));
        switch (opcode) {
            case Opcode.PING -> {
                // Section 5.5.2: answered unless a close frame was received, so also after sending ours.
                if (config.autoPong()) {
                    writeFrame(true, Opcode.PONG, payload, 0, controlSize);
                }
                listener.onEvent(new Event.Ping(payload));
            }
            case Opcode.PONG -> listener.onEvent(new Event.Pong(payload));
            case Opcode.CLOSE -> onCloseFrame(payload);
            default -> throw ProtocolException.internalError("unexpected control opcode " + opcode);
        }
    }

    private byte[] controlOrEmpty() {
        return control == null ? new byte[0] : control;
    }

    /** Section 5.5.1: validates the close frame and completes or answers the close handshake. */
    private void onCloseFrame(ByteBuffer payload) {
        int size = payload.remaining();
        int code;
        String reason;
        if (size == 0) {
            code = CloseCodes.NO_STATUS;
            reason = "";
        } else if (size == 1) {
            throw ProtocolException.protocolError("close frame with a 1-byte payload");
        } else {
            code = ((payload.get(0) & 0xFF) << 8) | (payload.get(1) & 0xFF);
            if (!CloseCodes.isValidOnWire(code)) {
                throw ProtocolException.protocolError("invalid close code " + code);
            }
            if (!Utf8Validator.isValid(payload.array(), 2, size)) {
                throw ProtocolException.invalidPayload("close reason is not valid UTF-8");
            }
            reason = new String(payload.array(), 2, size - 2, StandardCharsets.UTF_8);
        }
        message.clear();
        messageOpcode = NO_MESSAGE;
        if (state == State.OPEN) {
            // Section 5.5.1: answer with a close frame, echoing the status code (and the reason).
            writeClose(code, reason);
        }
        state = State.CLOSED;
        releaseExtensions();
        listener.onEvent(new Event.CloseReceived(code, reason));
        listener.onEvent(new Event.Closed(code, reason, true, null));
    }

    /** Section 7.1.7: fail the WebSocket connection. */
    private void fail(ProtocolException e) {
        message.clear();
        messageOpcode = NO_MESSAGE;
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN) {
            writeClose(e.closeCode(), e.getMessage());
        }
        state = State.CLOSED;
        releaseExtensions();
        listener.onEvent(new Event.Closed(e.closeCode(), e.getMessage(), false, e));
    }

    // ---------------------------------------------------------------- sending

    /** Sends a whole text message in one frame. */
    public void sendText(CharSequence text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        sendData(Opcode.TEXT, ByteBuffer.wrap(bytes));
    }

    /** Sends a whole binary message in one frame: {@code data}'s remaining bytes; its position is not moved. */
    public void sendBinary(ByteBuffer data) {
        sendData(Opcode.BINARY, data);
    }

    private void sendData(int opcode, ByteBuffer data) {
        checkCanSendData();
        if (sendingOpcode != NO_MESSAGE) {
            throw new IllegalStateException("a fragmented message is being sent; finish it first");
        }
        writeDataFrame(true, true, opcode, data);
    }

    /**
     * Sends one frame of a message sent in pieces (section 5.4). The first call starts a message of the
     * given type; the call with {@code last} set ends it. Text pieces must be valid UTF-8 as a whole.
     */
    public void sendFragment(boolean text, ByteBuffer data, boolean last) {
        checkCanSendData();
        int opcode;
        boolean first = sendingOpcode == NO_MESSAGE;
        if (first) {
            opcode = text ? Opcode.TEXT : Opcode.BINARY;
            sendingOpcode = opcode;
        } else {
            if ((sendingOpcode == Opcode.TEXT) != text) {
                throw new IllegalStateException("a fragment of another type than the message being sent");
            }
            opcode = Opcode.CONTINUATION;
        }
        writeDataFrame(first, last, opcode, data);
        if (last) {
            sendingOpcode = NO_MESSAGE;
        }
    }

    /** Sends a ping; the payload is at most 125 bytes (section 5.5). */
    public void sendPing(ByteBuffer payload) {
        sendControl(Opcode.PING, payload);
    }

    /** Sends an unsolicited pong (section 5.5.3). */
    public void sendPong(ByteBuffer payload) {
        sendControl(Opcode.PONG, payload);
    }

    private void sendControl(int opcode, ByteBuffer payload) {
        if (payload.remaining() > 125) {
            throw new IllegalArgumentException(Opcode.name(opcode) + " payload of " + payload.remaining()
                    + " bytes; at most 125 are allowed");
        }
        if (state == State.CLOSED) {
            // After our close frame only data frames are forbidden (section 5.5.1); a pong may still be owed.
            throw new IllegalStateException("cannot send a " + Opcode.name(opcode) + ": the connection is " + state);
        }
        writeFrame(true, opcode, payload, payload.position(), payload.limit());
    }

    /**
     * Starts the close handshake (section 7.1.2) with a status code and a reason of at most 123 UTF-8 bytes.
     * {@link CloseCodes#NO_STATUS} sends a close frame without a code. Does nothing once a close frame
     * was sent or the connection is closed.
     *
     * @throws IllegalArgumentException for a code that may not be sent (section 7.4) or a reason too long
     */
    public void close(int code, String reason) {
        String why = CloseCodes.checkSendable(code, reason);
        if (state != State.OPEN) {
            return;
        }
        writeClose(code, why);
        state = State.CLOSE_SENT;
    }

    /** The transport connection ended. Reports {@code Closed(1006)} unless the engine was already closed. */
    public void transportClosed() {
        abort(CloseCodes.ABNORMAL, "connection ended without a close handshake");
    }

    /** The close handshake did not finish in time: reports {@code Closed(1006)}; the transport closes. */
    public void closeTimedOut() {
        abort(CloseCodes.ABNORMAL, "close handshake timed out");
    }

    private void abort(int code, String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        message.clear();
        releaseExtensions();
        listener.onEvent(new Event.Closed(code, reason, false, null));
    }

    private void checkCanSendData() {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot send a message: the connection is " + state);
        }
    }

    private void writeClose(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            writeFrame(true, Opcode.CLOSE, ByteBuffer.allocate(0), 0, 0);
            return;
        }
        byte[] why = truncateUtf8(reason == null ? "" : reason, CloseCodes.MAX_REASON_BYTES);
        ByteBuffer payload = ByteBuffer.allocate(2 + why.length);
        payload.put((byte) (code >>> 8)).put((byte) code).put(why).flip();
        writeFrame(true, Opcode.CLOSE, payload, 0, payload.limit());
    }

    /** A data frame, through the extensions when there are any. */
    private void writeDataFrame(boolean first, boolean last, int opcode, ByteBuffer data) {
        if (extensions == null) {
            writeFrame(last, 0, opcode, data, data.position(), data.limit());
            return;
        }
        Extension.Encoded encoded = extensions.encode(data, first, last);
        ByteBuffer payload = encoded.payload();
        writeFrame(last, encoded.rsv(), opcode, payload, payload.position(), payload.limit());
    }

    private void writeFrame(boolean fin, int opcode, ByteBuffer payload, int from, int to) {
        writeFrame(fin, 0, opcode, payload, from, to);
    }

    private void writeFrame(boolean fin, int rsv, int opcode, ByteBuffer payload, int from, int to) {
        boolean mask = role.masksOutgoing();
        FrameWriter.write(output, fin, rsv, opcode, payload, from, to, mask, mask ? maskKeys.getAsInt() : 0);
    }

    private void releaseExtensions() {
        if (extensions != null) {
            extensions.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ByteBuffer copy(ByteBuffer buf, int from, int to) {
        byte[] bytes = new byte[to - from];
        buf.get(from, bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static String decode(ByteBuffer buf, int from, int to) {
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + from, to - from, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[to - from];
        buf.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The longest prefix of {@code s} that fits {@code max} UTF-8 bytes without splitting a code point. */
    static byte[] truncateUtf8(String s, int max) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return bytes;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }

    @Override
    public String toString() {
        return "WebSocketEngine[" + role + ", " + state
                + (messageOpcode != NO_MESSAGE ? ", receiving " + Opcode.name(messageOpcode) + " (" + messageSize
                + " bytes)" : "")
                + (sendingOpcode != NO_MESSAGE ? ", sending " + Opcode.name(sendingOpcode) : "") + "]";
    }
}
