package dev.duplex.browser;

import dev.duplex.engine.handshake.ServerHandshake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-connection server on loopback that does exactly what a test scripts: never answer (the socket
 * stays CONNECTING), or answer the handshake and then write raw bytes.
 */
final class RawServer implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final ServerSocket listener;
    private final Thread thread;
    private volatile Socket accepted;

    private RawServer(byte[] afterHandshake, boolean answer, boolean read) {
        try {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name("raw-server").start(() -> {
            try (Socket s = listener.accept()) {
                accepted = s;
                String head = readHead(s.getInputStream());
                if (answer) {
                    Matcher m = KEY.matcher(head);
                    if (!m.find()) {
                        return;
                    }
                    String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + ServerHandshake.acceptKey(m.group(1)) + "\r\n\r\n";
                    s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(afterHandshake);
                    s.getOutputStream().flush();
                }
                if (read) {
                    s.getInputStream().transferTo(OutputStreamSink.INSTANCE);
                } else {
                    Thread.sleep(30_000); // until close() closes the socket and interrupts
                }
            } catch (IOException | InterruptedException ignored) {
                // the test is over
            }
        });
    }

    /** Accepts one connection and never answers its handshake. */
    static RawServer silent() {
        return new RawServer(new byte[0], false, true);
    }

    /** Accepts one connection, completes the handshake, then writes {@code bytes}. */
    static RawServer answeringThen(byte[] bytes) {
        return new RawServer(bytes, true, true);
    }

    /** Accepts one connection, completes the handshake, then never reads: the client's sends pile up. */
    static RawServer answeringThenNotReading() {
        return new RawServer(new byte[0], true, false);
    }

    String url(String path) {
        return "ws://127.0.0.1:" + listener.getLocalPort() + path;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket s = accepted;
        if (s != null) {
            s.close();
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
