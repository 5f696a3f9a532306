package dev.duplex.interop;

import dev.duplex.testsupport.PeerProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Duplex's server against third-party clients over loopback: python3-websockets and Node {@code ws} run the
 * scenario in {@code peers/*_client.*} (subprotocol negotiation, RFC 6455 section 4.2.2; payloads of 0, 125,
 * 126, 65535, 65536 bytes and 1 MiB, text and binary, section 5.2; a fragmented message, section 5.4; ping
 * and pong, section 5.5.2; close code and reason both ways, section 5.5.1).
 */
class ServerInteropTest {
    static final List<String> EXPECTED_OK = expectedOk();

    static List<String> expectedOk() {
        List<String> keys = new ArrayList<>();
        for (int size : new int[] {0, 125, 126, 65535, 65536, 1 << 20}) {
            keys.add("text-" + size);
            keys.add("binary-" + size);
        }
        keys.add("fragmented");
        keys.add("ping");
        return keys;
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("python3-websockets client against Duplex's server")
    void pythonWebsocketsClient() throws Exception {
        try (InteropServer server = new InteropServer();
             PeerProcess peer = PeerProcess.python("python_client.py", server.url())) {
            assertScenario(server, peer.results(PeerProcess.seconds(60)), peer);
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("Node ws client against Duplex's server")
    void nodeWsClient() throws Exception {
        assumeTrue(PeerProcess.nodeWsInstalled(), "Node ws is not installed (scripts/install-peers.sh)");
        try (InteropServer server = new InteropServer();
             PeerProcess peer = PeerProcess.node("node_client.js", server.url())) {
            assertScenario(server, peer.results(PeerProcess.seconds(60)), peer);
        }
    }

    private static void assertScenario(InteropServer server, Map<String, String> results, PeerProcess peer)
            throws InterruptedException {
        assertThat(results).as("peer output; stderr: %s", peer.stderr()).containsEntry("done", "yes");
        assertThat(results).containsEntry("protocol", "chat");
        for (String key : EXPECTED_OK) {
            assertThat(results).as(key).containsEntry(key, "ok");
        }
        // The client's close code and reason reach the server, and come back in the server's close frame.
        assertThat(results).containsEntry("client-close", "4000 client done");
        assertThat(results).containsEntry("server-close", "4001 server says bye");
        InteropServer.Close first = server.closes.poll(10, TimeUnit.SECONDS);
        InteropServer.Close second = server.closes.poll(10, TimeUnit.SECONDS);
        assertThat(first).isEqualTo(new InteropServer.Close(4000, "client done", true));
        assertThat(second).isEqualTo(new InteropServer.Close(4001, "server says bye", true));
        assertThat(peer.exitValue()).isZero();
    }
}
