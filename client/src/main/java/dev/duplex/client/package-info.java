/**
 * The Duplex WebSocket client: {@link dev.duplex.client.WebSocketClient} connects to {@code ws://} and
 * {@code wss://} URIs with {@link dev.duplex.client.ConnectOptions} (subprotocols, extra headers) and
 * returns the {@link dev.duplex.transport.WebSocket} once the opening handshake succeeded.
 */
package dev.duplex.client;
