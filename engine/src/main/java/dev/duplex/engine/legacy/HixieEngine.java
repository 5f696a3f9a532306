package dev.duplex.engine.legacy;

import dev.duplex.engine.CloseCodes;
import dev.duplex.engine.Engine;
import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.Event;
import dev.duplex.engine.EventListener;
import dev.duplex.engine.OutputBuffer;
import dev.duplex.engine.ProtocolException;
import dev.duplex.engine.Role;
import dev.duplex.engine.WebSocketEngine.State;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.engine.text.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The engine of a hixie-76 or hixie-75 connection after its opening handshake (draft-hixie-thewebsocketprotocol-76
 * sections 4.2 and 5.3, -75 sections 4.2 and 5.3), with the contract of {@link Engine}.
 * <h2>Receiving</h2>
 * A frame starts with a type byte. {@code 0x00} starts a text frame: UTF-8 up to the terminator {@code 0xFF},
 * reported as {@link Event.Text} (or {@link Event.Fragment}s with {@link EngineConfig#streamIncoming()}). A type
 * with the high bit set is followed by a length in base-128 digits, most significant first, each digit byte with
 * the high bit set except the last, then that many bytes, which are discarded as the draft says; type {@code 0xFF}
 * with length 0 is the closing handshake. Everything else fails the connection:
 * <ul>
 *   <li>a type byte {@code 0x01}-{@code 0x7F} (no client or server ever sends one): 1002-equivalent;</li>
 *   <li>invalid UTF-8 in a text frame, checked strictly and as it arrives (the draft would replace it with
 *       U+FFFD; RFC 6455 section 8.1 fails, and so does this engine): 1007-equivalent;</li>
 *   <li>a text frame longer than {@link EngineConfig#maxMessageSize()} or {@link EngineConfig#maxFramePayload()}
 *       without its terminator, or a length-prefixed frame announcing more: 1009-equivalent, before anything is
 *       buffered.</li>
 * </ul>
 * Hixie has no close codes: a failure writes {@code 0xFF 0x00} (hixie-76) and reports {@link Event.Closed} with the
 * code of the {@link ProtocolException} (1002, 1007, 1009) for the application; after it the engine is terminal. The peer's
 * {@code 0xFF 0x00} is reported as {@code CloseReceived(1005, "")} then {@code Closed(1005, "", clean)}, after
 * writing {@code 0xFF 0x00} back unless this end started the close.
 * <h2>Sending</h2>
 * Text goes out as {@code 0x00 <UTF-8> 0xFF}; {@link #sendFragment} streams one text frame in pieces (validated as
 * UTF-8, so that no piece can end the frame early). Binary messages, pings and pongs cannot be carried: they throw
 * {@link IllegalStateException} and write nothing. {@link #close} checks its arguments as {@code WebSocketEngine}
 * does, then writes {@code 0xFF 0x00}; the code and reason do not go on the wire.
 * <h2>hixie-75</h2>
 * hixie-75 has no closing handshake: a connection ends when TCP closes. {@link #close} writes nothing and reports
 * {@code Closed(1005, "", clean)} at once, and the transport closes TCP; the peer's orderly TCP close
 * ({@link #peerEndedStream()}) is reported as {@code CloseReceived(1005)} and {@code Closed(1005, clean)}. An
 * incoming {@code 0xFF 0x00} is handled as for hixie-76.
 * <p>Not thread-safe: the transport calls it from one thread at a time.
 */
public final class HixieEngine implements Engine {
    private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    /** The parser's place in the input. */
    private enum Parse {
        /** Expecting a frame type byte. */
        FRAME_TYPE,
        /** Inside a text frame, before its 0xFF. */
        TEXT,
        /** Reading the base-128 length of a length-prefixed frame. */
        LENGTH,
        /** Discarding the bytes of a length-prefixed frame. */
        SKIP,
        /** Closed or failed: input is ignored. */
        DONE
    }

    private final ProtocolVersion version;
    private final Role role;
    private final EngineConfig config;
    private final OutputBuffer output;
    private final EventListener listener;

    private State state = State.OPEN;
    private Parse parse = Parse.FRAME_TYPE;
    // The frame being received.
    private byte frameType;
    private long length;
    private long remaining;
    private long textSize;
    private byte utf8State = Utf8Validator.ACCEPT;
    private byte[] text = EMPTY;
    // The text frame being sent in pieces.
    private boolean sending;
    private byte sendUtf8State = Utf8Validator.ACCEPT;

    /**
     * An engine for one connection.
     *
     * @param version  {@link ProtocolVersion#HIXIE_76} or {@link ProtocolVersion#HIXIE_75}
     * @param role     the end this engine plays (hixie frames are never masked, so it is only reported)
     * @param config   the limits; null for the defaults
     * @param output   where the bytes to send are written
     * @param listener receives the events, in order, on the calling thread
     * @throws IllegalArgumentException for a version without hixie framing
     */
    public HixieEngine(ProtocolVersion version, Role role, EngineConfig config, OutputBuffer output,
                       EventListener listener) {
        this.version = Objects.requireNonNull(version, "version");
        if (!version.usesHixieFraming()) {
            throw new IllegalArgumentException(version.label() + " does not use hixie framing");
        }
        this.role = Objects.requireNonNull(role, "role");
        this.config = config == null ? EngineConfig.defaults() : config;
        this.output = Objects.requireNonNull(output, "output");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public ProtocolVersion version() {
        return version;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public State state() {
        return state;
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void receive(ByteBuffer in) {
        try {
            while (in.hasRemaining() && parse != Parse.DONE) {
                switch (parse) {
                    case FRAME_TYPE -> frameType(in.get() & 0xFF);
                    case TEXT -> text(in);
                    case LENGTH -> lengthDigit(in.get() & 0xFF);
                    case SKIP -> skip(in);
                    case DONE -> throw new AssertionError();
                }
            }
        } catch (ProtocolException e) {
            fail(e);
        }
        if (parse == Parse.DONE) {
            in.position(in.limit());
        }
    }

    private void frameType(int type) {
        frameType = (byte) type;
        if (type == 0x00) {
            parse = Parse.TEXT;
            textSize = 0;
            utf8State = Utf8Validator.ACCEPT;
        } else if ((type & 0x80) != 0) {
            parse = Parse.LENGTH;
            length = 0;
        } else {
            throw ProtocolException.protocolError(String.format("frame type 0x%02X is neither text (0x00) nor"
                    + " length-prefixed (high bit set) in %s", type, version.label()));
        }
    }

    /** Bytes of a text frame up to its 0xFF: limit first, then UTF-8, then assembly or delivery. */
    private void text(ByteBuffer in) {
        int from = in.position();
        int limit = in.limit();
        int end = from;
        while (end < limit && in.get(end) != (byte) 0xFF) {
            end++;
        }
        boolean terminated = end < limit;
        int n = end - from;
        // The first violation by position wins, however the input is split: UTF-8 up to the limit, then the limit.
        int allowed = (int) Math.min(n, maxText() - textSize);
        utf8State = (byte) Utf8Validator.validate(utf8State, in, from, from + allowed);
        if (utf8State == Utf8Validator.REJECT) {
            throw ProtocolException.invalidPayload("invalid UTF-8 in a text frame");
        }
        if (n > allowed) {
            throw ProtocolException.messageTooBig("text frame of more than " + maxText() + " bytes");
        }
        if (terminated && utf8State != Utf8Validator.ACCEPT) {
            throw ProtocolException.invalidPayload("text frame ends inside a UTF-8 sequence");
        }
        in.position(terminated ? end + 1 : end);
        if (config.streamIncoming()) {
            if (n > 0 || terminated) {
                listener.onEvent(new Event.Fragment(true, copy(in, from, end), terminated));
            }
        } else if (terminated && textSize == 0) {
            listener.onEvent(new Event.Text(new String(copyBytes(in, from, end), StandardCharsets.UTF_8)));
        } else {
            append(in, from, end);
            if (terminated) {
                String s = new String(text, 0, (int) (textSize + n), StandardCharsets.UTF_8);
                text = EMPTY;
                listener.onEvent(new Event.Text(s));
            }
        }
        textSize = terminated ? 0 : textSize + n;
        if (terminated) {
            parse = Parse.FRAME_TYPE;
        }
    }

    /** One base-128 digit of a length (draft-76 section 5.3, "the high-order bit of /frame type/ is set"). */
    private void lengthDigit(int b) {
        length = length * 128 + (b & 0x7F);
        if (length > maxText()) {
            throw ProtocolException.messageTooBig("length-prefixed frame of more than " + maxText() + " bytes");
        }
        if ((b & 0x80) != 0) {
            return;
        }
        if (frameType == (byte) 0xFF && length == 0) {
            onCloseFrame();
        } else {
            remaining = length;
            parse = remaining == 0 ? Parse.FRAME_TYPE : Parse.SKIP;
        }
    }

    /** The bytes of a length-prefixed frame are discarded: the drafts define no such frame but the close. */
    private void skip(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), remaining);
        in.position(in.position() + n);
        remaining -= n;
        if (remaining == 0) {
            parse = Parse.FRAME_TYPE;
        }
    }

    /** {@code 0xFF 0x00}: the closing handshake (draft-76 section 4.2 and 5.3). */
    private void onCloseFrame() {
        parse = Parse.DONE;
        if (state == State.OPEN) {
            writeClose();
        }
        state = State.CLOSED;
        text = EMPTY;
        listener.onEvent(new Event.CloseReceived(CloseCodes.NO_STATUS, ""));
        listener.onEvent(new Event.Closed(CloseCodes.NO_STATUS, "", true, null));
    }

    /** Fails the connection: hixie has no close codes, so the peer gets the closing handshake. */
    private void fail(ProtocolException e) {
        parse = Parse.DONE;
        text = EMPTY;
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN && version == ProtocolVersion.HIXIE_76) {
            writeClose();
        }
        state = State.CLOSED;
        listener.onEvent(new Event.Closed(e.closeCode(), e.getMessage(), false, e));
    }

    private void append(ByteBuffer in, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        int size = (int) textSize;
        if (size + n > text.length) {
            long wanted = Math.max(size + n, Math.min(Math.max(1024L, 2L * text.length), maxText()));
            text = Arrays.copyOf(text, (int) wanted);
        }
        in.get(from, text, size, n);
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void sendText(CharSequence message) {
        checkOpen("a message");
        if (sending) {
            throw new IllegalStateException("a message is being sent in pieces; finish it first");
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
        writeByte(0x00);
        writeBytes(ByteBuffer.wrap(bytes));
        writeByte(0xFF);
    }

    @Override
    public void sendBinary(ByteBuffer data) {
        throw cannotCarry("binary messages");
    }

    @Override
    public void sendFragment(boolean isText, ByteBuffer data, boolean last) {
        if (!isText) {
            throw cannotCarry("binary messages");
        }
        checkOpen("a message");
        int utf8 = Utf8Validator.validate(sending ? sendUtf8State : Utf8Validator.ACCEPT, data, data.position(),
                data.limit());
        if (utf8 == Utf8Validator.REJECT || last && utf8 != Utf8Validator.ACCEPT) {
            throw new IllegalArgumentException("text pieces are not valid UTF-8");
        }
        if (!sending) {
            writeByte(0x00);
            sending = true;
        }
        sendUtf8State = (byte) utf8;
        writeBytes(data);
        if (last) {
            writeByte(0xFF);
            sending = false;
            sendUtf8State = Utf8Validator.ACCEPT;
        }
    }

    @Override
    public void sendPing(ByteBuffer payload) {
        throw cannotCarry("pings");
    }

    @Override
    public void sendPong(ByteBuffer payload) {
        throw cannotCarry("pongs");
    }

    /**
     * Checks {@code code} and {@code reason} as {@code WebSocketEngine.close} does (they do not go on the wire),
     * then starts the closing handshake: hixie-76 writes {@code 0xFF 0x00} and waits for the peer's; hixie-75,
     * which has none, reports {@code Closed(1005, "", clean)} at once.
     */
    @Override
    public void close(int code, String reason) {
        String why = CloseCodes.checkSendable(code, reason);
        if (state != State.OPEN) {
            return;
        }
        if (version == ProtocolVersion.HIXIE_75) {
            state = State.CLOSED;
            parse = Parse.DONE;
            text = EMPTY;
            listener.onEvent(new Event.Closed(CloseCodes.NO_STATUS, "", true, null));
            return;
        }
        writeClose();
        state = State.CLOSE_SENT;
    }

    @Override
    public void transportClosed() {
        abort("connection ended without a close handshake");
    }

    /**
     * The peer ended the TCP connection in order (end of stream, not an error). hixie-75 has no closing handshake:
     * this is how its peers close, reported as {@code CloseReceived(1005, "")} then {@code Closed(1005, "", clean)}.
     * On hixie-76 it is {@link #transportClosed()}.
     */
    public void peerEndedStream() {
        if (version != ProtocolVersion.HIXIE_75 || state != State.OPEN) {
            transportClosed();
            return;
        }
        state = State.CLOSED;
        parse = Parse.DONE;
        text = EMPTY;
        listener.onEvent(new Event.CloseReceived(CloseCodes.NO_STATUS, ""));
        listener.onEvent(new Event.Closed(CloseCodes.NO_STATUS, "", true, null));
    }

    @Override
    public void closeTimedOut() {
        abort("close handshake timed out");
    }

    private void abort(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        parse = Parse.DONE;
        text = EMPTY;
        listener.onEvent(new Event.Closed(CloseCodes.ABNORMAL, reason, false, null));
    }

    private IllegalStateException cannotCarry(String what) {
        return new IllegalStateException(version.label() + " cannot carry " + what);
    }

    private void checkOpen(String what) {
        if (state != State.OPEN) {
            throw new IllegalStateException("cannot send " + what + ": the connection is " + state);
        }
    }

    private void writeClose() {
        writeByte(0xFF);
        writeByte(0x00);
    }

    private void writeByte(int b) {
        output.writable(1).put((byte) b);
    }

    /** {@code data}'s remaining bytes; its position is not moved. */
    private void writeBytes(ByteBuffer data) {
        int at = data.position();
        int end = data.limit();
        while (at < end) {
            ByteBuffer b = output.writable(1);
            int n = Math.min(b.remaining(), end - at);
            b.put(b.position(), data, at, n);
            b.position(b.position() + n);
            at += n;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The longest text frame accepted: both limits apply, and a whole frame lives in one array. */
    private long maxText() {
        return Math.min(Math.min(config.maxMessageSize(), config.maxFramePayload()), MAX_ARRAY_SIZE);
    }

    private static byte[] copyBytes(ByteBuffer buf, int from, int to) {
        byte[] bytes = new byte[to - from];
        buf.get(from, bytes);
        return bytes;
    }

    private static ByteBuffer copy(ByteBuffer buf, int from, int to) {
        return ByteBuffer.wrap(copyBytes(buf, from, to));
    }

    @Override
    public String toString() {
        return "HixieEngine[" + version.label() + ", " + role + ", " + state + ", " + parse
                + (parse == Parse.TEXT ? " (" + textSize + " bytes)" : "")
                + (parse == Parse.SKIP ? " (" + remaining + " of " + length + " bytes left)" : "")
                + (sending ? ", sending text" : "") + "]";
    }
}
