package dev.duplex.interop.hostile;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-driven client over a plain socket: it writes whatever bytes an attack needs (request heads, frames
 * with any header, masked as a client must, RFC 6455 section 5.3) and reads the server's answers with
 * deadlines: an HTTP head, frames, or the end of the TCP stream.
 */
final class Wire implements AutoCloseable {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /** One frame from the server. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        static final int TEXT = 1;
        static final int BINARY = 2;
        static final int CLOSE = 8;
        static final int PING = 9;
        static final int PONG = 10;

        /** The close code of a close frame, 1005 when it has none. */
        int closeCode() {
            return payload.length < 2 ? 1005 : (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Frame[opcode=" + opcode + ", fin=" + fin + ", " + payload.length + " bytes"
                    + (opcode == CLOSE ? ", code " + closeCode() : "") + "]";
        }
    }

    /** An HTTP response head. */
    record Head(int status, String statusLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final int port;

    private Wire(Socket socket, int port) throws IOException {
        this.socket = socket;
        this.port = port;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = socket.getOutputStream();
    }

    /** A TCP connection to the server, nothing sent yet. */
    static Wire connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** A TCP connection whose receive buffer is set to {@code receiveBuffer} bytes (0: the default). */
    static Wire connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new Wire(s, port);
    }

    /** A client over a socket that is already connected (a TLS socket, for example). */
    static Wire over(Socket connected, int port) throws IOException {
        return new Wire(connected, port);
    }

    /** An opening handshake for {@code path} (RFC 6455 section 4.1), with extra header lines ("Name: value"). */
    static String request(int port, String path, String... headers) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** Connects, sends the handshake and checks the 101 answer. */
    static Wire upgrade(int port, String path, String... headers) throws IOException {
        return upgrade(port, 0, path, headers);
    }

    static Wire upgrade(int port, int receiveBuffer, String path, String... headers) throws IOException {
        return connect(port, receiveBuffer).handshake(path, headers);
    }

    /** Sends the opening handshake on this connection and checks the 101 answer; closes it on failure. */
    Wire handshake(String path, String... headers) throws IOException {
        try {
            send(request(port, path, headers));
            Head response = readHead(Duration.ofSeconds(5));
            assertThat(response).as("response to the opening handshake").isNotNull();
            assertThat(response.status()).as(response.statusLine()).isEqualTo(101);
            assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(ACCEPT);
            head = response;
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    /** The 101 response, for connections made with {@link #upgrade}. */
    Head head;

    void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
        out.flush();
    }

    /** A masked frame with a fresh random key. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame(fin, rsv, opcode, payload, ThreadLocalRandom.current().nextInt() | 0x01010101);
    }

    /** A masked frame with this key (key 0 leaves the payload as it is, which is cheap for floods). */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, int key) {
        byte[] header = header(fin, rsv, opcode, payload.length, key);
        byte[] f = new byte[header.length + payload.length];
        System.arraycopy(header, 0, f, 0, header.length);
        for (int i = 0; i < payload.length; i++) {
            f[header.length + i] = (byte) (payload[i] ^ (key >>> (24 - 8 * (i & 3))));
        }
        return f;
    }

    static byte[] frame(int opcode, byte[] payload) {
        return frame(true, 0, opcode, payload);
    }

    static byte[] text(String s) {
        return frame(Frame.TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(Frame.CLOSE, p);
    }

    /** Only the header of a masked frame announcing {@code length} payload bytes (any 64-bit value). */
    static byte[] header(boolean fin, int rsv, int opcode, long length, int key) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(14);
        b.write((fin ? 0x80 : 0) | rsv << 4 | opcode);
        if (length >= 0 && length <= 125) {
            b.write(0x80 | (int) length);
        } else if (length >= 0 && length <= 0xFFFF) {
            b.write(0x80 | 126);
            b.write((int) (length >>> 8));
            b.write((int) length);
        } else {
            b.write(0x80 | 127);
            for (int k = 7; k >= 0; k--) {
                b.write((int) (length >>> (8 * k)));
            }
        }
        for (int k = 3; k >= 0; k--) {
            b.write(key >>> (8 * k));
        }
        return b.toByteArray();
    }

    /** The response head, or null when the server closed the connection without answering. */
    Head readHead(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String statusLine = null;
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            int c;
            try {
                c = read(deadline);
            } catch (SocketException reset) {
                if (statusLine == null && line.size() == 0) {
                    return null;
                }
                throw reset;
            }
            if (c < 0) {
                if (statusLine == null && line.size() == 0) {
                    return null;
                }
                throw new EOFException("EOF inside the response head");
            }
            if (c != '\n') {
                line.write(c);
                continue;
            }
            String l = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            line.reset();
            if (statusLine == null) {
                statusLine = l;
            } else if (l.isEmpty()) {
                String[] parts = statusLine.split(" ", 3);
                return new Head(Integer.parseInt(parts[1]), statusLine, headers);
            } else {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
        }
    }

    /** The next frame, or null at the end of the stream (EOF or reset). */
    Frame readFrame(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int b0;
        try {
            b0 = read(deadline);
        } catch (SocketException reset) {
            return null;
        }
        if (b0 < 0) {
            return null;
        }
        int b1 = readByte(deadline);
        long length = b1 & 0x7F;
        if (length == 126) {
            length = readByte(deadline) << 8 | readByte(deadline);
        } else if (length == 127) {
            length = 0;
            for (int k = 0; k < 8; k++) {
                length = length << 8 | readByte(deadline);
            }
        }
        assertThat(b1 & 0x80).as("a server's frames are not masked").isZero();
        assertThat(length).as("frame length").isBetween(0L, (long) Integer.MAX_VALUE - 16);
        byte[] payload = new byte[(int) length];
        int have = 0;
        while (have < length) {
            setTimeout(deadline);
            int n = in.read(payload, have, payload.length - have);
            if (n < 0) {
                throw new EOFException("EOF inside a frame");
            }
            have += n;
        }
        return new Frame((b0 & 0x80) != 0, (b0 >>> 4) & 7, b0 & 0xF, payload);
    }

    /** Reads frames until a close frame, which it returns; fails on EOF or timeout first. */
    Frame awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Frame f = readFrame(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(f).as("a close frame before the end of the connection").isNotNull();
            if (f.opcode() == Frame.CLOSE) {
                return f;
            }
        }
    }

    /**
     * Reads and drops everything until the server ends the TCP connection (EOF or reset); returns false if it
     * was still open after {@code timeout}.
     */
    boolean awaitEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[1 << 16];
        try {
            while (true) {
                setTimeout(deadline);
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    private int read(long deadline) throws IOException {
        setTimeout(deadline);
        return in.read();
    }

    private int readByte(long deadline) throws IOException {
        int b = read(deadline);
        if (b < 0) {
            throw new EOFException("EOF inside a frame header");
        }
        return b;
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
