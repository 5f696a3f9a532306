package dev.duplex.engine.handshake;

/** Opening requests sent by real clients (from /work/shared/PEERS.md). */
final class PeerRequests {
    /** Chromium 156, {@code new WebSocket(url, ['chat', 'superchat'])}. */
    static final String CHROMIUM = """
            GET / HTTP/1.1\r
            Host: 127.0.0.1:8766\r
            Connection: Upgrade\r
            Pragma: no-cache\r
            Cache-Control: no-cache\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64) ... HeadlessChrome/156.0.0.0 Safari/537.36\r
            Upgrade: websocket\r
            Origin: http://127.0.0.1:8766\r
            Sec-WebSocket-Version: 13\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Accept-Language: en-US,en;q=0.9\r
            Sec-WebSocket-Key: r+pBf3JvWg5UmVAGMEle/w==\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
            Sec-WebSocket-Protocol: chat, superchat\r
            \r
            """;

    /** Jetty's client style: one {@code Sec-WebSocket-Protocol} line per subprotocol. */
    static final String JETTY = """
            GET /echo?x=1 HTTP/1.1\r
            Host: localhost:9000\r
            Upgrade: WebSocket\r
            Connection: keep-alive, Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            Sec-WebSocket-Protocol: chat\r
            Sec-WebSocket-Protocol: superchat\r
            Sec-WebSocket-Extensions: permessage-deflate\r
            \r
            """;

    private PeerRequests() {
    }
}
