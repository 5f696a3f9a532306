package dev.duplex.interop.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The opening handshake (RFC 6455 section 4) written by hand for the fuzzers, independent of Duplex's own
 * handshake code: the client's request and its check of the 101 response, the server's reading of a request
 * and its 101 answer.
 */
final class Handshakes {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 16 * 1024;

    private Handshakes() {
    }

    /** A request or response head: its first line and its headers (names in lower case). */
    record Head(String firstLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean hasToken(String name, String token) {
            String v = header(name);
            if (v == null) {
                return false;
            }
            for (String t : v.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Section 4.2.2: base64 of the SHA-1 of the key and the GUID. */
    static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Connects to {@code port} on loopback, sends a section 4.1 request for {@code path}, checks the 101
     * response (status, Upgrade, Connection, Sec-WebSocket-Accept) and returns the connection with the
     * fuzzer as the client.
     */
    static WireChannel connect(int port, String path, long seed) throws IOException {
        return connect(port, path, seed, new byte[0]);
    }

    /** {@link #connect(int, String, long)}, with {@code early} bytes in the same write as the request. */
    static WireChannel connect(int port, String path, long seed, byte[] early) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            byte[] nonce = new byte[16];
            new SplittableRandom(seed).nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "\r\n";
            byte[] head = request.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(head, head.length + early.length);
            System.arraycopy(early, 0, all, head.length, early.length);
            socket.getOutputStream().write(all);
            socket.getOutputStream().flush();
            Head response = readHead(socket.getInputStream());
            if (!response.firstLine().startsWith("HTTP/1.1 101 ")) {
                throw new AssertionError("the server refused the upgrade: " + response.firstLine());
            }
            if (!"websocket".equalsIgnoreCase(response.header("upgrade")) || !response.hasToken("connection", "upgrade")
                    || !acceptKey(key).equals(response.header("sec-websocket-accept"))) {
                throw new AssertionError("invalid 101 response (RFC 6455 section 4.2.2): " + response);
            }
            if (response.header("sec-websocket-extensions") != null) {
                throw new AssertionError("an extension the client did not offer (section 9.1): " + response);
            }
            socket.setSoTimeout(0);
            return new WireChannel(socket, socket.getInputStream(), WireChannel.Side.CLIENT, seed);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Reads a client's request on an accepted socket, checks it is a section 4.1 opening handshake and
     * answers 101. Returns the request head; the fuzzer is then the server on {@code socket}.
     */
    static Head accept(Socket socket) throws IOException {
        return accept(socket, new byte[0]);
    }

    /** {@link #accept(Socket)}, with {@code early} bytes in the same write as the 101 response. */
    static Head accept(Socket socket, byte[] early) throws IOException {
        Head request = readHead(socket.getInputStream());
        String key = request.header("sec-websocket-key");
        if (!request.firstLine().startsWith("GET ") || !request.firstLine().endsWith(" HTTP/1.1")
                || !"websocket".equalsIgnoreCase(request.header("upgrade"))
                || !request.hasToken("connection", "upgrade") || !"13".equals(request.header("sec-websocket-version"))
                || request.header("host") == null || key == null || Base64.getDecoder().decode(key).length != 16) {
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            throw new AssertionError("invalid opening handshake from the client (RFC 6455 section 4.1): " + request);
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n"
                + "\r\n";
        byte[] head = response.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + early.length);
        System.arraycopy(early, 0, all, head.length, early.length);
        socket.getOutputStream().write(all);
        socket.getOutputStream().flush();
        return request;
    }

    /** Reads an HTTP head byte by byte, so that nothing after it is consumed. */
    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside an HTTP head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > MAX_HEAD) {
                throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }
        return new Head(lines[0], headers);
    }
}
