package dev.duplex.benchmarks.peers;

import dev.duplex.http2.Http2Config;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jetty 12 with its own WebSocket API ({@code jetty-websocket-jetty-server}, no servlets): a
 * {@link WebSocketUpgradeHandler} mapping {@code /echo} to an auto-demanding listener that sends every message
 * back with its type. Default thread pool and selectors; permessage-deflate is on by default in Jetty.
 * <p>With {@code http2}, the same port also speaks cleartext HTTP/2 (h2c, RFC 9113 section 3.3: a client that
 * starts with the preface) with extended CONNECT, so WebSockets can be streams (RFC 8441): Jetty's core WebSocket
 * server picks its RFC 8441 handshaker for an extended CONNECT, no servlet ({@code ee10}) layer is needed. The
 * HTTP/2 settings that shape a WebSocket benchmark are set like {@code duplex serve}'s defaults
 * ({@link Http2Config}): at most 100 concurrent streams per connection, 1 MiB initial stream window, 16 MiB
 * connection window (Jetty's own defaults: 128 streams, 512 KiB and 1 MiB). When it stops, it prints how many
 * WebSockets it served over each HTTP version.
 */
public final class JettyEchoServer implements EchoServer {
    private static final AtomicLong OVER_HTTP2 = new AtomicLong();
    private static final AtomicLong OVER_HTTP1 = new AtomicLong();

    private final Server server;
    private final boolean http2;

    JettyEchoServer(String host, int port) throws Exception {
        this(host, port, false);
    }

    JettyEchoServer(String host, int port, boolean http2) throws Exception {
        this.http2 = http2;
        server = new Server();
        ServerConnector connector;
        if (http2) {
            HttpConfiguration config = new HttpConfiguration();
            Http2Config duplex = Http2Config.builder().build();
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
            h2c.setConnectProtocolEnabled(true);  // SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 section 3)
            h2c.setMaxConcurrentStreams(duplex.maxConcurrentStreams());
            h2c.setInitialStreamRecvWindow(duplex.initialWindowSize());
            h2c.setInitialSessionRecvWindow(duplex.connectionWindowSize());
            // HTTP/1.1 first: it recognises the HTTP/2 preface and hands the connection to h2c
            connector = new ServerConnector(server, new HttpConnectionFactory(config), h2c);
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler("/");
        context.setHandler(WebSocketUpgradeHandler.from(server, context, container -> {
            container.setMaxTextMessageSize(MAX_MESSAGE);
            container.setMaxBinaryMessageSize(MAX_MESSAGE);
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.addMapping("/echo", (request, response, callback) -> new Echo());
        }));
        server.setHandler(context);
        server.start();
    }

    /** Public: Jetty calls listeners through method handles. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            String version = session.getUpgradeRequest().getHttpVersion();
            (version != null && version.startsWith("HTTP/2") ? OVER_HTTP2 : OVER_HTTP1).incrementAndGet();
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            // The payload belongs to Jetty until the callback completes: complete it when the echo is sent.
            session.sendBinary(payload, callback);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        if (http2) {
            System.out.println("jetty: served " + OVER_HTTP2.get() + " WebSockets over HTTP/2, " + OVER_HTTP1.get()
                    + " over HTTP/1.1");
            System.out.flush();
        }
    }
}
