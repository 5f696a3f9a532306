package dev.duplex.interop.compression;

import dev.duplex.interop.compression.Payloads.Message;
import dev.duplex.testsupport.PeerReport;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12 as a compression peer: a client offering {@code permessage-deflate}, and an echo server. Public, as
 * Jetty calls its listeners' methods through public method handles.
 */
public final class JettyPeers {
    private static final long LIMIT = 64L * 1024 * 1024;

    private JettyPeers() {
    }

    private static String agreed(Session s) {
        return String.join(", ", s.getUpgradeResponse().getExtensions().stream()
                .map(ExtensionConfig::getParameterizedName).toList());
    }

    /** Jetty's client with {@code permessage-deflate} requested, messages up to 64 MiB. */
    public static final class Client implements JavaClientPeer, Session.Listener.AutoDemanding {
        private final WebSocketClient client = new WebSocketClient();
        private final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private final CompletableFuture<String> closed = new CompletableFuture<>();
        private final Session session;

        Client(URI uri) throws Exception {
            client.setMaxTextMessageSize(LIMIT);
            client.setMaxBinaryMessageSize(LIMIT);
            client.setMaxFrameSize(LIMIT);
            client.start();
            ClientUpgradeRequest request = new ClientUpgradeRequest();
            request.addExtensions("permessage-deflate");
            session = client.connect(this, uri, request).get(10, TimeUnit.SECONDS);
        }

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            messages.add(JavaClientPeer.bytes(payload));
            callback.succeed();
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            closed.complete(statusCode + " " + (reason == null ? "" : reason));
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closed.completeExceptionally(cause);
        }

        @Override
        public String extensionsHeader() {
            return session.getUpgradeResponse().getHeader("Sec-WebSocket-Extensions");
        }

        @Override
        public String agreed() {
            return JettyPeers.agreed(session);
        }

        @Override
        public void sendWhole(Message m) throws Exception {
            Callback.Completable done = new Callback.Completable();
            if (m.text()) {
                session.sendText(m.string(), done);
            } else {
                session.sendBinary(ByteBuffer.wrap(m.bytes()), done);
            }
            done.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void sendFragmented(Message m, List<Integer> cuts) throws Exception {
            List<ByteBuffer> pieces = Payloads.pieces(m.bytes(), cuts);
            for (int i = 0; i < pieces.size(); i++) {
                boolean last = i == pieces.size() - 1;
                Callback.Completable done = new Callback.Completable();
                if (m.text()) {
                    session.sendPartialText(StandardCharsets.UTF_8.decode(pieces.get(i)).toString(), last, done);
                } else {
                    session.sendPartialBinary(pieces.get(i), last, done);
                }
                done.get(30, TimeUnit.SECONDS);
            }
        }

        @Override
        public Object next(Duration timeout) throws InterruptedException {
            return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String close(int code, String reason) throws Exception {
            session.close(code, reason, Callback.NOOP);
            return closed.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.stop();
        }
    }

    /**
     * Jetty's server echoing on every path, permessage-deflate available (Jetty's default), messages up to
     * 64 MiB. Messages with an even index (per connection) are echoed in three fragments. Reports {@code
     * offer}, {@code extensions}, {@code agreed} per connection and {@code closed CODE REASON} at its end.
     */
    public static final class EchoServer implements AutoCloseable {
        final PeerReport report = new PeerReport();
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server);

        EchoServer() throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ContextHandler context = new ContextHandler("/");
            WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, context, container -> {
                container.setMaxTextMessageSize(LIMIT);
                container.setMaxBinaryMessageSize(LIMIT);
                container.setMaxFrameSize(LIMIT);
                container.addMapping("/", (rq, rs, cb) -> new Echo());
            });
            context.setHandler(ws);
            server.setHandler(context);
            server.start();
        }

        int port() {
            return connector.getLocalPort();
        }

        public final class Echo implements Session.Listener.AutoDemanding {
            private Session session;
            private int index;

            @Override
            public void onWebSocketOpen(Session s) {
                session = s;
                report.put("offer", String.join(", ", s.getUpgradeRequest().getHeaders("Sec-WebSocket-Extensions")));
                // Jetty's server-side upgrade response does not show its headers: report its extension list.
                report.put("extensions", agreed(s));
                report.put("agreed", agreed(s));
            }

            @Override
            public void onWebSocketText(String message) {
                if (index++ % 2 == 0 && message.length() >= 3) {
                    int a = boundary(message, message.length() / 3);
                    int b = boundary(message, 2 * message.length() / 3);
                    Callback.Completable.with(c -> session.sendPartialText(message.substring(0, a), false, c))
                            .compose(c -> session.sendPartialText(message.substring(a, b), false, c))
                            .compose(c -> session.sendPartialText(message.substring(b), true, c));
                } else {
                    session.sendText(message, Callback.NOOP);
                }
            }

            @Override
            public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
                byte[] b = JavaClientPeer.bytes(payload);
                callback.succeed();
                if (index++ % 2 == 0 && b.length >= 3) {
                    List<ByteBuffer> p = Payloads.pieces(b, Payloads.thirds(b.length));
                    Callback.Completable.with(c -> session.sendPartialBinary(p.get(0), false, c))
                            .compose(c -> session.sendPartialBinary(p.get(1), false, c))
                            .compose(c -> session.sendPartialBinary(p.get(2), true, c));
                } else {
                    session.sendBinary(ByteBuffer.wrap(b), Callback.NOOP);
                }
            }

            @Override
            public void onWebSocketClose(int statusCode, String reason) {
                report.put("closed", statusCode + " " + (reason == null ? "" : reason));
            }
        }

        /** {@code i}, moved forward off the middle of a surrogate pair. */
        private static int boundary(String s, int i) {
            return i < s.length() && Character.isLowSurrogate(s.charAt(i)) ? i + 1 : i;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
