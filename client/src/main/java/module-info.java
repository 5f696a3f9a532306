/**
 * The Duplex WebSocket client: connects to {@code ws://} and {@code wss://} URIs.
 * Start with {@link dev.duplex.client.WebSocketClient#builder()}.
 */
module dev.duplex.client {
    requires transitive dev.duplex.transport;

    exports dev.duplex.client;
}
