/**
 * The Duplex WebSocket server: listening, routing by path, origin policy, handshake hooks, graceful shutdown.
 * Start with {@link dev.duplex.server.WebSocketServer#builder()}.
 */
module dev.duplex.server {
    requires transitive dev.duplex.transport;

    exports dev.duplex.server;
}
