/**
 * The Duplex protocol engine: a pure implementation of the WebSocket protocol (RFC 6455).
 * Bytes go in, events come out, bytes to send come back. No sockets, threads or clocks.
 */
module dev.duplex.engine {
    exports dev.duplex.engine;
    exports dev.duplex.engine.frame;
    exports dev.duplex.engine.handshake;
    exports dev.duplex.engine.text;
    exports dev.duplex.engine.extension;
    exports dev.duplex.engine.legacy;
}
