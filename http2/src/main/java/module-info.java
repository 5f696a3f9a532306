/**
 * The Duplex HTTP/2 engine: a pure implementation of HTTP/2 framing, streams and flow control (RFC 9113),
 * HPACK (RFC 7541) and the extended CONNECT that carries WebSockets (RFC 8441). Bytes go in, events come
 * out, bytes to send come back. No sockets, threads or clocks.
 */
module dev.duplex.http2 {
    exports dev.duplex.http2;
    exports dev.duplex.http2.hpack;
}
