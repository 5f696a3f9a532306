package dev.duplex.interop.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay between a client and a server that records what crosses it: the opening handshake's
 * request and response heads, then the header of every frame (FIN, RSV bits, opcode, payload length) in each
 * direction (RFC 6455 section 5.2). Payload bytes are relayed untouched and not kept. This is how a test sees
 * on the wire which extension was offered and answered and whether messages really went compressed (RSV1,
 * compressed size), whatever each peer's API reports.
 */
final class WireTap implements AutoCloseable {

    /** One frame's header. */
    record Frame(boolean fin, int rsv, int opcode, long length) {
        boolean control() {
            return opcode >= 8;
        }

        boolean rsv1() {
            return (rsv & 0b100) != 0;
        }
    }

    /** One data message as it went on the wire: its frames, and the sum of their payload lengths. */
    record WireMessage(int opcode, List<Frame> frames) {
        boolean firstRsv1() {
            return frames.get(0).rsv1();
        }

        long wireBytes() {
            return frames.stream().mapToLong(Frame::length).sum();
        }

        @Override
        public String toString() {
            return (opcode == 1 ? "text" : "binary") + "[" + frames.size() + " frames, " + wireBytes() + " bytes, rsv "
                    + frames.stream().map(f -> Integer.toBinaryString(f.rsv())).toList() + "]";
        }
    }

    /** One direction of one relayed connection. */
    static final class Direction {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private volatile String headText;
        private final List<Frame> frames = new CopyOnWriteArrayList<>();
        private final CountDownLatch closeSeen = new CountDownLatch(1);
        private final byte[] header = new byte[14];
        private int headerHave;
        private int last4;
        private long payloadLeft;

        /** The HTTP head (request or response), or null while incomplete. */
        String head() {
            return headText;
        }

        List<Frame> frames() {
            return List.copyOf(frames);
        }

        /** Data messages in order; a message still unfinished is left out. */
        List<WireMessage> messages() {
            return messagesOf(frames);
        }

        static List<WireMessage> messagesOf(List<Frame> frames) {
            List<WireMessage> out = new ArrayList<>();
            List<Frame> current = null;
            int opcode = 0;
            for (Frame f : frames) {
                if (f.control()) {
                    continue;
                }
                if (f.opcode() != 0) {
                    current = new ArrayList<>();
                    opcode = f.opcode();
                }
                if (current == null) {
                    throw new AssertionError("continuation frame outside a message: " + frames);
                }
                current.add(f);
                if (f.fin()) {
                    out.add(new WireMessage(opcode, List.copyOf(current)));
                    current = null;
                }
            }
            return out;
        }

        /** Every value of header {@code name} in the head, in order (repeated lines kept apart). */
        List<String> headerValues(String name) {
            List<String> values = new ArrayList<>();
            if (headText == null) {
                return values;
            }
            String[] lines = headText.split("\r\n");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(name)) {
                    values.add(lines[i].substring(colon + 1).trim());
                }
            }
            return values;
        }

        boolean awaitClose(Duration timeout) throws InterruptedException {
            return closeSeen.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void feed(byte[] buf, int off, int len) {
            int i = off;
            int end = off + len;
            while (i < end && headText == null) {
                byte b = buf[i++];
                head.write(b);
                last4 = (last4 << 8) | (b & 0xFF);
                if (last4 == 0x0D0A0D0A) {
                    headText = head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            while (i < end) {
                if (payloadLeft > 0) {
                    int skip = (int) Math.min(payloadLeft, end - i);
                    payloadLeft -= skip;
                    i += skip;
                    continue;
                }
                header[headerHave++] = buf[i++];
                int need = headerLength();
                if (headerHave == need) {
                    Frame f = new Frame((header[0] & 0x80) != 0, (header[0] >> 4) & 0x7, header[0] & 0x0F, payloadLength());
                    frames.add(f);
                    if (f.opcode() == 8) {
                        closeSeen.countDown();
                    }
                    payloadLeft = f.length();
                    headerHave = 0;
                }
            }
        }

        private int headerLength() {
            if (headerHave < 2) {
                return 2;
            }
            int len7 = header[1] & 0x7F;
            int mask = (header[1] & 0x80) != 0 ? 4 : 0;
            return 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + mask;
        }

        private long payloadLength() {
            int len7 = header[1] & 0x7F;
            if (len7 < 126) {
                return len7;
            }
            int bytes = len7 == 126 ? 2 : 8;
            long v = 0;
            for (int k = 0; k < bytes; k++) {
                v = (v << 8) | (header[2 + k] & 0xFF);
            }
            return v;
        }
    }

    /** One relayed connection: {@code up} from client to server, {@code down} from server to client. */
    static final class Connection {
        final Direction up = new Direction();
        final Direction down = new Direction();

        /** Every {@code Sec-WebSocket-Extensions} line of the client's request. */
        List<String> offer() {
            return up.headerValues("Sec-WebSocket-Extensions");
        }

        /** Every {@code Sec-WebSocket-Extensions} line of the server's response. */
        List<String> answer() {
            return down.headerValues("Sec-WebSocket-Extensions");
        }

        /** The response's status line. */
        String status() {
            String h = down.head();
            return h == null ? null : h.substring(0, h.indexOf("\r\n"));
        }

        /** Waits until a close frame went each way, so that every data frame before them was recorded. */
        void awaitClosed(Duration timeout) throws InterruptedException {
            if (!up.awaitClose(timeout) || !down.awaitClose(timeout)) {
                throw new AssertionError("no close frame both ways within " + timeout + ": up " + up.frames().size()
                        + " frames, down " + down.frames().size() + " frames");
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Connection[offer=%s, answer=%s, up=%d frames, down=%d frames]", offer(),
                    answer(), up.frames().size(), down.frames().size());
        }
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final LinkedBlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Listens on an ephemeral loopback port and relays each connection to {@code 127.0.0.1:targetPort}. */
    WireTap(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("wiretap-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** {@code ws://127.0.0.1:PORT/path} through the tap. */
    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** The next relayed connection. */
    Connection awaitConnection(Duration timeout) throws InterruptedException {
        Connection c = connections.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new AssertionError("no connection through the tap within " + timeout);
        }
        return c;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                sockets.add(client);
                sockets.add(server);
                server.connect(target, 5000);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Connection c = new Connection();
                Thread.ofPlatform().daemon().name("wiretap-up").start(() -> pump(client, server, c.up));
                Thread.ofPlatform().daemon().name("wiretap-down").start(() -> pump(server, client, c.down));
                connections.add(c);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private static void pump(Socket from, Socket to, Direction d) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                d.feed(buf, 0, n);
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(WireTap::closeQuietly);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
