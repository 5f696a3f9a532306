package dev.duplex.engine;

import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.frame.FrameHandler;
import dev.duplex.engine.frame.FrameParser;
import dev.duplex.engine.frame.FrameWriter;
import dev.duplex.engine.frame.Masking;
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
    private static final byte[] EMPTY = new byte[0];
    /**
     * Whole text messages read from a direct buffer are copied into a scratch array kept by the engine when
     * at most this long (the size of most chat and telemetry messages); longer ones into an array of their own.
     * Small, because a connection that goes idle keeps it.
     */
    private static final int SCRATCH_MAX = 128;
    private static final int SCRATCH_MIN = 64;

    // Fields are kept narrow: an idle connection holds one engine and its parser, nothing else.
    private final EngineConfig config;
    /** The masking keys of a client; null for a server, which does not mask (section 5.1). */
    private final IntSupplier maskKeys;
    private final OutputBuffer output;
    private final EventListener listener;
    private final FrameParser parser;
    /** The negotiated extensions, or null when there are none. */
    private final ExtensionChain extensions;

    private State state = State.OPEN;

    // The frame being received; its payload still to come is the parser's payloadLeft().
    private byte frameOpcode;
    private boolean frameFin;
    /** True when the frame's payload goes through an extension before it is a message's bytes. */
    private boolean frameDecoded;
    // The data message being received (NO_MESSAGE between messages).
    private byte messageOpcode = NO_MESSAGE;
    private byte utf8State = Utf8Validator.ACCEPT;
    /** Frames of the message so far, saturating at Integer.MAX_VALUE (more than any wire would carry). */
    private int messageFragments;
    private long messageSize;
    /** The bytes of a message received in pieces; null while none are held. */
    private MessageAssembler message;
    /** The payload of the control frame being received, sized from its header (at most 125 bytes, section 5.5). */
    private byte[] control;
    /** See {@link #scratch(int)}; null until a message needs it. */
    private byte[] scratch;
    // The data message being sent in pieces (NO_MESSAGE when none).
    private byte sendingOpcode = NO_MESSAGE;

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
        Objects.requireNonNull(role, "role");
        this.config = EngineConfig.orDefault(config);
        this.maskKeys = role.masksOutgoing() ? Objects.requireNonNull(maskKeys, "maskKeys") : null;
        this.output = Objects.requireNonNull(output, "output");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.extensions = extensions.isEmpty() ? null : new ExtensionChain(extensions, this::onDecoded);
        this.parser = new FrameParser(role, this.config.maxFramePayload(),
                this.extensions == null ? 0 : this.extensions.rsvBits());
    }

    public Role role() {
        return parser.role();
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
        frameOpcode = (byte) opcode;
        frameFin = fin;
        if (Opcode.isControl(opcode)) {
            if (rsv != 0) {
                throw ProtocolException.protocolError("RSV bits set on a " + Opcode.name(opcode) + " frame");
            }
            control = payloadLength == 0 ? EMPTY : new byte[(int) payloadLength];
            return;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == NO_MESSAGE) {
                throw ProtocolException.protocolError("continuation frame without a message to continue");
            }
            if (messageFragments < Integer.MAX_VALUE) {
                messageFragments++;
            }
            if (messageFragments > config.maxFragments()) {
                throw ProtocolException.messageTooBig("message made of more than " + config.maxFragments()
                        + " frames");
            }
        } else {
            if (messageOpcode != NO_MESSAGE) {
                throw ProtocolException.protocolError("new " + Opcode.name(opcode)
                        + " message before the previous one was finished");
            }
            messageOpcode = (byte) opcode;
            messageSize = 0;
            messageFragments = 1;
            utf8State = Utf8Validator.ACCEPT;
        }
        frameDecoded = extensions != null && extensions.beginFrame(opcode != Opcode.CONTINUATION, fin, rsv);
        if (frameDecoded) {
            return; // decoded bytes are counted against the limit as they come out (onDecoded)
        }
        long limit = config.messageLimitInForce();
        if (payloadLength > limit - messageSize) {
            throw ProtocolException.messageTooBig("message of more than " + limit + " bytes");
        }
        messageSize += payloadLength;
    }

    @Override
    public void onPayload(ByteBuffer buf, int from, int to) {
        if (state == State.CLOSED) {
            return;
        }
        if (Opcode.isControl(frameOpcode)) {
            int n = to - from;
            buf.get(from, control, control.length - (int) parser.payloadLeft() - n, n);
            return;
        }
        if (frameDecoded) {
            extensions.decode(buf, from, to);
            return;
        }
        boolean text = messageOpcode == Opcode.TEXT;
        boolean lastOfMessage = frameFin && parser.payloadLeft() == 0;
        if (config.streamIncoming()) {
            validateText(buf, from, to);
            if (lastOfMessage && text && utf8State != Utf8Validator.ACCEPT) {
                throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
            }
            listener.onEvent(new Event.Fragment(text, copy(buf, from, to), lastOfMessage));
            if (lastOfMessage) {
                messageOpcode = NO_MESSAGE;
            }
            return;
        }
        if (lastOfMessage && message == null) {
            // The whole message is in this piece of input: no assembly copy.
            messageOpcode = NO_MESSAGE;
            if (text) {
                listener.onEvent(new Event.Text(decodeWhole(buf, from, to)));
            } else {
                listener.onEvent(new Event.Binary(copy(buf, from, to)));
            }
            return;
        }
        validateText(buf, from, to);
        assembler().append(buf, from, to);
    }

    /**
     * A whole text message from a direct buffer is copied out still masked, then unmasked, validated and decoded
     * in one array; everything else is unmasked in place.
     */
    @Override
    public void onMaskedPayload(ByteBuffer buf, int from, int to, int maskKey, int keyOffset) {
        int n = to - from;
        if (messageOpcode == Opcode.TEXT && !buf.hasArray() && state != State.CLOSED && frameFin
                && !Opcode.isControl(frameOpcode) && !frameDecoded && message == null
                && parser.payloadLeft() == 0 && !config.streamIncoming()) {
            byte[] bytes = n <= SCRATCH_MAX ? scratch(n) : new byte[n];
            buf.get(from, bytes, 0, n);
            Masking.maskInPlace(bytes, 0, n, maskKey, keyOffset);
            messageOpcode = NO_MESSAGE;
            listener.onEvent(new Event.Text(decode(bytes, 0, n)));
            return;
        }
        Masking.maskInPlace(buf, from, n, maskKey, keyOffset);
        onPayload(buf, from, to);
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
            extensions.endFrame(frameFin);
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
        MessageAssembler m = message;
        message = null;
        messageOpcode = NO_MESSAGE;
        if (text) {
            String s = m == null ? "" : new String(m.array(), 0, m.size(), StandardCharsets.UTF_8);
            if (m != null) {
                m.clear();
            }
            listener.onEvent(new Event.Text(s));
        } else {
            listener.onEvent(new Event.Binary(ByteBuffer.wrap(m == null ? EMPTY.clone() : m.take())));
        }
    }

    /** Bytes of the current message that came out of an extension: limits, UTF-8, then assembly. */
    private void onDecoded(ByteBuffer buf, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        long limit = config.messageLimitInForce();
        if (n > limit - messageSize) {
            throw ProtocolException.messageTooBig("message of more than " + limit + " bytes once decompressed");
        }
        messageSize += n;
        validateText(buf, from, to);
        if (config.streamIncoming()) {
            listener.onEvent(new Event.Fragment(messageOpcode == Opcode.TEXT, copy(buf, from, to), false));
        } else {
            assembler().append(buf, from, to);
        }
    }

    private MessageAssembler assembler() {
        MessageAssembler m = message;
        if (m == null) {
            m = new MessageAssembler(config.memoryBudget());
            message = m;
        }
        return m;
    }

    private void dropMessage() {
        if (message != null) {
            message.clear();
            message = null;
        }
        messageOpcode = NO_MESSAGE;
    }

    /** A scratch array of at least {@code n} (at most SCRATCH_MAX) bytes, allocated on first need and kept. */
    private byte[] scratch(int n) {
        byte[] b = scratch;
        if (b == null || b.length < n) {
            b = new byte[Math.max(n, SCRATCH_MIN)];
            scratch = b;
        }
        return b;
    }

    private void validateText(ByteBuffer buf, int from, int to) {
        if (messageOpcode == Opcode.TEXT) {
            int s = Utf8Validator.validate(utf8State, buf, from, to);
            if (s == Utf8Validator.REJECT) {
                throw ProtocolException.invalidPayload("invalid UTF-8 in a text message");
            }
            utf8State = (byte) s;
        }
    }

    /** A whole text message in one piece: validated (section 8.1) and decoded from one array. */
    private String decodeWhole(ByteBuffer buf, int from, int to) {
        byte[] bytes;
        int start;
        if (buf.hasArray()) {
            bytes = buf.array();
            start = buf.arrayOffset() + from;
        } else {
            int n = to - from;
            bytes = n <= SCRATCH_MAX ? scratch(n) : new byte[n];
            buf.get(from, bytes, 0, n);
            start = 0;
        }
        return decode(bytes, start, start + (to - from));
    }

    /** Validates {@code [start, end)} as a whole text message (section 8.1) and decodes it. */
    private static String decode(byte[] bytes, int start, int end) {
        int firstNonAscii = Utf8Validator.skipAscii(bytes, start, end);
        if (firstNonAscii == end) {
            // Only ASCII: the bytes are the characters, and ISO-8859-1 copies them as they are.
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }
        int utf8 = Utf8Validator.validate(Utf8Validator.ACCEPT, bytes, firstNonAscii, end);
        if (utf8 == Utf8Validator.REJECT) {
            throw ProtocolException.invalidPayload("invalid UTF-8 in a text message");
        }
        if (utf8 != Utf8Validator.ACCEPT) {
            throw ProtocolException.invalidPayload("text message ends inside a UTF-8 sequence");
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    private void onControlFrame(int opcode) {
        ByteBuffer payload = ByteBuffer.wrap(control == EMPTY ? EMPTY.clone() : control);
        control = null;
        switch (opcode) {
            case Opcode.PING -> {
                // Section 5.5.2: answered unless a close frame was received, so also after sending ours.
                if (config.autoPong()) {
                    writeFrame(true, Opcode.PONG, payload, 0, payload.limit());
                }
                listener.onEvent(new Event.Ping(payload));
            }
            case Opcode.PONG -> listener.onEvent(new Event.Pong(payload));
            case Opcode.CLOSE -> onCloseFrame(payload);
            default -> throw ProtocolException.internalError("unexpected control opcode " + opcode);
        }
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
        dropMessage();
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
        dropMessage();
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
        if (extensions != null) {
            sendData(Opcode.TEXT, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            return;
        }
        checkCanSendData();
        if (sendingOpcode != NO_MESSAGE) {
            throw new IllegalStateException("a fragmented message is being sent; finish it first");
        }
        // String.getBytes measured fastest (an unpaired surrogate becomes '?', as it always has); the frame is
        // written straight from its array, without wrapping it.
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        IntSupplier keys = maskKeys;
        FrameWriter.write(output, true, 0, Opcode.TEXT, bytes, 0, bytes.length, keys != null,
                keys != null ? keys.getAsInt() : 0);
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
            sendingOpcode = (byte) opcode;
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
        dropMessage();
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
        IntSupplier keys = maskKeys;
        FrameWriter.write(output, fin, rsv, opcode, payload, from, to, keys != null, keys != null ? keys.getAsInt() : 0);
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
        return "WebSocketEngine[" + role() + ", " + state
                + (messageOpcode != NO_MESSAGE ? ", receiving " + Opcode.name(messageOpcode) + " (" + messageSize
                + " bytes)" : "")
                + (sendingOpcode != NO_MESSAGE ? ", sending " + Opcode.name(sendingOpcode) : "") + "]";
    }
}
