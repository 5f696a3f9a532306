package dev.duplex.interop.compression;

import dev.duplex.interop.compression.Payloads.Message;
import dev.duplex.testsupport.PeerReport;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Java-WebSocket 1.6 as a compression peer, with its {@code PerMessageDeflateExtension}, both roles. */
final class JavaWebSocketPeers {
    private JavaWebSocketPeers() {
    }

    /**
     * The pieces of {@code b} cut at {@code cuts}, each in an array of its own: Java-WebSocket 1.6's
     * permessage-deflate compresses {@code getPayloadData().array()}, the whole backing array, so a slice of a
     * larger array would go out as all of it.
     */
    private static List<ByteBuffer> ownPieces(byte[] b, List<Integer> cuts) {
        return Payloads.pieces(b, cuts).stream().map(p -> ByteBuffer.wrap(JavaClientPeer.bytes(p))).toList();
    }

    private static String agreed(WebSocket ws) {
        IExtension e = ((Draft_6455) ws.getDraft()).getExtension();
        if (e instanceof PerMessageDeflateExtension p) {
            return "permessage-deflate serverNoContextTakeover=" + p.isServerNoContextTakeover()
                    + " clientNoContextTakeover=" + p.isClientNoContextTakeover();
        }
        return e.toString();
    }

    /** Java-WebSocket's client with {@code PerMessageDeflateExtension} defaults. */
    static final class Client implements JavaClientPeer {
        private final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private volatile String extensions;
        private final org.java_websocket.client.WebSocketClient ws;

        Client(URI uri) throws InterruptedException {
            ws = new org.java_websocket.client.WebSocketClient(uri, new Draft_6455(new PerMessageDeflateExtension())) {
                @Override
                public void onOpen(ServerHandshake handshake) {
                    extensions = handshake.getFieldValue("Sec-WebSocket-Extensions");
                }

                @Override
                public void onMessage(String message) {
                    messages.add(message);
                }

                @Override
                public void onMessage(ByteBuffer bytes) {
                    messages.add(JavaClientPeer.bytes(bytes));
                }

                @Override
                public void onClose(int code, String reason, boolean remote) {
                    closed.complete(code + " " + reason);
                }

                @Override
                public void onError(Exception ex) {
                    closed.completeExceptionally(ex);
                }
            };
            ws.setConnectionLostTimeout(0);
            if (!ws.connectBlocking(10, TimeUnit.SECONDS)) {
                throw new AssertionError("Java-WebSocket client did not connect");
            }
        }

        @Override
        public String extensionsHeader() {
            return extensions;
        }

        @Override
        public String agreed() {
            return JavaWebSocketPeers.agreed(ws.getConnection());
        }

        @Override
        public void sendWhole(Message m) {
            if (m.text()) {
                ws.send(m.string());
            } else {
                ws.send(m.bytes());
            }
        }

        @Override
        public void sendFragmented(Message m, List<Integer> cuts) {
            List<ByteBuffer> pieces = ownPieces(m.bytes(), cuts);
            for (int i = 0; i < pieces.size(); i++) {
                ws.sendFragmentedFrame(m.text() ? Opcode.TEXT : Opcode.BINARY, pieces.get(i), i == pieces.size() - 1);
            }
        }

        @Override
        public Object next(Duration timeout) throws InterruptedException {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String close(int code, String reason) throws Exception {
            ws.close(code, reason);
            return closed.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            ws.closeBlocking();
        }
    }

    /**
     * Java-WebSocket's echo server with {@code PerMessageDeflateExtension} defaults. Messages with an even index
     * (per connection) are echoed in three fragments. Reports {@code offer}, {@code extensions} (the answer
     * its extension produced), {@code agreed} per connection and {@code closed CODE REASON} at its end.
     */
    static final class EchoServer extends WebSocketServer implements AutoCloseable {
        final PeerReport report = new PeerReport();
        private final CountDownLatch started = new CountDownLatch(1);

        EchoServer() throws InterruptedException {
            super(new InetSocketAddress("127.0.0.1", 0), List.of(new Draft_6455(new PerMessageDeflateExtension())));
            setConnectionLostTimeout(0);
            setReuseAddr(true);
            start();
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("Java-WebSocket server did not start");
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.setAttachment(new int[1]);
            report.put("offer", handshake.getFieldValue("Sec-WebSocket-Extensions"));
            report.put("extensions", ((Draft_6455) conn.getDraft()).getExtension().getProvidedExtensionAsServer());
            report.put("agreed", agreed(conn));
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            echo(conn, Opcode.TEXT, message.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            echo(conn, Opcode.BINARY, JavaClientPeer.bytes(message));
        }

        private static void echo(WebSocket conn, Opcode type, byte[] b) {
            int[] index = conn.getAttachment();
            if (index[0]++ % 2 == 0 && b.length >= 3) {
                List<ByteBuffer> pieces = ownPieces(b, Payloads.thirds(b.length));
                for (int i = 0; i < pieces.size(); i++) {
                    conn.sendFragmentedFrame(type, pieces.get(i), i == pieces.size() - 1);
                }
            } else if (type == Opcode.TEXT) {
                conn.send(new String(b, StandardCharsets.UTF_8));
            } else {
                conn.send(b);
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            report.put("closed", code + " " + reason);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            report.put("error", String.valueOf(ex).replaceAll("\\s+", "_"));
        }

        @Override
        public void close() throws InterruptedException {
            stop(2000);
        }
    }
}
