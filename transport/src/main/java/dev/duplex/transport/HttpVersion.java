package dev.duplex.transport;

/** What a WebSocket runs on: its own HTTP/1.1 connection (RFC 6455), or one stream of an HTTP/2 connection (RFC 8441). */
public enum HttpVersion {
    /** An HTTP/1.1 upgrade (RFC 6455 section 4): the WebSocket has the TCP connection to itself. */
    HTTP_1_1,
    /** An extended CONNECT (RFC 8441): the WebSocket is one stream of a shared HTTP/2 connection. */
    HTTP_2
}
