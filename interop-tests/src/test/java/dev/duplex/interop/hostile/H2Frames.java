package dev.duplex.interop.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Hand-built HTTP/2 frames (RFC 9113 sections 4.1 and 6) and HPACK field blocks (RFC 7541), independent of the
 * library's frame writer and encoder, so that an attack can put any bytes on the wire. Field blocks are built
 * from literals without indexing with a new name and raw (not Huffman-coded) strings (section 6.2.2), which need
 * no dynamic table; {@link Block} adds the other representations for attacks on the table itself.
 */
final class H2Frames {
    static final int DATA = 0x0, HEADERS = 0x1, PRIORITY = 0x2, RST_STREAM = 0x3, SETTINGS = 0x4,
            PUSH_PROMISE = 0x5, PING = 0x6, GOAWAY = 0x7, WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;
    static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8;
    static final int HEADER_TABLE_SIZE = 0x1, ENABLE_PUSH = 0x2, MAX_CONCURRENT_STREAMS = 0x3,
            INITIAL_WINDOW_SIZE = 0x4, MAX_FRAME_SIZE = 0x5, MAX_HEADER_LIST_SIZE = 0x6, ENABLE_CONNECT_PROTOCOL = 0x8;
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_FRAME = 16_384;

    private H2Frames() {
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        return b.put((byte) type).put((byte) flags).putInt(streamId).put(payload).array();
    }

    /** SETTINGS with (identifier, value) pairs. */
    static byte[] settings(long... idValue) {
        ByteBuffer b = ByteBuffer.allocate(idValue.length * 3);
        for (int i = 0; i < idValue.length; i += 2) {
            b.putShort((short) idValue[i]).putInt((int) idValue[i + 1]);
        }
        return frame(SETTINGS, 0, 0, b.array());
    }

    static byte[] settingsAck() {
        return frame(SETTINGS, ACK, 0, new byte[0]);
    }

    static byte[] ping(long opaque) {
        return frame(PING, 0, 0, ByteBuffer.allocate(8).putLong(opaque).array());
    }

    static byte[] headers(int streamId, int flags, byte[] block) {
        return frame(HEADERS, flags, streamId, block);
    }

    static byte[] continuation(int streamId, int flags, byte[] block) {
        return frame(CONTINUATION, flags, streamId, block);
    }

    static byte[] data(int streamId, int flags, byte[] data) {
        return frame(DATA, flags, streamId, data);
    }

    static byte[] rst(int streamId, int code) {
        return frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(code).array());
    }

    static byte[] windowUpdate(int streamId, int increment) {
        return frame(WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
    }

    /** Concatenates frames into one write. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code frame} repeated {@code count} times, for floods written in batches. */
    static byte[] repeat(byte[] frame, int count) {
        byte[] b = new byte[frame.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(frame, 0, b, i * frame.length, frame.length);
        }
        return b;
    }

    /** A field block of literals without indexing with new names (RFC 7541 section 6.2.2). */
    static byte[] block(String... namesAndValues) {
        Block b = new Block();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.literal(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.bytes();
    }

    /** A GET (or another method without a body) of {@code path}, with extra fields. */
    static byte[] request(String method, String path, String... extra) {
        Block b = new Block().literal(":method", method).literal(":scheme", "http").literal(":path", path)
                .literal(":authority", "127.0.0.1");
        for (int i = 0; i < extra.length; i += 2) {
            b.literal(extra[i], extra[i + 1]);
        }
        return b.bytes();
    }

    /** An extended CONNECT (RFC 8441 section 4) for a WebSocket at {@code path}, with extra fields. */
    static byte[] connect(String path, String... extra) {
        Block b = new Block().literal(":method", "CONNECT").literal(":protocol", "websocket")
                .literal(":scheme", "http").literal(":path", path).literal(":authority", "127.0.0.1")
                .literal("sec-websocket-version", "13");
        for (int i = 0; i < extra.length; i += 2) {
            b.literal(extra[i], extra[i + 1]);
        }
        return b.bytes();
    }

    /** An HPACK field block built representation by representation (RFC 7541 section 6). */
    static final class Block {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** Literal without indexing, new name (section 6.2.2). */
        Block literal(String name, String value) {
            out.write(0x00);
            string(name);
            string(value);
            return this;
        }

        /** Literal with incremental indexing, new name (section 6.2.1): the field enters the dynamic table. */
        Block indexedLiteral(String name, String value) {
            out.write(0x40);
            string(name);
            string(value);
            return this;
        }

        /** Indexed field (section 6.1): 1-61 static, 62 the newest dynamic entry. */
        Block indexed(int index) {
            integer(index, 7, 0x80);
            return this;
        }

        /** Dynamic table size update (section 6.3). */
        Block sizeUpdate(int size) {
            integer(size, 5, 0x20);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            integer(b.length, 7, 0);
            out.writeBytes(b);
        }

        /** An integer with an {@code n}-bit prefix (section 5.1). */
        private void integer(int value, int n, int firstBits) {
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
    }
}
