package dev.duplex.cli.demo;

import dev.duplex.server.HandshakeDecision;
import dev.duplex.server.HandshakeRequest;
import dev.duplex.server.WebSocketHandler;
import dev.duplex.transport.WebSocket;

import java.nio.ByteBuffer;

/**
 * Echoes every message back with its type. Accepts the client's first offered subprotocol, so clients that
 * insist on one can use it too.
 */
public final class EchoHandler implements WebSocketHandler {

    @Override
    public HandshakeDecision onHandshake(HandshakeRequest request) {
        return request.subprotocols().isEmpty()
                ? HandshakeDecision.accept()
                : HandshakeDecision.accept(request.subprotocols().get(0));
    }

    @Override
    public void onText(WebSocket ws, String text) {
        ws.sendText(text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        // The buffer is only valid during the call: send a copy.
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        ws.sendBinary(copy);
    }
}
