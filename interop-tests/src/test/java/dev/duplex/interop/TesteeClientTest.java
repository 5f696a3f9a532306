package dev.duplex.interop;

import dev.duplex.cli.Main;
import dev.duplex.testsupport.PeerProcess;
import dev.duplex.testsupport.Waits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

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
}
