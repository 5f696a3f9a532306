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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Duplex server with the given extension factories whose route {@code /echo} echoes every message with its
 * type, following the {@link Payloads} rule: messages with an odd index (counted per connection) go back
 * fragmented through {@code startMessage} at {@link Payloads#duplexCuts}, with a ping after the first piece, the
 * others whole. It records what it saw of each handshake (the offer lines, the agreed
 * {@code WebSocket.extensions()}), pongs, each close, and errors.
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
    final LinkedBlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final WebSocketServer server;
    private final boolean pingInsideMessages;

    DuplexEchoServer(ExtensionFactory... extensions) throws IOException {
        this(true, extensions);
    }

    /**
     * @param pingInsideMessages whether to send a ping after the first piece of each fragmented echo (false for
     *                           peers that cannot take one there)
     */
    DuplexEchoServer(boolean pingInsideMessages, ExtensionFactory... extensions) throws IOException {
        this.pingInsideMessages = pingInsideMessages;
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
            public void onPong(WebSocket ws, ByteBuffer payload) {
                pongs.add(StandardCharsets.UTF_8.decode(payload).toString());
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

    private void echo(WebSocket ws, MessageType type, byte[] bytes, String text) {
        State s = ws.attachment();
        int index = s.index++;
        if (index % 2 == 1) {
            MessageWriter writer = ws.startMessage(type);
            List<ByteBuffer> pieces = Payloads.pieces(bytes, Payloads.duplexCuts(bytes.length));
            for (int i = 0; i < pieces.size(); i++) {
                writer.write(pieces.get(i), i == pieces.size() - 1);
                if (i == 0 && pieces.size() > 1 && pingInsideMessages) {
                    ws.sendPing(StandardCharsets.UTF_8.encode(Payloads.pingPayload(index)));
                }
            }
        } else if (type == MessageType.TEXT) {
            ws.sendText(text);
        } else {
            ws.sendBinary(ByteBuffer.wrap(bytes));
        }
    }

    /** The first {@code n} pongs received, waiting up to {@code timeout} for them. */
    List<String> pongs(int n, Duration timeout) throws InterruptedException {
        return take(pongs, n, timeout);
    }

    static List<String> take(LinkedBlockingQueue<String> queue, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            String s = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                break;
            }
            out.add(s);
        }
        return out;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
