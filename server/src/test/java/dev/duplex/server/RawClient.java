package dev.duplex.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deliberately simple blocking WebSocket client over a plain socket, written from RFC 6455 alone, so that
 * tests can send exactly the bytes they want (unmasked frames, silence, half-sent heads).
 */
final class RawClient implements AutoCloseable {
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Frame(boolean fin, int opcode, byte[] payload) {
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Random random = new Random(42);

    RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawClient connect(int port) throws IOException {
        return new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    static String upgradeRequest(String path, int port, String... extraHeaders) {
        StringBuilder r = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n");
        for (String h : extraHeaders) {
            r.append(h).append("\r\n");
        }
        return r.append("\r\n").toString();
    }

    /** Sends an upgrade request and reads the response head (and the body of a non-101 response). */
    Response handshake(String path, String... extraHeaders) throws IOException {
        write(upgradeRequest(path, socket.getPort(), extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
        return readResponse();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Response readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        String body = "";
        String length = headers.get("content-length");
        if (status != 101 && length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
        return new Response(status, headers, body);
    }

    /** Writes one frame; {@code masked} is what a conforming client does (section 5.3). */
    void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        write(frame(fin, opcode, payload, masked));
    }

    byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        b.put((byte) ((fin ? 0x80 : 0) | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            b.put((byte) (maskBit | payload.length));
        } else if (payload.length <= 0xFFFF) {
            b.put((byte) (maskBit | 126)).putShort((short) payload.length);
        } else {
            b.put((byte) (maskBit | 127)).putLong(payload.length);
        }
        byte[] key = new byte[4];
        if (masked) {
            random.nextBytes(key);
            b.put(key);
        }
        for (int i = 0; i < payload.length; i++) {
            b.put((byte) (payload[i] ^ key[i & 3]));
        }
        b.flip();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    void sendText(String text) throws IOException {
        sendFrame(true, 1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    void sendClose(int code, String reason) throws IOException {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        sendFrame(true, 8, p, true);
    }

    /** Reads one frame (a server's frames are never masked, section 5.1). */
    Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server masked a frame");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("connection closed inside a frame");
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    /** True when the server closed the TCP connection (EOF) within the socket timeout. */
    boolean awaitEof() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
