package dev.duplex.client;

/** Whether a client opens its WebSocket as a stream of an HTTP/2 connection (RFC 8441) or on its own HTTP/1.1 one. */
public enum Http2Policy {
    /** HTTP/1.1 only (RFC 6455 section 4): every WebSocket has its own TCP connection. The default. */
    NEVER,
    /**
     * As browsers do: for {@code wss://}, offer {@code h2} by ALPN (RFC 7301) and, when the server chooses it and
     * allows extended CONNECT ({@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1}, RFC 8441 section 3), open the
     * WebSocket as a stream of that connection, shared by every WebSocket to the same origin; otherwise fall back to
     * HTTP/1.1. {@code ws://} stays on HTTP/1.1 (browsers use cleartext HTTP/2 for nothing).
     */
    IF_OFFERED,
    /**
     * HTTP/2 with prior knowledge: {@code ws://} speaks cleartext HTTP/2 from the first byte (RFC 9113 section
     * 3.3), {@code wss://} offers only {@code h2} by ALPN. The connection is shared per origin; a server that does
     * not allow extended CONNECT gets the WebSocket over HTTP/1.1 instead, on a new connection.
     */
    PRIOR_KNOWLEDGE
}
