package dev.duplex.client.internal;

import dev.duplex.engine.extension.Extension;
import dev.duplex.engine.extension.ExtensionFactory;
import dev.duplex.engine.extension.ExtensionNegotiation;
import dev.duplex.engine.handshake.ClientHandshake;
import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.HeadLimits;
import dev.duplex.engine.handshake.HttpHeadParser;
import dev.duplex.engine.handshake.HttpResponseHead;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.UpgradeHandler;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of one connection's opening handshake (RFC 6455 section 4.1): sends the request once
 * connected, checks the response and the extensions the server chose (section 9.1), then upgrades. Any failure fails the connect future and the connection
 * (section 4.1: "the client MUST _Fail the WebSocket Connection_").
 */
final class ClientUpgrade implements UpgradeHandler {
    private final ClientHandshake handshake;
    private final List<ExtensionFactory> extensions;
    private final WebSocketListener listener;
    private final CompletableFuture<WebSocket> result;
    private HttpHeadParser parser;
    // hixie-76: the response head, waiting for the 16-byte answer that follows it.
    private HttpResponseHead response;
    private ByteBuffer body;

    ClientUpgrade(ClientHandshake handshake, HeadLimits limits, List<ExtensionFactory> extensions,
                  WebSocketListener listener, CompletableFuture<WebSocket> result) {
        this.handshake = handshake;
        this.extensions = extensions;
        this.listener = listener;
        this.result = result;
        this.parser = HttpHeadParser.forResponses(limits);
    }

    @Override
    public void onConnected(Connection connection) {
        if (result.isCancelled()) {
            connection.abort(new CancellationException("connect cancelled"));
            return;
        }
        connection.write(handshake.request());
    }

    @Override
    public void onRead(Connection connection, ByteBuffer in) {
        try {
            if (response == null) {
                if (!parser.parse(in)) {
                    return;
                }
                response = parser.response();
                parser = null;
                if (response.status() == 101 && handshake.responseBodyLength() > 0) {
                    body = ByteBuffer.allocate(handshake.responseBodyLength());
                }
            }
            if (body != null) {
                int n = Math.min(in.remaining(), body.remaining());
                body.put(body.position(), in, in.position(), n);
                body.position(body.position() + n);
                in.position(in.position() + n);
                if (body.hasRemaining()) {
                    return;
                }
                body.flip();
            }
            ClientHandshake.Result accepted = handshake.validate(response, body);
            List<Extension> agreed;
            try {
                agreed = ExtensionNegotiation.confirm(extensions, accepted.extensions());
            } catch (IllegalArgumentException e) {
                throw HandshakeException.invalidResponse(e.getMessage() + " (RFC 6455 section 4.1)");
            }
            if (result.isCancelled()) {
                agreed.forEach(Extension::close);
                connection.abort(new CancellationException("connect cancelled"));
                return;
            }
            WebSocket ws = connection.upgrade(listener, accepted.subprotocol(), accepted.extensions(), null, agreed,
                    handshake.version());
            result.complete(ws);
        } catch (HandshakeException e) {
            ClientRuntime.LOG.log(System.Logger.Level.DEBUG, "opening handshake with {0} failed: {1}",
                    connection.remoteAddress(), e.getMessage());
            result.completeExceptionally(e);
            connection.abort(e);
        }
    }

    @Override
    public void onFailed(Connection connection, Throwable cause) {
        result.completeExceptionally(cause);
    }

    @Override
    public String toString() {
        return "ClientUpgrade[" + handshake + "]";
    }
}
