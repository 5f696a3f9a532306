package dev.duplex.interop.hostile;

import dev.duplex.http2.ErrorCode;
import dev.duplex.http2.hpack.HeaderField;
import dev.duplex.http2.hpack.HpackDecoder;
import dev.duplex.http2.hpack.HpackException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.duplex.interop.hostile.H2Frames.ACK;
import static dev.duplex.interop.hostile.H2Frames.CONTINUATION;
import static dev.duplex.interop.hostile.H2Frames.DATA;
import static dev.duplex.interop.hostile.H2Frames.END_HEADERS;
import static dev.duplex.interop.hostile.H2Frames.GOAWAY;
import static dev.duplex.interop.hostile.H2Frames.HEADERS;
import static dev.duplex.interop.hostile.H2Frames.PADDED;
import static dev.duplex.interop.hostile.H2Frames.RST_STREAM;
import static dev.duplex.interop.hostile.H2Frames.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-driven HTTP/2 client with prior knowledge (RFC 9113 section 3.3) over a plain socket: it writes whatever
 * frames an attack needs ({@link H2Frames}) and reads the server's frames back with deadlines. Field blocks from
 * the server are decoded with the library's HPACK decoder, every one in order, so its dynamic table stays in step.
 * Once {@link #open opened}, it acknowledges the server's SETTINGS and gives back the flow-control credit of
 * every DATA frame at once while reading ({@link #autoAck}, {@link #autoCredit}); a bare {@link #connect connection}
 * answers nothing. WebSocket frames (RFC 8441) carried in a stream's DATA are reassembled per stream
 * ({@link #readWs}).
 */
final class H2Wire implements AutoCloseable {

    /** One frame from the server; a HEADERS frame carries its decoded fields (CONTINUATION frames merged in). */
    record Frame(int type, int flags, int streamId, byte[] payload, List<HeaderField> fields) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** The error code of RST_STREAM or GOAWAY. */
        ErrorCode code() {
            ByteBuffer b = ByteBuffer.wrap(payload);
            return ErrorCode.of(Integer.toUnsignedLong(b.getInt(type == GOAWAY ? 4 : 0)));
        }

        int lastStreamId() {
            return ByteBuffer.wrap(payload).getInt(0) & 0x7fffffff;
        }

        String debug() {
            return new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
        }

        String field(String name) {
            for (HeaderField f : fields) {
                if (f.name().equals(name)) {
                    return f.value();
                }
            }
            return null;
        }

        int status() {
            String s = field(":status");
            return s == null ? -1 : Integer.parseInt(s);
        }

        boolean isGoAway() {
            return type == GOAWAY;
        }

        boolean isReset(int stream) {
            return type == RST_STREAM && streamId == stream;
        }

        @Override
        public String toString() {
            String[] names = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING",
                    "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};
            String name = type < names.length ? names[type] : "type " + type;
            String detail = switch (type) {
                case RST_STREAM -> " " + code();
                case GOAWAY -> " last=" + lastStreamId() + " " + code() + " \"" + debug() + "\"";
                case HEADERS -> " " + fields;
                default -> " " + payload.length + " bytes";
            };
            return name + "[stream " + streamId + ", flags 0x" + Integer.toHexString(flags) + detail + "]";
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
    private final Map<Integer, ByteArrayOutputStream> wsBytes = new HashMap<>();
    /** Every frame read, for assertion messages (the last {@value #KEEP} only). */
    private final List<Frame> seen = new ArrayList<>();
    private static final int KEEP = 50;
    final Map<Integer, Long> serverSettings = new HashMap<>();
    volatile boolean autoCredit = true;
    volatile boolean autoAck = true;
    private int nextStream = 1;

    private H2Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    /** A TCP connection, nothing sent yet, that does not answer what it reads; {@code receiveBuffer} 0: the default. */
    static H2Wire connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        H2Wire w = new H2Wire(s);
        w.autoAck = false;
        w.autoCredit = false;
        return w;
    }

    /**
     * Connects, sends the preface with SETTINGS {@code settings} (pairs; by default a 16 MiB stream window) and a
     * 16 MiB connection window, and waits for the server's SETTINGS (answered).
     */
    static H2Wire open(int port, long... settings) throws IOException {
        H2Wire w = connect(port, 0);
        w.autoAck = true;
        w.autoCredit = true;
        try {
            long[] s = settings.length > 0 ? settings : new long[] {H2Frames.INITIAL_WINDOW_SIZE, 16 << 20};
            w.send(H2Frames.concat(H2Frames.PREFACE, H2Frames.settings(s),
                    H2Frames.windowUpdate(0, (16 << 20) - 65_535)));
            w.await(f -> f.type() == SETTINGS && !f.has(ACK), Duration.ofSeconds(5));
        } catch (IOException | RuntimeException | Error e) {
            w.close();
            throw e;
        }
        return w;
    }

    /** The next client stream identifier (odd, increasing; section 5.1.1). */
    int nextStream() {
        int id = nextStream;
        nextStream += 2;
        return id;
    }

    synchronized void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Opens a WebSocket on a new stream (RFC 8441) and checks the 200 answer; returns the stream. */
    int openWebSocket(String path) throws IOException {
        int id = nextStream();
        send(H2Frames.headers(id, END_HEADERS, H2Frames.connect(path)));
        Frame answer = await(f -> f.streamId() == id && f.type() != DATA, Duration.ofSeconds(5));
        assertThat(answer.type()).as("answer to the extended CONNECT: %s", answer).isEqualTo(HEADERS);
        assertThat(answer.status()).as("answer to the extended CONNECT: %s", answer).isEqualTo(200);
        return id;
    }

    /** Sends WebSocket bytes (masked frames) on a stream, in DATA frames of at most 16 KiB. */
    void sendWs(int stream, byte[] wsFrames) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int off = 0; off < wsFrames.length; off += H2Frames.MAX_FRAME) {
            int n = Math.min(H2Frames.MAX_FRAME, wsFrames.length - off);
            byte[] chunk = new byte[n];
            System.arraycopy(wsFrames, off, chunk, 0, n);
            b.writeBytes(H2Frames.data(stream, 0, chunk));
        }
        send(b.toByteArray());
    }

    /**
     * The next WebSocket frame the server sent on {@code stream}; fails when the stream or connection ends
     * first, or on timeout.
     */
    Wire.Frame readWs(int stream, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Wire.Frame ws = parseWs(stream);
            if (ws != null) {
                return ws;
            }
            Frame f = await(x -> x.streamId() == stream || x.isGoAway(), left(deadline));
            assertThat(f.type()).as("a WebSocket frame on stream %d, got %s", stream, f).isEqualTo(DATA);
        }
    }

    /** A complete WebSocket frame (unmasked, as a server sends) from the stream's DATA so far, or null. */
    private Wire.Frame parseWs(int stream) {
        ByteArrayOutputStream acc = wsBytes.get(stream);
        if (acc == null || acc.size() < 2) {
            return null;
        }
        byte[] b = acc.toByteArray();
        int length = b[1] & 0x7f;
        int header = 2;
        if (length == 126) {
            if (b.length < 4) {
                return null;
            }
            length = (b[2] & 0xff) << 8 | b[3] & 0xff;
            header = 4;
        } else if (length == 127) {
            if (b.length < 10) {
                return null;
            }
            length = (int) ByteBuffer.wrap(b, 2, 8).getLong();
            header = 10;
        }
        if (b.length < header + length) {
            return null;
        }
        byte[] payload = new byte[length];
        System.arraycopy(b, header, payload, 0, length);
        acc.reset();
        acc.write(b, header + length, b.length - header - length);
        return new Wire.Frame((b[0] & 0x80) != 0, (b[0] >>> 4) & 7, b[0] & 0xf, payload);
    }

    /** Reads frames until one matches; fails with the frames seen when the connection ends or time runs out. */
    Frame await(Predicate<Frame> wanted, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f;
            try {
                f = next(left(deadline));
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no expected frame within " + timeout + "; frames seen: " + seen);
            }
            assertThat(f).as("an expected frame before the end of the connection; frames seen: %s", seen)
                    .isNotNull();
            if (wanted.test(f)) {
                return f;
            }
        }
    }

    /**
     * The next frame, or null at the end of the stream (EOF or reset). Records the server's SETTINGS (and answers
     * them when {@link #autoAck} is on) and WebSocket bytes, and gives back DATA credit when {@link #autoCredit} is on.
     */
    Frame next(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] header = new byte[9];
        try {
            setTimeout(deadline);
            int first = in.read();
            if (first < 0) {
                return null;
            }
            header[0] = (byte) first;
            readFully(header, 1, 8, deadline);
        } catch (SocketException reset) {
            return null;
        }
        int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
        int type = header[3] & 0xff;
        int flags = header[4] & 0xff;
        int stream = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        readFully(payload, 0, length, deadline);
        List<HeaderField> fields = List.of();
        if (type == HEADERS) {
            fields = decode(headerBlock(flags, payload, deadline, stream));
        }
        Frame f = new Frame(type, flags, stream, payload, fields);
        if (seen.size() == KEEP) {
            seen.remove(0);
        }
        seen.add(f);
        if (type == SETTINGS && !f.has(ACK)) {
            ByteBuffer b = ByteBuffer.wrap(payload);
            while (b.remaining() >= 6) {
                serverSettings.put(b.getShort() & 0xffff, b.getInt() & 0xffffffffL);
            }
            if (autoAck) {
                send(H2Frames.settingsAck());
            }
        } else if (type == DATA) {
            byte[] data = unpad(flags, payload);
            wsBytes.computeIfAbsent(stream, k -> new ByteArrayOutputStream()).writeBytes(data);
            if (autoCredit && length > 0) {
                send(H2Frames.concat(H2Frames.windowUpdate(0, length), H2Frames.windowUpdate(stream, length)));
            }
        }
        return f;
    }

    /** The whole field block of a HEADERS frame: its fragment plus CONTINUATION frames up to END_HEADERS. */
    private byte[] headerBlock(int flags, byte[] payload, long deadline, int stream) throws IOException {
        int pad = (flags & PADDED) != 0 ? payload[0] & 0xff : 0;
        int start = ((flags & PADDED) != 0 ? 1 : 0) + ((flags & 0x20) != 0 ? 5 : 0);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(payload, start, payload.length - start - pad);
        boolean end = (flags & END_HEADERS) != 0;
        while (!end) {
            byte[] h = new byte[9];
            readFully(h, 0, 9, deadline);
            int length = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | h[2] & 0xff;
            assertThat(h[3] & 0xff).as("CONTINUATION after HEADERS on stream %d", stream).isEqualTo(CONTINUATION);
            byte[] p = new byte[length];
            readFully(p, 0, length, deadline);
            block.writeBytes(p);
            end = (h[4] & END_HEADERS) != 0;
        }
        return block.toByteArray();
    }

    private List<HeaderField> decode(byte[] block) {
        try {
            return decoder.decode(ByteBuffer.wrap(block)).fields();
        } catch (HpackException e) {
            throw new AssertionError("the server's field block does not decode", e);
        }
    }

    private static byte[] unpad(int flags, byte[] payload) {
        if ((flags & PADDED) == 0) {
            return payload;
        }
        int pad = payload[0] & 0xff;
        byte[] data = new byte[payload.length - 1 - pad];
        System.arraycopy(payload, 1, data, 0, data.length);
        return data;
    }

    /**
     * Reads and drops frames until the server ends the TCP connection (EOF or reset); returns the frames read, or
     * fails if the connection is still open after {@code timeout}.
     */
    List<Frame> awaitEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> frames = new ArrayList<>();
        try {
            Frame f;
            while ((f = next(left(deadline))) != null) {
                frames.add(f);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection within " + timeout + "; frames seen: "
                    + seen);
        } catch (EOFException | SocketException e) {
            // ended inside a frame: ended all the same
        }
        return frames;
    }

    /** The last frames read, oldest first (for assertion messages). */
    List<Frame> seen() {
        return List.copyOf(seen);
    }

    private void readFully(byte[] b, int off, int len, long deadline) throws IOException {
        while (len > 0) {
            setTimeout(deadline);
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("EOF inside a frame");
            }
            off += n;
            len -= n;
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    private void setTimeout(long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
