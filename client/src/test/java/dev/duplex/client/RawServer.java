package dev.duplex.client;

import dev.duplex.engine.handshake.ServerHandshake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A one-connection blocking server over a plain socket, for tests where the server misbehaves: never
 * answers, never reads, never closes.
 */
final class RawServer implements AutoCloseable {
    private final ServerSocket server;
    private Socket socket;

    RawServer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accepts the connection and reads the request head; returns the request's lines. */
    String acceptRequest() throws IOException {
        socket = server.accept();
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in request head");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Accepts, reads the request and answers 101 with the right accept key (RFC 6455 section 4.2.2). */
    void acceptUpgrade() throws IOException {
        String request = acceptRequest();
        String key = null;
        for (String line : request.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ServerHandshake.acceptKey(key) + "\r\n\r\n");
    }

    void write(String s) throws IOException {
        socket.getOutputStream().write(s.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    Socket socket() {
        return socket;
    }

    /** Reads one frame header byte pair and returns the opcode (payload is skipped, masked per section 5.3). */
    int readFrameOpcode() throws IOException {
        InputStream in = socket.getInputStream();
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("EOF");
        }
        if ((b1 & 0x80) == 0) {
            throw new IOException("client frame not masked");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        in.readNBytes(4 + (int) length);
        return b0 & 0x0F;
    }

    /** Whether the client closed the TCP connection within the socket timeout. */
    boolean awaitEof() throws IOException {
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
