package dev.duplex.interop;

import dev.duplex.cli.Main;
import dev.duplex.interop.http2.Haproxy;
import dev.duplex.testsupport.PeerProcess;
import dev.duplex.testsupport.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code duplex testee-client} speaks the conformance suite's test-server protocol: it reads the case count,
 * runs every case echoing messages with their type, then asks for the reports. Checked against
 * {@code peers/fake_fuzzingserver.py}, which verifies each echo.
 */
class TesteeClientTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("testee-client runs every case, echoes correctly, and updates the reports")
    void runsEveryCase() throws Exception {
        try (PeerProcess server = PeerProcess.python("fake_fuzzingserver.py")) {
            String port = server.await("port", PeerProcess.seconds(20));
            int exit = Main.run("testee-client", "--url", "ws://127.0.0.1:" + port, "--agent", "duplex-test");
            assertThat(exit).isZero();
            // The fake server prints a case's line when its handler returns, after the closing handshake and the TCP
            // close; the next case's connection (or the reports request) may finish first, so the order of the lines
            // is not part of the contract: wait for all of them.
            Waits.until(PeerProcess.seconds(20), () -> server.output().size() >= 6);
            assertThat(server.output()).filteredOn(line -> !line.startsWith("port "))
                    .containsExactlyInAnyOrder("case 1 ok", "case 2 ok", "case 3 ok", "case 4 ok", "reports duplex-test");
        }
    }

    /**
     * The client side of the suite through an HTTP/2 hop (RFC 8441): {@code testee-client --http2} opens every case's
     * WebSocket as a stream of one HTTP/2 connection to HAProxy ({@code bind ... proto h2}), which carries each to
     * the suite's server as an HTTP/1.1 upgrade; every case still ends verified by the server.
     */
    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @DisplayName("testee-client --http2 runs every case through an HTTP/2 hop")
    void runsEveryCaseThroughAnHttp2Hop(@TempDir Path dir) throws Exception {
        assumeTrue(Haproxy.installed(), "haproxy is not installed (scripts/install-peers.sh)");
        try (PeerProcess server = PeerProcess.python("fake_fuzzingserver.py")) {
            int port = Integer.parseInt(server.await("port", PeerProcess.seconds(20)));
            int front = Haproxy.freePort();
            try (Haproxy hop = Haproxy.start(dir, """
                    frontend suite_over_http2
                        bind 127.0.0.1:%d proto h2
                        default_backend suite
                    backend suite
                        server s1 127.0.0.1:%d
                    """.formatted(front, port), front)) {
                int exit = Main.run("testee-client", "--http2", "--url", "ws://127.0.0.1:" + front, "--agent",
                        "duplex-h2");
                assertThat(exit).isZero();
                Waits.until(PeerProcess.seconds(20), () -> server.output().size() >= 6);
                assertThat(server.output()).filteredOn(line -> !line.startsWith("port "))
                        .containsExactlyInAnyOrder("case 1 ok", "case 2 ok", "case 3 ok", "case 4 ok",
                                "reports duplex-h2");
            }
        }
    }
}
