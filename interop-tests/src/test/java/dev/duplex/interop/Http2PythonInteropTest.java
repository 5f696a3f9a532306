package dev.duplex.interop;

import dev.duplex.testsupport.PeerProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket over HTTP/2 (RFC 8441) from python-hyper's {@code h2} and {@code wsproto} ({@code
 * peers/h2_ws_client.py}) to Duplex's server over loopback, cleartext with prior knowledge (RFC 9113 section 3.3)
 * and TLS with ALPN {@code h2} (section 3.2): the server's SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 section 3),
 * 3 extended CONNECT streams on one connection answered 200 with the subprotocol (sections 4 and 5), 100 kB text
 * and binary messages echoed, and the close handshake followed by END_STREAM both ways, no RST_STREAM (section 5).
 */
class Http2PythonInteropTest {
    private static final Duration PEER_RUN = Duration.ofSeconds(25);

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("python-h2+wsproto client, 3 streams, against Duplex's server over h2c")
    void pythonClientOverH2c() throws Exception {
        try (Http2InteropServer server = Http2InteropServer.cleartext();
             PeerProcess peer = PeerProcess.python("h2_ws_client.py", server.peerUrl(), "--streams", "3",
                     "--count", "3", "--size", "100000", "--protocol", "chat", "--timeout", "20")) {
            server.assertPeerClientRun(peer, 3, 3, PEER_RUN);
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("python-h2+wsproto client, 3 streams, against Duplex's server over TLS (ALPN h2)")
    void pythonClientOverTls() throws Exception {
        try (Http2InteropServer server = Http2InteropServer.secure();
             PeerProcess peer = PeerProcess.python("h2_ws_client.py", server.peerUrl(), "--insecure", "--streams",
                     "3", "--count", "3", "--size", "100000", "--protocol", "chat", "--timeout", "20")) {
            server.assertPeerClientRun(peer, 3, 3, PEER_RUN);
        }
    }
}
