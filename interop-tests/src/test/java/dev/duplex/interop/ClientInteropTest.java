package dev.duplex.interop;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.WebSocketClient;
import dev.duplex.testsupport.MessageCollector;
import dev.duplex.testsupport.PeerProcess;
import dev.duplex.testsupport.RecordingListener.Closed;
import dev.duplex.transport.MessageType;
import dev.duplex.transport.MessageWriter;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Duplex's client against third-party servers over loopback: python3-websockets and Node {@code ws}
 * ({@code peers/*_server.*}). Subprotocol negotiation (RFC 6455 section 4.1), payloads of every length
 * class both ways (section 5.2), a streamed (fragmented) message (section 5.4), ping and pong (5.5.2), and
 * close code and reason in both directions (5.5.1).
 */
class ClientInteropTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a python3-websockets server")
    void pythonWebsocketsServer() throws Exception {
        try (PeerProcess peer = PeerProcess.python("python_server.py")) {
            runScenario(peer);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Duplex's client against a Node ws server")
    void nodeWsServer() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        try (PeerProcess peer = PeerProcess.node("node_server.js")) {
            runScenario(peer);
        }
    }

    private static void runScenario(PeerProcess peer) throws Exception {
        String port = peer.await("port", PeerProcess.seconds(20));
        URI uri = URI.create("ws://127.0.0.1:" + port + "/");
        try (WebSocketClient client = WebSocketClient.builder().build()) {
            MessageCollector r = new MessageCollector();
            WebSocket ws = client.connect(uri, ConnectOptions.builder().subprotocols("chat", "superchat").build(), r)
                    .get(10, TimeUnit.SECONDS);
            assertThat(ws.subprotocol()).isEqualTo("chat");
            for (int size : new int[] {0, 125, 126, 65535, 65536, 1 << 20}) {
                String text = "é".repeat(size / 2) + "x".repeat(size % 2);
                ws.sendText(text).get(10, TimeUnit.SECONDS);
                assertThat(r.messages.poll(10, TimeUnit.SECONDS)).as("text of %d bytes", size).isEqualTo(text);
                byte[] bytes = new byte[size];
                for (int i = 0; i < size; i++) {
                    bytes[i] = (byte) (i * 7 + 1);
                }
                ws.sendBinary(ByteBuffer.wrap(bytes)).get(10, TimeUnit.SECONDS);
                assertThat((byte[]) r.messages.poll(10, TimeUnit.SECONDS)).as("binary of %d bytes", size)
                        .isEqualTo(bytes);
            }
            MessageWriter writer = ws.startMessage(MessageType.TEXT);
            writer.write(ByteBuffer.wrap("frag".getBytes(StandardCharsets.UTF_8)), false);
            writer.write(ByteBuffer.wrap("ment".getBytes(StandardCharsets.UTF_8)), false);
            writer.write(ByteBuffer.wrap("ed é".getBytes(StandardCharsets.UTF_8)), true).get(10, TimeUnit.SECONDS);
            assertThat(r.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("fragmented é");
            ws.sendPing(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            assertThat(r.pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
            ws.close(4000, "client done").get(10, TimeUnit.SECONDS);
            assertThat(r.closed.get(10, TimeUnit.SECONDS)).isEqualTo(new Closed(4000, "client done", true));
            assertThat(peer.await("closed", PeerProcess.seconds(10))).isEqualTo("4000 client done");

            MessageCollector r2 = new MessageCollector();
            WebSocket ws2 = client.connect(uri, r2).get(10, TimeUnit.SECONDS);
            ws2.sendText("please-close");
            assertThat(r2.closed.get(10, TimeUnit.SECONDS)).isEqualTo(new Closed(4001, "server says bye", true));
            assertThat(peer.await("closed", PeerProcess.seconds(10))).isEqualTo("4001 server says bye");
        }
    }
}
