package dev.duplex.interop.compression;

import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.handshake.OriginPolicy;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A Duplex server with the given extension factories whose route {@code /echo} echoes every message with its
 * type, following the {@link Payloads} rule: messages with an odd index (counted per connection) go back
 * fragmented through {@code startMessage} at {@link Payloads#duplexCuts}, the others whole. It records what it
 * saw of each handshake (the offer lines, the agreed {@code WebSocket.extensions()}), each close, and errors.
 */
final class DuplexEchoServer implements AutoCloseable {
    /** What the server saw of one connection's extension negotiation. */
    record Session(List<String> offer, String extensions) {
    }

    record Close(int code, String reason, boolean clean) {
    }

    private static final class State {
        final List<String> offer;
        int index;

        State(List<String> offer) {
            this.offer = offer;
        }
    }

    final LinkedBlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Close> closes = new LinkedBlockingQueue<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final WebSocketServer server;

    DuplexEchoServer(ExtensionFactory... extensions) throws IOException {
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                return HandshakeDecision.accept()
                        .withAttachment(new State(List.copyOf(request.headers().all("Sec-WebSocket-Extensions"))));
            }

            @Override
            public void onOpen(WebSocket ws) {
                State s = ws.attachment();
                sessions.add(new Session(s.offer, ws.extensions()));
            }

            @Override
            public void onText(WebSocket ws, String text) {
                echo(ws, MessageType.TEXT, text.getBytes(StandardCharsets.UTF_8), text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                echo(ws, MessageType.BINARY, b, null);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                closes.add(new Close(code, reason, clean));
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                errors.add(error);
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).originPolicy(OriginPolicy.allowAll())
                .extensions(extensions).route("/echo", handler).build().start();
    }

    private static void echo(WebSocket ws, MessageType type, byte[] bytes, String text) {
        State s = ws.attachment();
        if (s.index++ % 2 == 1) {
            MessageWriter writer = ws.startMessage(type);
            List<ByteBuffer> pieces = Payloads.pieces(bytes, Payloads.duplexCuts(bytes.length));
            for (int i = 0; i < pieces.size(); i++) {
                writer.write(pieces.get(i), i == pieces.size() - 1);
            }
        } else if (type == MessageType.TEXT) {
            ws.sendText(text);
        } else {
            ws.sendBinary(ByteBuffer.wrap(bytes));
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
