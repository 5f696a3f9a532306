package dev.duplex.browser;

import java.nio.ByteBuffer;

/**
 * A message arrived (https://websockets.spec.whatwg.org/#feedback-from-the-protocol). {@link #data()} is a
 * {@link String} for a text message, and for a binary message a {@link Blob} or a {@link ByteBuffer}, as the
 * socket's {@link WebSocket#binaryType()} was when the event was created:
 * <pre>{@code
 * switch (event.data()) {
 *     case String text -> ...
 *     case Blob blob -> ...
 *     case ByteBuffer bytes -> ...
 *     default -> throw new AssertionError();
 * }
 * }</pre>
 *
 * @param target the socket
 * @param data   the message
 * @param origin the serialization of the origin of the socket's URL, such as {@code ws://example.com:8080}
 */
public record MessageEvent(WebSocket target, Object data, String origin) implements Event {
    @Override
    public String type() {
        return "message";
    }

    /**
     * The message. A {@code ByteBuffer} is returned as a new view of the message's bytes (position 0, limit
     * the size), so that listeners reading it do not disturb each other; like an {@code ArrayBuffer}, the
     * bytes themselves are shared by the event's listeners.
     */
    @Override
    public Object data() {
        return data instanceof ByteBuffer b ? b.duplicate() : data;
    }

    /** Whether this is a text message. */
    public boolean isText() {
        return data instanceof String;
    }

    /**
     * The text of a text message.
     *
     * @throws IllegalStateException for a binary message
     */
    public String text() {
        if (data instanceof String s) {
            return s;
        }
        throw new IllegalStateException("not a text message: " + this);
    }

    /** A copy of the message's bytes: the UTF-8 of a text message, or the binary message's bytes. */
    public byte[] bytes() {
        return switch (data) {
            case String s -> Strings.utf8(s);
            case Blob b -> b.bytes();
            case ByteBuffer b -> {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                yield copy;
            }
            default -> throw new IllegalStateException("unexpected data " + data);
        };
    }

    @Override
    public String toString() {
        String d = switch (data) {
            case String s -> s.length() <= 64 ? '"' + s + '"' : "text of " + s.length() + " chars";
            case ByteBuffer b -> "ArrayBuffer of " + b.remaining() + " bytes";
            default -> String.valueOf(data);
        };
        return "MessageEvent[" + d + ", origin=" + origin + "]";
    }
}
