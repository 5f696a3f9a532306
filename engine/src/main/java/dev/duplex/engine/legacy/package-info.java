/**
 * Engines for the legacy framing of draft-hixie-thewebsocketprotocol-75 and -76 (also published as
 * draft-ietf-hybi-thewebsocketprotocol-00): {@link dev.duplex.engine.legacy.HixieEngine}, an
 * {@link dev.duplex.engine.Engine} like {@link dev.duplex.engine.WebSocketEngine}. hybi-07 and hybi-08 connections
 * use RFC 6455 framing and so {@code WebSocketEngine}; their handshakes, and the hixie ones, are variants of
 * {@link dev.duplex.engine.handshake.ServerHandshake} and {@link dev.duplex.engine.handshake.ClientHandshake}
 * selected by {@link dev.duplex.engine.handshake.ProtocolVersion}.
 */
package dev.duplex.engine.legacy;
