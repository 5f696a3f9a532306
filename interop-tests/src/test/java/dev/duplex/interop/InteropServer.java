package dev.duplex.interop;

import dev.duplex.cli.demo.EchoHandler;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.WebSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A Duplex server for interop tests: {@code /echo} is {@code duplex serve}'s echo handler, except that the text
 * message {@code please-close} makes the server close with 4001 "server says bye". Every close is recorded.
 */
final class InteropServer implements AutoCloseable {
    record Close(int code, String reason, boolean clean) {
    }

    final LinkedBlockingQueue<Close> closes = new LinkedBlockingQueue<>();
    final WebSocketServer server;

    InteropServer() throws IOException {
        EchoHandler echo = new EchoHandler();
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                return echo.onHandshake(request);
            }

            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("please-close")) {
                    ws.close(4001, "server says bye");
                } else {
                    echo.onText(ws, text);
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                echo.onBinary(ws, data);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                closes.add(new Close(code, reason, clean));
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).route("/echo", handler).build().start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.port() + "/echo";
    }

    @Override
    public void close() {
        server.close();
    }
}
