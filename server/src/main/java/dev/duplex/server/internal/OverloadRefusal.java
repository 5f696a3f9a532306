package dev.duplex.server.internal;

import dev.duplex.engine.handshake.HandshakeException;
import dev.duplex.engine.handshake.ServerHandshake;
import dev.duplex.transport.internal.Connection;
import dev.duplex.transport.internal.UpgradeHandler;

import java.nio.ByteBuffer;

/** Answers 503 at once to a connection over the server's connection limit, then closes it. */
final class OverloadRefusal implements UpgradeHandler {

    @Override
    public void onConnected(Connection connection) {
        ServerRuntime.LOG.log(System.Logger.Level.DEBUG, "refusing {0}: connection limit reached",
                connection.remoteAddress());
        connection.write(ServerHandshake.reject(new HandshakeException(503, "too many connections")));
        connection.closeAfterFlush();
    }

    @Override
    public void onRead(Connection connection, ByteBuffer in) {
        in.position(in.limit());
    }

    @Override
    public void onFailed(Connection connection, Throwable cause) {
    }
}
