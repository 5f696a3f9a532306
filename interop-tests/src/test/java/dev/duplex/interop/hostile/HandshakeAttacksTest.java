package dev.duplex.interop.hostile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the opening handshake of {@code duplex serve} (docs/HARDENING.md, "Opening handshake"): each gets
 * its documented answer while a well-behaved client keeps its echo latency.
 */
@Timeout(60)
class HandshakeAttacksTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    private static ServeProcess server;
    private EchoProbe probe;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServeProcess.start("--handshake-timeout", HANDSHAKE_TIMEOUT.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        ServeProcess.stopHealthy(server);
    }

    @BeforeEach
    void startProbe() throws Exception {
        probe = EchoProbe.start(server.port());
    }

    @AfterEach
    void checkProbe() {
        probe.assertSurvivedAndClose("the attack", server);
    }

    private int port() {
        return server.port();
    }

    /** The status of the server's answer to {@code request}, sent in one piece. */
    private int statusFor(String request) throws IOException {
        try (Wire w = Wire.connect(port())) {
            w.send(request);
            Wire.Head head = w.readHead(Duration.ofSeconds(5));
            assertThat(head).as("an HTTP answer").isNotNull();
            assertThat(w.awaitEnd(Duration.ofSeconds(5))).as("the connection is closed after a refusal").isTrue();
            return head.status();
        }
    }

    @Test
    void slowlorisConnectionsAreDroppedAtTheHandshakeDeadline() throws Exception {
        // 40 connections trickle a header byte every 300 ms, forever; 10 more send nothing at all; one more
        // trickles a complete, valid request, but too slowly. The deadline is for the whole request: reads do not
        // extend it.
        String valid = Wire.request(port(), "/echo");
        List<Wire> attackers = new ArrayList<>();
        List<Thread> tricklers = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 51; i++) {
                Wire w = Wire.connect(port());
                attackers.add(w);
                if (i >= 40 && i < 50) {
                    continue;
                }
                String bytes = i == 50 ? valid : "GET /echo HTTP/1.1\r\nX-Slow: " + "a".repeat(10_000);
                Thread t = Thread.ofVirtual().start(() -> {
                    try {
                        for (int k = 0; k < bytes.length(); k++) {
                            w.send(bytes.substring(k, k + 1));
                            Thread.sleep(300);
                        }
                    } catch (IOException | InterruptedException expected) {
                        // the server dropped us
                    }
                });
                tricklers.add(t);
            }
            // Meanwhile a new, well-behaved client still gets in.
            try (Wire fresh = Wire.upgrade(port(), "/echo")) {
                fresh.send(Wire.text("still here"));
                assertThat(fresh.readFrame(Duration.ofSeconds(2)).text()).isEqualTo("still here");
            }
            for (Wire w : attackers) {
                long left = HANDSHAKE_TIMEOUT.toNanos() + Duration.ofSeconds(3).toNanos() - (System.nanoTime() - start);
                assertThat(w.readHead(Duration.ofNanos(Math.max(left, 1)))).as("no answer, only the TCP close")
                        .isNull();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("every slowloris connection dropped").isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT)
                    .isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(3));
        } finally {
            attackers.forEach(Wire::close);
            for (Thread t : tricklers) {
                t.join(2000);
            }
        }
    }

    @Test
    void requestLineOverTheLimitGets414() throws Exception {
        assertThat(statusFor(Wire.request(port(), "/echo?" + "a".repeat(9000)))).isEqualTo(414);
    }

    @Test
    void headerLineOverTheLimitGets431() throws Exception {
        assertThat(statusFor(Wire.request(port(), "/echo", "X-Big: " + "b".repeat(9000)))).isEqualTo(431);
    }

    @Test
    void tooManyHeaderLinesGet431() throws Exception {
        String[] headers = new String[101];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-H" + i + ": v";
        }
        assertThat(statusFor(Wire.request(port(), "/echo", headers))).isEqualTo(431);
    }

    @Test
    void headOverTheLimitGets431() throws Exception {
        String[] headers = new String[20];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = "X-H" + i + ": " + "c".repeat(1000);
        }
        assertThat(statusFor(Wire.request(port(), "/echo", headers))).isEqualTo(431);
    }

    @Test
    void endlessHeadIsCutOffWithoutBuffering() throws Exception {
        // Header lines as fast as the socket takes them: refused at the head limit, never buffered further.
        try (Wire w = Wire.connect(port())) {
            w.send("GET /echo HTTP/1.1\r\n");
            byte[] line = "X-Flood: 0123456789\r\n".getBytes();
            long sent = 0;
            try {
                for (int i = 0; i < 100_000; i++) {
                    w.send(line);
                    sent += line.length;
                }
            } catch (IOException expected) {
                // the server answered and closed
            }
            Wire.Head head = w.readHead(Duration.ofSeconds(5));
            assertThat(head).isNotNull();
            assertThat(head.status()).isEqualTo(431);
            assertThat(sent).isPositive();
        }
    }

    @Test
    void bodyOnTheUpgradeRequestGets400() throws Exception {
        assertThat(statusFor(Wire.request(port(), "/echo", "Content-Length: 10") + "0123456789")).isEqualTo(400);
        String chunked = "a\r\n0123456789\r\n0\r\n\r\n";
        assertThat(statusFor(Wire.request(port(), "/echo", "Transfer-Encoding: chunked") + chunked)).isEqualTo(400);
        // Content-Length: 0 announces no body: accepted.
        try (Wire w = Wire.upgrade(port(), "/echo", "Content-Length: 0")) {
            w.send(Wire.text("ok"));
            assertThat(w.readFrame(Duration.ofSeconds(2)).text()).isEqualTo("ok");
        }
    }

    @Test
    void foreignOriginGets403() throws Exception {
        assertThat(statusFor(Wire.request(port(), "/echo", "Origin: http://evil.example"))).isEqualTo(403);
        assertThat(statusFor(Wire.request(port(), "/echo", "Origin: null"))).isEqualTo(403);
        // The server's own origin is accepted (same-origin policy, the default of duplex serve).
        try (Wire w = Wire.upgrade(port(), "/echo", "Origin: http://127.0.0.1:" + port())) {
            assertThat(w.head.status()).isEqualTo(101);
        }
    }
}
