/**
 * The Duplex WebSocket server: {@link dev.duplex.server.WebSocketServer} with its builder, routes served by
 * {@link dev.duplex.server.WebSocketHandler}s that see each opening handshake
 * ({@link dev.duplex.server.HandshakeRequest}) and decide on it ({@link dev.duplex.server.HandshakeDecision}),
 * and fixed {@link dev.duplex.server.HttpResource}s for plain HTTP requests.
 */
package dev.duplex.server;
