/**
 * The Duplex transport: NIO event loops, TCP and TLS channels, and the carriers that drive a
 * {@link dev.duplex.engine.WebSocketEngine}: its own TCP connection (HTTP/1.1), or a stream of an HTTP/2
 * connection (RFC 8441). Shared by the server and the client.
 * <p>The public API is {@link dev.duplex.transport.WebSocket} (one connection) and
 * {@link dev.duplex.transport.WebSocketListener} (its callbacks). The {@code internal} package is only for
 * the server and client modules.
 */
module dev.duplex.transport {
    requires transitive dev.duplex.engine;
    requires transitive dev.duplex.http2;

    exports dev.duplex.transport;
    exports dev.duplex.transport.tls;
    exports dev.duplex.transport.internal to dev.duplex.server, dev.duplex.client;
    exports dev.duplex.transport.internal.http2 to dev.duplex.server, dev.duplex.client;
}
