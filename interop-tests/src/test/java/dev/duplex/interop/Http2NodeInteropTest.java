package dev.duplex.interop;

import dev.duplex.testsupport.RecordingListener;
import dev.duplex.testsupport.MessageCollector;
import dev.duplex.testsupport.PeerProcess;
import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.duplex.interop.Http2InteropServer.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * WebSocket over HTTP/2 (RFC 8441) between Duplex and Node ({@code http2} + {@code ws}, {@code peers/h2_ws_*.js})
 * over loopback, cleartext with prior knowledge (RFC 9113 section 3.3) and TLS with ALPN {@code h2} (section 3.2).
 * Both roles: SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 section 3), the extended CONNECT with {@code :protocol
 * websocket} answered 200 (sections 4 and 5), several WebSockets as concurrent streams of one connection, the
 * subprotocol, messages in DATA frames beyond every default flow-control window, and the close handshake followed
 * by END_STREAM both ways, with no RST_STREAM (section 5 and RFC 6455 section 7).
 */
class Http2NodeInteropTest {
    private static final Duration PEER_RUN = Duration.ofSeconds(25);

    @BeforeAll
    static void nodeWs() {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
    }

    /** RFC 8441 sections 3-5 over h2c: 3 WebSocket streams of 100 kB messages on one Node client connection. */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("Node http2+ws client, 3 streams, against Duplex's server over h2c")
    void nodeClientOverH2c() throws Exception {
        try (Http2InteropServer server = Http2InteropServer.cleartext();
             PeerProcess peer = PeerProcess.node("h2_ws_client.js", server.peerUrl(), "--streams", "3",
                     "--count", "3", "--size", "100000", "--protocol", "chat", "--timeout", "20")) {
            server.assertPeerClientRun(peer, 3, 3, PEER_RUN);
        }
    }

    /** RFC 8441 sections 3-5 over TLS, ALPN h2 (RFC 9113 section 3.2), same scenario. */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("Node http2+ws client, 3 streams, against Duplex's server over TLS (ALPN h2)")
    void nodeClientOverTls() throws Exception {
        try (Http2InteropServer server = Http2InteropServer.secure();
             PeerProcess peer = PeerProcess.node("h2_ws_client.js", server.peerUrl(), "--insecure", "--streams", "3",
                     "--count", "3", "--size", "100000", "--protocol", "chat", "--timeout", "20")) {
            server.assertPeerClientRun(peer, 3, 3, PEER_RUN);
        }
    }

    /**
     * RFC 8441 section 5 with RFC 9113 section 5.2 (flow control): messages of 2,000,000 bytes on 2 streams, beyond
     * the default stream and connection windows (65,535) of both sides and Duplex's own, all echoed.
     */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("Node http2+ws client, 2 MB messages on 2 streams, through Duplex's server over h2c")
    void largeMessagesBeyondEveryWindow() throws Exception {
        try (Http2InteropServer server = Http2InteropServer.cleartext();
             PeerProcess peer = PeerProcess.node("h2_ws_client.js", server.peerUrl(), "--streams", "2",
                     "--count", "1", "--size", "2000000", "--protocol", "chat", "--timeout", "20")) {
            server.assertPeerClientRun(peer, 2, 1, PEER_RUN);
        }
    }

    /** RFC 8441 sections 3-5, Duplex's client with PRIOR_KNOWLEDGE against the Node server over h2c. */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client, 3 WebSockets, against a Node http2+ws server over h2c")
    void duplexClientOverH2c() throws Exception {
        try (PeerProcess peer = PeerProcess.node("h2_ws_server.js", "--h2c", "--timeout", "30");
             WebSocketClient client = WebSocketClient.builder().closeTimeout(Duration.ofSeconds(5)).build()) {
            String port = peer.await("listening", PeerProcess.seconds(10));
            runDuplexClient(peer, client, URI.create("ws://127.0.0.1:" + port + "/echo"), Http2Policy.PRIOR_KNOWLEDGE);
        }
    }

    /** RFC 8441 sections 3-5 over TLS: Duplex's client with IF_OFFERED gets h2 by ALPN from the Node server. */
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client, 3 WebSockets, against a Node http2+ws server over TLS (ALPN h2)")
    void duplexClientOverTls(@TempDir Path dir) throws Exception {
        Path[] pem = Http2InteropServer.writePem(dir);
        try (PeerProcess peer = PeerProcess.node("h2_ws_server.js", "--cert", pem[0].toString(), "--key",
                pem[1].toString(), "--timeout", "30");
             WebSocketClient client = WebSocketClient.builder().tls(Http2InteropServer.CERT.clientContext())
                     .closeTimeout(Duration.ofSeconds(5)).build()) {
            String port = peer.await("listening", PeerProcess.seconds(10));
            runDuplexClient(peer, client, URI.create("wss://localhost:" + port + "/echo"), Http2Policy.IF_OFFERED);
        }
    }

    /**
     * Opens 3 WebSockets to one origin at once (subprotocol chat), sends text and binary messages of 12 bytes and
     * 1 MiB on each and checks the echoes, closes each with 1000 and its own reason; then checks that the Node
     * server saw one connection, and per stream the reason and END_STREAM both ways.
     */
    private static void runDuplexClient(PeerProcess peer, WebSocketClient client, URI uri, Http2Policy policy)
            throws Exception {
        ConnectOptions options = ConnectOptions.builder().http2(policy).subprotocols("chat").build();
        List<MessageCollector> recorders = new ArrayList<>();
        List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MessageCollector r = new MessageCollector();
            recorders.add(r);
            connecting.add(client.connect(uri, options, r));
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (CompletableFuture<WebSocket> f : connecting) {
            WebSocket ws = f.get(10, TimeUnit.SECONDS);
            sockets.add(ws);
            assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(ws.subprotocol()).isEqualTo("chat");
        }
        String small = "héllo wörld";
        String bigText = "é".repeat(1 << 19);
        byte[] smallBytes = {0, 1, 2, (byte) 0xff, (byte) 0x80, 127};
        byte[] bigBytes = new byte[1 << 20];
        for (int i = 0; i < bigBytes.length; i++) {
            bigBytes[i] = (byte) (i * 31 + 7);
        }
        for (int i = 0; i < 3; i++) {
            WebSocket ws = sockets.get(i);
            ws.sendText(small + " " + i);
            ws.sendText(bigText);
            ws.sendBinary(ByteBuffer.wrap(smallBytes));
            ws.sendBinary(ByteBuffer.wrap(bigBytes));
        }
        for (int i = 0; i < 3; i++) {
            MessageCollector r = recorders.get(i);
            assertThat(r.messages.poll(10, TimeUnit.SECONDS)).as("stream %d", i).isEqualTo(small + " " + i);
            assertThat(r.messages.poll(10, TimeUnit.SECONDS)).as("stream %d", i).isEqualTo(bigText);
            assertThat((byte[]) r.messages.poll(10, TimeUnit.SECONDS)).as("stream %d", i).isEqualTo(smallBytes);
            assertThat((byte[]) r.messages.poll(10, TimeUnit.SECONDS)).as("stream %d", i).isEqualTo(bigBytes);
        }
        for (int i = 0; i < 3; i++) {
            sockets.get(i).close(1000, "bye " + i).get(10, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(recorders.get(i).closed.get(10, TimeUnit.SECONDS))
                    .isEqualTo(new RecordingListener.Closed(1000, "bye " + i, true));
        }
        List<String> lines = Http2InteropServer.awaitOutput(peer,
                l -> withKey(l, "close").size() >= 3 && withKey(l, "stream-end").size() >= 3,
                Duration.ofSeconds(10));
        String context = "server stdout " + lines + "; stderr: " + peer.stderr();
        assertThat(withKey(lines, "session")).as("one HTTP/2 connection; " + context).hasSize(1);
        assertThat(withKey(lines, "open")).as(context).containsExactly("/echo chat", "/echo chat", "/echo chat");
        assertThat(withKey(lines, "close")).as(context)
                .containsExactlyInAnyOrder("1000 bye 0", "1000 bye 1", "1000 bye 2");
        assertThat(withKey(lines, "stream-end")).as(context).hasSize(3)
                .allSatisfy(end -> assertThat(end).matches("\\d+ END_STREAM"));
        assertThat(withKey(lines, "message")).as(context).hasSize(12)
                .containsOnly("text " + (small + " 0").getBytes(StandardCharsets.UTF_8).length, "text " + (1 << 20),
                        "binary 6", "binary " + (1 << 20));
        assertThat(withKey(lines, "ws-error")).as(context).isEmpty();
    }
}
