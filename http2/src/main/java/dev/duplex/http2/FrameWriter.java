package dev.duplex.http2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.duplex.http2.FrameType.FLAG_ACK;
import static dev.duplex.http2.FrameType.FLAG_END_HEADERS;
import static dev.duplex.http2.FrameType.FLAG_END_STREAM;

/**
 * Writes frames (RFC 9113 section 4.1 and 6) into an {@link Http2Output}: fixed-size frames in one piece,
 * payloads across as many buffers as the output hands out. Callers check sizes and flow control.
 */
final class FrameWriter {
    private final Http2Output out;

    FrameWriter(Http2Output out) {
        this.out = out;
    }

    /** The client connection preface (section 3.4). */
    void preface() {
        copy(ByteBuffer.wrap(ConnectionPreface.CLIENT), ConnectionPreface.CLIENT.length);
    }

    /** SETTINGS (section 6.5) with parameters in order. */
    void settings(List<Frame.Setting> settings) {
        ByteBuffer b = out.writable(FrameHeader.SIZE + 6 * Math.min(settings.size(), 9));
        FrameHeader.write(b, 6 * settings.size(), FrameType.SETTINGS, 0, 0);
        for (Frame.Setting s : settings) {
            if (b.remaining() < 6) {
                b = out.writable(6);
            }
            b.putShort((short) s.id()).putInt((int) s.value());
        }
    }

    void settingsAck() {
        FrameHeader.write(out.writable(FrameHeader.SIZE), 0, FrameType.SETTINGS, FLAG_ACK, 0);
    }

    /** PING (section 6.7). */
    void ping(boolean ack, long opaque) {
        ByteBuffer b = out.writable(FrameHeader.SIZE + 8);
        FrameHeader.write(b, 8, FrameType.PING, ack ? FLAG_ACK : 0, 0);
        b.putLong(opaque);
    }

    /** GOAWAY (section 6.8); the debug text is cut to fit {@code maxFrameSize}. */
    void goAway(int lastStreamId, ErrorCode code, String debug, int maxFrameSize) {
        byte[] data = debug.getBytes(StandardCharsets.UTF_8);
        int debugLength = Math.min(data.length, maxFrameSize - 8);
        ByteBuffer b = out.writable(FrameHeader.SIZE + 8);
        FrameHeader.write(b, 8 + debugLength, FrameType.GOAWAY, 0, 0);
        b.putInt(lastStreamId).putInt(code.code());
        copy(ByteBuffer.wrap(data), debugLength);
    }

    /** WINDOW_UPDATE (section 6.9), increment in 1..2^31-1. */
    void windowUpdate(int streamId, int increment) {
        ByteBuffer b = out.writable(FrameHeader.SIZE + 4);
        FrameHeader.write(b, 4, FrameType.WINDOW_UPDATE, 0, streamId);
        b.putInt(increment);
    }

    /** RST_STREAM (section 6.4). */
    void rstStream(int streamId, ErrorCode code) {
        ByteBuffer b = out.writable(FrameHeader.SIZE + 4);
        FrameHeader.write(b, 4, FrameType.RST_STREAM, 0, streamId);
        b.putInt(code.code());
    }

    /** One DATA frame (section 6.1) carrying the next {@code length} bytes of {@code data}, unpadded. */
    void data(int streamId, ByteBuffer data, int length, boolean endStream) {
        FrameHeader.write(out.writable(FrameHeader.SIZE), length, FrameType.DATA, endStream ? FLAG_END_STREAM : 0,
                streamId);
        copy(data, length);
    }

    /**
     * A field block as HEADERS followed by as many CONTINUATION frames as {@code maxFrameSize} requires (sections
     * 4.3, 6.2, 6.10); END_HEADERS on the last of them.
     */
    void headers(int streamId, ByteBuffer block, boolean endStream, int maxFrameSize) {
        FrameType type = FrameType.HEADERS;
        int flags = endStream ? FLAG_END_STREAM : 0;
        do {
            int length = Math.min(block.remaining(), maxFrameSize);
            boolean last = length == block.remaining();
            FrameHeader.write(out.writable(FrameHeader.SIZE), length, type, flags | (last ? FLAG_END_HEADERS : 0),
                    streamId);
            copy(block, length);
            type = FrameType.CONTINUATION;
            flags = 0;
        } while (block.hasRemaining());
    }

    private void copy(ByteBuffer from, int length) {
        while (length > 0) {
            ByteBuffer b = out.writable(1);
            int n = Math.min(length, b.remaining());
            b.put(b.position(), from, from.position(), n);
            b.position(b.position() + n);
            from.position(from.position() + n);
            length -= n;
        }
    }
}
