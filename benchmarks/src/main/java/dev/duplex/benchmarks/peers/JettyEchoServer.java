package dev.duplex.benchmarks.peers;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Jetty 12 with its own WebSocket API ({@code jetty-websocket-jetty-server}, no servlets): a
 * {@link WebSocketUpgradeHandler} mapping {@code /echo} to an auto-demanding listener that sends every message
 * back with its type. Default thread pool and selectors; permessage-deflate is on by default in Jetty.
 */
public final class JettyEchoServer implements EchoServer {
    private final Server server;

    JettyEchoServer(String host, int port) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
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
    }
}
