package dev.duplex.interop.hostile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of connections against {@code duplex serve --max-connections 16}: connections over the limit are answered
 * 503 and closed, at once and however fast they come; the connections inside the limit, among them a well-behaved
 * echo client, keep working; slots come back when connections end.
 */
@Timeout(60)
class ConnectionFloodTest {
    private static final int LIMIT = 16;
    private static ServeProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start("--max-connections", Integer.toString(LIMIT), "--handshake-timeout", "PT5S");
    }

    @AfterAll
    static void stopServer() throws Exception {
        ServeProcess.stopHealthy(server);
    }

    @Test
    void connectionsOverTheLimitGet503() throws Exception {
        List<Wire> flood = new ArrayList<>();
        try (EchoProbe probe = EchoProbe.start(server.port())) {
            // 200 connections as fast as they can be opened, each then asking for an upgrade: the limit holds even
            // for connections accepted in the same burst.
            for (int i = 0; i < 200; i++) {
                flood.add(Wire.connect(server.port()));
            }
            int upgraded = 0;
            int refused = 0;
            for (Wire w : flood) {
                w.send(Wire.request(server.port(), "/echo"));
            }
            for (Wire w : flood) {
                Wire.Head head = w.readHead(Duration.ofSeconds(5));
                assertThat(head).as("an answer for every connection").isNotNull();
                if (head.status() == 101) {
                    upgraded++;
                } else {
                    assertThat(head.status()).isEqualTo(503);
                    refused++;
                }
            }
            assertThat(upgraded).as("connections let in besides the echo client").isLessThanOrEqualTo(LIMIT - 1)
                    .isPositive();
            assertThat(refused).isEqualTo(200 - upgraded);
            probe.assertResponsive("the connection flood");

            // Slots come back once connections end.
            flood.forEach(Wire::close);
            flood.clear();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Wire.Head head = null;
            while (System.nanoTime() < deadline) {
                try (Wire w = Wire.connect(server.port())) {
                    w.send(Wire.request(server.port(), "/echo"));
                    head = w.readHead(Duration.ofSeconds(5));
                }
                if (head != null && head.status() == 101) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(head).isNotNull();
            assertThat(head.status()).as("a connection is let in again").isEqualTo(101);
            probe.assertResponsive("the connection flood");
        } finally {
            flood.forEach(Wire::close);
        }
        server.assertHealthy();
    }
}
