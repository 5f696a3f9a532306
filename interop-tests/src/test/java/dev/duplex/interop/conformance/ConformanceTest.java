package dev.duplex.interop.conformance;

import dev.duplex.cli.Main;
import dev.duplex.cli.demo.DemoServer;
import dev.duplex.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two products under test, each driven over real loopback sockets by a fuzzer playing the other role:
 * <ul>
 * <li>the server of {@code duplex serve}, with exactly its {@code /echo} route ({@link DemoServer#routes}),
 * against a raw-socket fuzzing client ({@link Handshakes#connect}, masked frames built by hand);</li>
 * <li>the client of {@code duplex testee-client}, run through its command line ({@link Main#run}) against
 * a raw-socket fuzzing server that speaks the conformance suite's URL protocol ({@link FuzzingServer}).</li>
 * </ul>
 * Subclasses list the cases of one section and play each against both.
 */
abstract class ConformanceTest {
    static final String AGENT = "duplex-conformance";
    private static final AtomicLong SEEDS = new AtomicLong(6_455);
    private static WebSocketServer server;
    private static FuzzingServer fuzzingServer;

    @BeforeAll
    static void startProducts() throws Exception {
        server = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0), line -> {
        }).build().start();
        fuzzingServer = new FuzzingServer();
    }

    @AfterAll
    static void stopProducts() throws Exception {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
        if (fuzzingServer != null) {
            fuzzingServer.close();
        }
    }

    /** Plays the case against Duplex's server: a fresh connection to {@code /echo}. */
    static void againstServer(Case c) throws Exception {
        try (WireChannel channel = Handshakes.connect(server.port(), "/echo", SEEDS.getAndIncrement())) {
            c.script().run(channel);
        }
    }

    /**
     * Plays the case against Duplex's client: {@code duplex testee-client} runs the fuzzing server's single
     * case, echoing what it receives, then asks for the reports.
     */
    static void againstClient(Case c) throws Exception {
        CompletableFuture<Void> verdict = fuzzingServer.load(c.script());
        int exit = Main.run("testee-client", "--url", fuzzingServer.url(), "--agent", AGENT, "--case-timeout", "PT30S");
        try {
            verdict.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError("the fuzzing server failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the client never ran the case; requests: " + fuzzingServer.targets()
                    + "; errors: " + fuzzingServer.errors());
        }
        assertThat(exit).as("testee-client exit code").isZero();
        assertThat(fuzzingServer.targets()).as("the suite's URL protocol").containsExactly(
                "/getCaseCount", "/runCase?case=1&agent=" + AGENT, "/updateReports?agent=" + AGENT);
        assertThat(fuzzingServer.errors()).as("problems on the bookkeeping connections").isEmpty();
    }
}
