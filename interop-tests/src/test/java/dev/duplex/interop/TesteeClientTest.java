package dev.duplex.interop;

import dev.duplex.cli.Main;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
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
            // The fake server prints a case's line when its handler returns, after the closing handshake; the
            // next case's connection may finish first, so the order of the lines is not part of the contract.
            List<String> cases = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                cases.add(server.await("case", PeerProcess.seconds(10)));
            }
            assertThat(cases).containsExactlyInAnyOrder("1 ok", "2 ok", "3 ok", "4 ok");
            assertThat(server.await("reports", PeerProcess.seconds(10))).isEqualTo("duplex-test");
        }
    }
}
