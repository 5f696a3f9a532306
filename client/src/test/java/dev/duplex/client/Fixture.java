package dev.duplex.client;

import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.testsupport.TestTls;
import dev.duplex.transport.WebSocket;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A started Duplex server with an echo route at /echo, and a client; closed together. */
final class Fixture implements AutoCloseable {
    final WebSocketServer server;
    final WebSocketClient client;
    final boolean tls;

    Fixture(boolean tls) throws Exception {
        this(tls, b -> b, b -> b);
    }

    Fixture(boolean tls, UnaryOperator<WebSocketServer.Builder> server, UnaryOperator<WebSocketClient.Builder> client)
            throws Exception {
        this.tls = tls;
        WebSocketServer.Builder sb = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2)
                .closeTimeout(Duration.ofSeconds(2)).route("/echo", new Echo());
        if (tls) {
            sb.tls(TestTls.serverContext());
        }
        this.server = server.apply(sb).build().start();
        WebSocketClient.Builder cb = WebSocketClient.builder().eventLoops(2).closeTimeout(Duration.ofSeconds(2));
        if (tls) {
            cb.tls(TestTls.clientContext());
        }
        this.client = client.apply(cb).build();
    }

    URI uri(String path) {
        return URI.create((tls ? "wss" : "ws") + "://localhost:" + server.port() + path);
    }

    @Override
    public void close() {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    /** Sends back every message. */
    static class Echo implements WebSocketHandler {
        @Override
        public void onText(WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    }
}
