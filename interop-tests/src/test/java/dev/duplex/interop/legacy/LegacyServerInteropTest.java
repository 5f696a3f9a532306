package dev.duplex.interop.legacy;

import dev.duplex.engine.handshake.ProtocolVersion;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplex's server with every version enabled against the legacy clients of PEERS.md: Netty's handshakers 00
 * (hixie-76), 07 and 08, and Java-WebSocket 1.3.0's {@code Draft_75}, {@code Draft_76} and {@code Draft_10}
 * (version 8). Those peers are fragile with large or split frames, so each exchange is a few small messages, each
 * sent in one write.
 */
@Timeout(60)
class LegacyServerInteropTest {
    private LegacyEchoServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LegacyEchoServer(ProtocolVersion.all());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "Netty client {0} speaks {1}: echo, then the client closes")
    @CsvSource({"V00, hixie-76", "V07, hybi-07", "V08, hybi-08", "V13, RFC 6455"})
    void nettyClient(WebSocketVersion version, String expected) throws Exception {
        try (NettyLegacyPeers.Client client = new NettyLegacyPeers.Client(URI.create(server.url()), version)) {
            assertThat(server.next()).startsWith("handshake " + expected);
            assertThat(server.next()).isEqualTo("open " + expected);
            client.send("hello legacy");
            assertThat(client.next()).isEqualTo("text hello legacy");
            client.send("κόσμε");
            assertThat(client.next()).isEqualTo("text κόσμε");
            assertThat(server.next()).isEqualTo("text hello legacy");
            assertThat(server.next()).isEqualTo("text κόσμε");

            client.sendClose();
            // hixie-76: 0xFF 0x00 answered with 0xFF 0x00, the closing handshake without a code, reported as 1005.
            assertThat(server.next()).isEqualTo(version == WebSocketVersion.V00 ? "close 1005 clean" : "close 1000 clean");
            assertThat(client.next()).isEqualTo(version == WebSocketVersion.V00 ? "close -1" : "close 1000");
            assertThat(client.awaitClosed()).isTrue();
        }
    }

    @Test
    void nettyHixie76ClientHearsTheServerClose() throws Exception {
        try (NettyLegacyPeers.Client client = new NettyLegacyPeers.Client(URI.create(server.url()), WebSocketVersion.V00)) {
            assertThat(server.nextStartingWith("open")).isEqualTo("open hixie-76");
            client.send("please-close");
            assertThat(client.next()).isEqualTo("close -1"); // Netty's CloseWebSocketFrame of 0xFF 0x00: no status
            assertThat(client.awaitClosed()).isTrue();
            assertThat(server.nextStartingWith("close")).isEqualTo("close 1005 clean");
        }
    }

    @ParameterizedTest(name = "Java-WebSocket 1.3.0 {0} speaks {1}: echo, then the client closes")
    @CsvSource({"Draft_76, hixie-76", "Draft_75, hixie-75", "Draft_10, hybi-08", "Draft_17, RFC 6455"})
    void javaWebSocketClient(String draft, String expected) throws Exception {
        try (Jw13.Client client = Jw13.Client.open(draft, URI.create(server.url()))) {
            assertThat(server.next()).startsWith("handshake " + expected + " origin=");
            assertThat(server.next()).isEqualTo("open " + expected);
            client.send("hello legacy");
            assertThat(client.next()).isEqualTo("text hello legacy");
            client.send("second");
            assertThat(client.next()).isEqualTo("text second");
            assertThat(server.next()).isEqualTo("text hello legacy");
            assertThat(server.next()).isEqualTo("text second");

            if (draft.equals("Draft_75")) {
                // hixie-75 has no closing handshake and Java-WebSocket 1.3.0's Draft_75 client never ends the TCP
                // connection on close(): the server closes instead, at once (a TCP close is hixie-75's close).
                client.send("please-close");
                assertThat(client.next()).startsWith("close ");
                assertThat(server.nextStartingWith("close")).isEqualTo("close 1005 clean");
                return;
            }
            client.close();
            assertThat(client.next()).startsWith("close ");
            assertThat(server.next()).isEqualTo(draft.equals("Draft_76") ? "close 1005 clean" : "close 1000 clean");
        }
    }

    @Test
    void javaWebSocketHixie76ClientHearsTheServerClose() throws Exception {
        try (Jw13.Client client = Jw13.Client.open("Draft_76", URI.create(server.url()))) {
            client.send("please-close");
            assertThat(client.next()).startsWith("close ");
            // Java-WebSocket 1.3.0's Draft_76 closes "one way": it ends the TCP connection instead of answering
            // 0xFF 0x00, so the server's close handshake does not complete and is reported as such.
            assertThat(server.nextStartingWith("close")).isEqualTo("close 1006 unclean");
        }
    }
}
