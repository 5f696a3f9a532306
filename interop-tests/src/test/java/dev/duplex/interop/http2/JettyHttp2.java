package dev.duplex.interop.http2;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Jetty 12.1 speaking WebSockets over HTTP/2 (RFC 8441) in both roles: a client whose only transport is HTTP/2
 * (prior knowledge for {@code ws://}, ALPN h2 for {@code wss://}), and an echo server with h2c and TLS connectors
 * whose HTTP/2 factories allow extended CONNECT. Public, as Jetty calls listeners through public method handles.
 */
public final class JettyHttp2 {
    /** Messages up to 4 MiB (Jetty's default text limit is 64 KiB). */
    private static final long LIMIT = 4L * 1024 * 1024;
    private static final char[] STORE_PASSWORD = "duplex".toCharArray();

    private JettyHttp2() {
    }

    /** Jetty's WebSocket client over HTTP/2 only, trusting {@link DuplexEcho#CERT}. Started; stop it when done. */
    static WebSocketClient client() throws Exception {
        ClientConnector connector = new ClientConnector();
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        ssl.setSslContext(DuplexEcho.CERT.clientContext());
        connector.setSslContextFactory(ssl);
        HTTP2Client http2 = new HTTP2Client(connector);
        HttpClient http = new HttpClient(new HttpClientTransportDynamic(connector,
                new ClientConnectionFactoryOverHTTP2.HTTP2(http2)));
        WebSocketClient client = new WebSocketClient(http);
        client.setMaxTextMessageSize(LIMIT);
        client.setMaxBinaryMessageSize(LIMIT);
        client.start();
        return client;
    }

    /** A client-side endpoint: queues messages; {@link #closed} completes with "CODE REASON". */
    public static final class ClientEndpoint implements Session.Listener.AutoDemanding {
        private static final String SYNC = "sync-";

        final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onWebSocketText(String message) {
            messages.add(message);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            messages.add(b);
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

        /**
         * Works around a Jetty 12.1 client race (seen with 12.1.12 and 12.1.14, against Duplex and against Jetty's
         * own server, in about one run in ten): over HTTP/2, messages that arrive within a few milliseconds of
         * {@code connect} completing are sometimes never delivered (one or several, though their DATA frames are on
         * the wire); later ones are. With permessage-deflate the lost bytes also break the shared inflate window, so
         * this package does not combine Jetty's HTTP/2 client with compression. Sends {@code sync-N} texts to the echo
         * until one comes back; {@link #next} skips their echoes.
         */
        void sync(Session session) throws InterruptedException {
            for (int i = 0; i < 5; i++) {
                session.sendText(SYNC + i, Callback.NOOP);
                Object m = messages.poll(1, TimeUnit.SECONDS);
                if (m != null) {
                    if (!(m instanceof String s && s.startsWith(SYNC))) {
                        throw new AssertionError("expected a sync echo, got " + m);
                    }
                    return;
                }
            }
            throw new AssertionError("the echo answered none of five sync messages");
        }

        /** The next message that is not a {@link #sync} echo. */
        Object next() throws InterruptedException {
            while (true) {
                Object m = messages.poll(15, TimeUnit.SECONDS);
                if (m == null) {
                    throw new AssertionError("Jetty's client received nothing within 15 s");
                }
                if (!(m instanceof String s && s.startsWith(SYNC))) {
                    return m;
                }
            }
        }
    }

    /**
     * Jetty's echo server at {@code /echo} on two connectors: cleartext (HTTP/1.1 and prior-knowledge h2c) and TLS
     * (ALPN h2 or http/1.1), extended CONNECT enabled on both HTTP/2 factories (RFC 8441 section 3) unless told
     * otherwise. The text
     * {@code please-close} makes it close with 4002 "jetty says bye". Records, per WebSocket, the HTTP version
     * of its upgrade request ({@code opened}) and the close it saw ({@code closed}).
     */
    static final class EchoServer implements AutoCloseable {
        static final int CLOSE_CODE = 4002;
        static final String CLOSE_REASON = "jetty says bye";

        final LinkedBlockingQueue<String> opened = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<String> closed = new LinkedBlockingQueue<>();
        private final Server server = new Server();
        private final ServerConnector plain;
        private final ServerConnector tls;

        EchoServer() throws Exception {
            this(true);
        }

        /** With {@code connectProtocol} false, Jetty's HTTP/2 SETTINGS do not allow extended CONNECT. */
        EchoServer(boolean connectProtocol) throws Exception {
            HttpConfiguration config = new HttpConfiguration();
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
            h2c.setConnectProtocolEnabled(connectProtocol);
            plain = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config), h2c);
            plain.setHost("127.0.0.1");
            server.addConnector(plain);

            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(DuplexEcho.CERT.keyStore(STORE_PASSWORD));
            ssl.setKeyStorePassword(new String(STORE_PASSWORD));
            ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
            HttpConfiguration secure = new HttpConfiguration(config);
            secure.addCustomizer(new SecureRequestCustomizer());
            HttpConnectionFactory h1 = new HttpConnectionFactory(secure);
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(secure);
            h2.setConnectProtocolEnabled(connectProtocol);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
            alpn.setDefaultProtocol(h1.getProtocol());
            tls = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, h1);
            tls.setHost("127.0.0.1");
            server.addConnector(tls);

            ContextHandler context = new ContextHandler("/");
            context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
                container.setMaxTextMessageSize(LIMIT);
                container.setMaxBinaryMessageSize(LIMIT);
                container.addMapping("/echo", (rq, rs, cb) -> new Echo());
            }));
            server.setHandler(context);
            server.start();
        }

        String plainUrl() {
            return "ws://127.0.0.1:" + plain.getLocalPort() + "/echo";
        }

        String tlsUrl() {
            return "wss://localhost:" + tls.getLocalPort() + "/echo";
        }

        static String poll(LinkedBlockingQueue<String> queue, String what) throws InterruptedException {
            String s = queue.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("Jetty's server recorded no " + what + " within 10 s");
            }
            return s;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }

        /** Echoes; public for Jetty's method handles. */
        public final class Echo implements Session.Listener.AutoDemanding {
            private Session session;

            @Override
            public void onWebSocketOpen(Session s) {
                session = s;
                opened.add(s.getUpgradeRequest().getHttpVersion());
            }

            @Override
            public void onWebSocketText(String message) {
                if (message.equals("please-close")) {
                    session.close(CLOSE_CODE, CLOSE_REASON, Callback.NOOP);
                } else {
                    session.sendText(message, Callback.NOOP);
                }
            }

            @Override
            public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
                ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
                callback.succeed();
                session.sendBinary(copy, Callback.NOOP);
            }

            @Override
            public void onWebSocketClose(int statusCode, String reason) {
                closed.add(statusCode + " " + (reason == null ? "" : reason));
            }
        }
    }
}
