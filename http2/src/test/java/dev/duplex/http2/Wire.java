package dev.duplex.http2;

import dev.duplex.http2.hpack.HeaderField;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built frames for tests (RFC 9113 section 4.1 and 6), independent of the engine's writer, and a parser of
 * what a connection wrote. Field blocks are hand-encoded as HPACK literals without indexing with a new name and
 * no Huffman coding (RFC 7541 section 6.2.2), so they need no dynamic table state.
 */
final class Wire {
    static final int END_STREAM = 0x1;
    static final int ACK = 0x1;
    static final int END_HEADERS = 0x4;
    static final int PADDED = 0x8;
    static final int PRIORITY_FLAG = 0x20;

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private Wire() {
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        b.put((byte) type).put((byte) flags).putInt(streamId).put(payload);
        return b.array();
    }

    /** A frame header announcing {@code length} octets, without the payload. */
    static byte[] header(int length, int type, int flags, int streamId) {
        ByteBuffer b = ByteBuffer.allocate(9);
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        return b.put((byte) type).put((byte) flags).putInt(streamId).array();
    }

    /** SETTINGS with (identifier, value) pairs. */
    static byte[] settings(long... idValue) {
        ByteBuffer b = ByteBuffer.allocate(idValue.length * 3);
        for (int i = 0; i < idValue.length; i += 2) {
            b.putShort((short) idValue[i]).putInt((int) idValue[i + 1]);
        }
        return frame(0x4, 0, 0, b.array());
    }

    static byte[] settingsAck() {
        return frame(0x4, ACK, 0, new byte[0]);
    }

    static byte[] ping(long opaque) {
        return frame(0x6, 0, 0, ByteBuffer.allocate(8).putLong(opaque).array());
    }

    static byte[] pingAck(long opaque) {
        return frame(0x6, ACK, 0, ByteBuffer.allocate(8).putLong(opaque).array());
    }

    static byte[] headers(int streamId, int flags, byte[] block) {
        return frame(0x1, flags, streamId, block);
    }

    static byte[] continuation(int streamId, int flags, byte[] block) {
        return frame(0x9, flags, streamId, block);
    }

    static byte[] data(int streamId, int flags, byte[] data) {
        return frame(0x0, flags, streamId, data);
    }

    static byte[] data(int streamId, int flags, String text) {
        return data(streamId, flags, utf8(text));
    }

    /** DATA with the PADDED flag: pad length octet, data, {@code padLength} zero octets. */
    static byte[] paddedData(int streamId, int flags, byte[] data, int padLength) {
        byte[] payload = new byte[1 + data.length + padLength];
        payload[0] = (byte) padLength;
        System.arraycopy(data, 0, payload, 1, data.length);
        return frame(0x0, flags | PADDED, streamId, payload);
    }

    static byte[] rst(int streamId, ErrorCode code) {
        return frame(0x3, 0, streamId, ByteBuffer.allocate(4).putInt(code.code()).array());
    }

    static byte[] windowUpdate(int streamId, int increment) {
        return frame(0x8, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    static byte[] goAway(int lastStreamId, ErrorCode code, String debug) {
        byte[] d = utf8(debug);
        return frame(0x7, 0, 0, ByteBuffer.allocate(8 + d.length).putInt(lastStreamId).putInt(code.code()).put(d)
                .array());
    }

    static byte[] priority(int streamId, int dependency) {
        return frame(0x2, 0, streamId, ByteBuffer.allocate(5).putInt(dependency).put((byte) 15).array());
    }

    static byte[] pushPromise(int streamId, int promised, byte[] block) {
        return frame(0x5, END_HEADERS, streamId, ByteBuffer.allocate(4 + block.length).putInt(promised).put(block)
                .array());
    }

    /** A field block of literals without indexing, new names, raw strings (RFC 7541 section 6.2.2). */
    static byte[] block(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.write(0x00);
            string(out, namesAndValues[i]);
            string(out, namesAndValues[i + 1]);
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, b.length, 7, 0);
        out.writeBytes(b);
    }

    /** An HPACK integer with an {@code n}-bit prefix (RFC 7541 section 5.1). */
    static void integer(ByteArrayOutputStream out, int value, int n, int firstBits) {
        int max = (1 << n) - 1;
        if (value < max) {
            out.write(firstBits | value);
            return;
        }
        out.write(firstBits | max);
        value -= max;
        while (value >= 128) {
            out.write(value % 128 + 128);
            value /= 128;
        }
        out.write(value);
    }

    static byte[] request(String path) {
        return block(":method", "GET", ":scheme", "https", ":path", path, ":authority", "example.com");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** Parses complete frames (any size up to 2^24-1); trailing partial bytes are an assertion failure. */
    static List<Frame> parse(byte[] bytes) {
        FrameReader reader = new FrameReader(Settings.MAX_MAX_FRAME_SIZE);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Frame> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            Frame f = reader.next(in);
            if (f == null) {
                throw new AssertionError("output ends inside a frame: " + reader);
            }
            frames.add(f);
        }
        return frames;
    }

    static List<HeaderField> fields(String... namesAndValues) {
        List<HeaderField> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new HeaderField(namesAndValues[i], namesAndValues[i + 1]));
        }
        return list;
    }
}
