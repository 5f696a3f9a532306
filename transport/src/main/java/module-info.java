/**
 * The Duplex transport: NIO event loops, TCP and TLS channels, and the connection that drives a
 * {@link dev.duplex.engine.WebSocketEngine} over a socket. Shared by the server and the client.
 * <p>The public API is {@link dev.duplex.transport.WebSocket} (one connection) and
 * {@link dev.duplex.transport.WebSocketListener} (its callbacks). The {@code internal} package is only for
 * the server and client modules.
 */
module dev.duplex.transport {
    requires transitive dev.duplex.engine;

    exports dev.duplex.transport;
    exports dev.duplex.transport.tls;
    exports dev.duplex.transport.internal to dev.duplex.server, dev.duplex.client;
}
