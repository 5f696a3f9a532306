package dev.duplex.interop.legacy;

import dev.duplex.engine.EngineConfig;
import dev.duplex.engine.handshake.OriginPolicy;
import dev.duplex.engine.handshake.ProtocolVersion;
import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.server.WebSocketServer;
import dev.duplex.testsupport.EventLog;
import dev.duplex.transport.WebSocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Duplex server for the legacy tests: {@code /echo} sends every message back with its type, except the text
 * {@code please-close}, which makes the server close. It accepts the first subprotocol offered, records every
 * handshake, open, message and close as a string, and allows every origin (old clients send made-up ones, such as
 * Java-WebSocket 1.3.0's {@code random1234}).
 */
final class LegacyEchoServer implements AutoCloseable {
    final EventLog events = new EventLog();
    final WebSocketServer server;

    LegacyEchoServer(Set<ProtocolVersion> versions) throws IOException {
        this(versions, EngineConfig.defaults());
    }

    LegacyEchoServer(Set<ProtocolVersion> versions, EngineConfig engine) throws IOException {
        WebSocketHandler handler = new WebSocketHandler() {
            @Override
            public HandshakeDecision onHandshake(HandshakeRequest request) {
                events.add("handshake " + request.protocolVersion() + " origin=" + request.origin());
                return request.subprotocols().isEmpty() ? HandshakeDecision.accept()
                        : HandshakeDecision.accept(request.subprotocols().get(0));
            }

            @Override
            public void onOpen(WebSocket ws) {
                events.add("open " + ws.protocolVersion());
            }

            @Override
            public void onText(WebSocket ws, String text) {
                events.add("text " + (text.length() > 64 ? text.length() + " chars" : text));
                if (text.equals("please-close")) {
                    ws.close();
                } else {
                    ws.sendText(text);
                }
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                events.add("binary " + data.remaining());
                ws.sendBinary(data);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                events.add("close " + code + (clean ? " clean" : " unclean"));
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2).originPolicy(OriginPolicy.allowAll())
                .engineConfig(engine).protocolVersions(versions).closeTimeout(java.time.Duration.ofSeconds(3))
                .route("/echo", handler).build().start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.port() + "/echo";
    }

    /** The next event, or {@code timeout} after 10 s. */
    String next() throws InterruptedException {
        return events.next();
    }

    /** Skips events until one starting with {@code prefix}; {@code timeout} if none comes within 10 s. */
    String nextStartingWith(String prefix) throws InterruptedException {
        return events.nextStartingWith(prefix);
    }

    @Override
    public void close() {
        server.close();
    }
}
