package dev.duplex.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.duplex.http2.ErrorCode.FRAME_SIZE_ERROR;
import static dev.duplex.http2.ErrorCode.PROTOCOL_ERROR;
import static dev.duplex.http2.FrameType.FLAG_ACK;
import static dev.duplex.http2.FrameType.FLAG_END_HEADERS;
import static dev.duplex.http2.FrameType.FLAG_END_STREAM;
import static dev.duplex.http2.FrameType.FLAG_PADDED;
import static dev.duplex.http2.FrameType.FLAG_PRIORITY;

/**
 * Decodes one complete frame payload, a method per frame type (as Jetty's parser per type), enforcing the rules
 * of RFC 9113 section 6 that need no connection state. Violations are thrown as {@link Http2Exception}s;
 * flags a type does not define are ignored (section 4.1).
 */
final class FrameDecoder {
    private FrameDecoder() {
    }

    static Frame decode(FrameHeader h, ByteBuffer payload) {
        FrameType type = h.frameType();
        if (type == null) {
            return new Frame.Unknown(h.type(), h.streamId(), h.length());
        }
        return switch (type) {
            case DATA -> data(h, payload);
            case HEADERS -> headers(h, payload);
            case PRIORITY -> priority(h, payload);
            case RST_STREAM -> rstStream(h, payload);
            case SETTINGS -> settings(h, payload);
            case PUSH_PROMISE -> pushPromise(h, payload);
            case PING -> ping(h, payload);
            case GOAWAY -> goAway(h, payload);
            case WINDOW_UPDATE -> windowUpdate(h, payload);
            case CONTINUATION -> continuation(h, payload);
        };
    }

    /** Section 6.1. */
    private static Frame data(FrameHeader h, ByteBuffer p) {
        requireStream(h);
        ByteBuffer data = unpad(h, p, 0);
        return new Frame.Data(h.streamId(), data, h.has(FLAG_END_STREAM), h.length());
    }

    /** Section 6.2; the priority fields are read and dropped (section 5.3.2). */
    private static Frame headers(FrameHeader h, ByteBuffer p) {
        requireStream(h);
        boolean priority = h.has(FLAG_PRIORITY);
        ByteBuffer fragment = unpad(h, p, priority ? 5 : 0);
        boolean selfDependent = false;
        if (priority) {
            int dependency = p.getInt(p.position() + (h.has(FLAG_PADDED) ? 1 : 0)) & FrameHeader.MAX_31;
            selfDependent = dependency == h.streamId();
        }
        return new Frame.Headers(h.streamId(), fragment, h.has(FLAG_END_STREAM), h.has(FLAG_END_HEADERS),
                selfDependent);
    }

    /** Section 6.3: a wrong length is a stream error; priority itself is ignored (section 5.3.2). */
    private static Frame priority(FrameHeader h, ByteBuffer p) {
        requireStream(h);
        if (h.length() != 5) {
            throw Http2Exception.stream(h.streamId(), FRAME_SIZE_ERROR, "PRIORITY length " + h.length() + " (6.3)");
        }
        int dependency = p.getInt(p.position()) & FrameHeader.MAX_31;
        if (dependency == h.streamId()) {
            throw Http2Exception.stream(h.streamId(), PROTOCOL_ERROR, "stream depends on itself (5.3.1)");
        }
        return new Frame.Priority(h.streamId(), dependency);
    }

    /** Section 6.4. */
    private static Frame rstStream(FrameHeader h, ByteBuffer p) {
        requireStream(h);
        requireLength(h, 4);
        return new Frame.RstStream(h.streamId(), ErrorCode.of(p.getInt(p.position()) & 0xffffffffL));
    }

    /** Section 6.5: stream 0, no payload on ACK, a multiple of 6 octets, values checked (6.5.2). */
    private static Frame settings(FrameHeader h, ByteBuffer p) {
        requireConnection(h);
        boolean ack = h.has(FLAG_ACK);
        if (ack && h.length() != 0) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS ACK with a payload (6.5)");
        }
        if (h.length() % 6 != 0) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS length " + h.length()
                    + " is not a multiple of 6 (6.5)");
        }
        List<Frame.Setting> list = new ArrayList<>(h.length() / 6);
        for (int i = p.position(); i < p.position() + h.length(); i += 6) {
            int id = p.getShort(i) & 0xffff;
            long value = p.getInt(i + 2) & 0xffffffffL;
            Settings.check(id, value);
            list.add(new Frame.Setting(id, value));
        }
        return new Frame.SettingsFrame(ack, list);
    }

    /** Section 6.6. */
    private static Frame pushPromise(FrameHeader h, ByteBuffer p) {
        requireStream(h);
        ByteBuffer fragment = unpad(h, p, 4);
        int promised = p.getInt(p.position() + (h.has(FLAG_PADDED) ? 1 : 0)) & FrameHeader.MAX_31;
        return new Frame.PushPromise(h.streamId(), promised, fragment, h.has(FLAG_END_HEADERS));
    }

    /** Section 6.7. */
    private static Frame ping(FrameHeader h, ByteBuffer p) {
        requireConnection(h);
        requireLength(h, 8);
        return new Frame.Ping(h.has(FLAG_ACK), p.getLong(p.position()));
    }

    /** Section 6.8. */
    private static Frame goAway(FrameHeader h, ByteBuffer p) {
        requireConnection(h);
        if (h.length() < 8) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "GOAWAY length " + h.length() + " (6.8)");
        }
        int start = p.position();
        int last = p.getInt(start) & FrameHeader.MAX_31;
        ErrorCode code = ErrorCode.of(p.getInt(start + 4) & 0xffffffffL);
        byte[] debug = new byte[h.length() - 8];
        p.get(start + 8, debug);
        return new Frame.GoAway(last, code, new String(debug, StandardCharsets.UTF_8));
    }

    /** Section 6.9: a zero increment is a stream error on a stream and a connection error on stream 0. */
    private static Frame windowUpdate(FrameHeader h, ByteBuffer p) {
        requireLength(h, 4);
        int increment = p.getInt(p.position()) & FrameHeader.MAX_31;
        if (increment == 0) {
            String reason = "WINDOW_UPDATE increment 0 (6.9)";
            throw h.streamId() == 0 ? Http2Exception.connection(PROTOCOL_ERROR, reason)
                    : Http2Exception.stream(h.streamId(), PROTOCOL_ERROR, reason);
        }
        return new Frame.WindowUpdate(h.streamId(), increment);
    }

    /** Section 6.10. */
    private static Frame continuation(FrameHeader h, ByteBuffer p) {
        requireStream(h);
        return new Frame.Continuation(h.streamId(), p.slice(p.position(), h.length()), h.has(FLAG_END_HEADERS));
    }

    /**
     * The payload without the pad length octet, {@code fixed} octets of fixed fields and the padding. Too short
     * for its mandatory fields is FRAME_SIZE_ERROR (section 4.2); padding as long as the rest or longer is
     * PROTOCOL_ERROR (sections 6.1, 6.2, 6.6).
     */
    private static ByteBuffer unpad(FrameHeader h, ByteBuffer p, int fixed) {
        boolean padded = h.has(FLAG_PADDED);
        int head = (padded ? 1 : 0) + fixed;
        if (h.length() < head) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, h.frameType() + " too short for its fields: "
                    + h.length() + " octets (4.2)");
        }
        int padLength = padded ? p.get(p.position()) & 0xff : 0;
        if (padded && padLength >= h.length() - head + 1) {
            throw Http2Exception.connection(PROTOCOL_ERROR, h.frameType() + " pad length " + padLength
                    + " not shorter than the payload (6.1)");
        }
        return p.slice(p.position() + head, h.length() - head - padLength);
    }

    private static void requireStream(FrameHeader h) {
        if (h.streamId() == 0) {
            throw Http2Exception.connection(PROTOCOL_ERROR, h.frameType() + " on stream 0 (6)");
        }
    }

    private static void requireConnection(FrameHeader h) {
        if (h.streamId() != 0) {
            throw Http2Exception.connection(PROTOCOL_ERROR, h.frameType() + " on stream " + h.streamId() + " (6)");
        }
    }

    private static void requireLength(FrameHeader h, int length) {
        if (h.length() != length) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, h.frameType() + " length " + h.length()
                    + ", must be " + length + " (4.2)");
        }
    }
}
