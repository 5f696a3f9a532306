package dev.duplex.benchmarks;

import dev.duplex.cli.bench.BenchOptions;
import dev.duplex.cli.bench.BenchResult;
import dev.duplex.cli.bench.LoadTest;
import dev.duplex.cli.demo.DemoServer;
import dev.duplex.engine.extension.PerMessageDeflate;
import dev.duplex.http2.Http2Config;
import dev.duplex.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duplex bench}'s load test against an in-process {@code duplex serve} echo route, about 2 s per run: the
 * counts in its summary must add up. No timing assertions: the numbers live in the benchmarks.
 */
@Timeout(60)
class LoadToolTest {
    private static WebSocketServer server;
    private static URI echo;

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0)
                        .extensions(PerMessageDeflate.defaults()), line -> { })
                .build().start();
        echo = URI.create("ws://127.0.0.1:" + server.port() + "/echo");
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(2));
    }

    @Test
    void pipelinedTextEchoesAddUp() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchOptions options = BenchOptions.builder(echo).connections(4).size(32).depth(8)
                .warmup(Duration.ofMillis(500)).duration(Duration.ofMillis(1500))
                .serverPid(ProcessHandle.current().pid()).progress(true).build();

        BenchResult r = LoadTest.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(r.firstError()).isNull();
        assertThat(r.opened()).isEqualTo(4);
        assertThat(r.connectFailed()).isZero();
        assertThat(r.errors()).isZero();
        assertThat(r.sent()).isPositive().isEqualTo(r.received());
        assertThat(r.measured()).isPositive().isLessThanOrEqualTo(r.received());
        assertThat(r.measuredBytes()).isEqualTo(r.measured() * 32);
        assertThat(r.latency().count()).isEqualTo(r.measured());
        assertThat(r.latency().percentile(50)).isLessThanOrEqualTo(r.latency().percentile(99));
        assertThat(r.latency().percentile(99)).isLessThanOrEqualTo(r.latency().percentile(99.9));
        assertThat(r.latency().percentile(99.9)).isLessThanOrEqualTo(r.latency().max());
        assertThat(r.windowNanos()).isBetween(1_500_000_000L, 3_000_000_000L);
        assertThat(r.messagesPerSecond() * r.seconds()).isCloseTo(r.measured(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(r.clean()).isTrue();

        Map<String, String> values = r.toMap();
        assertThat(values).containsEntry("sent", Long.toString(r.sent()))
                .containsEntry("received", Long.toString(r.sent()))
                .containsEntry("messages", Long.toString(r.measured()))
                .containsEntry("errors", "0")
                .containsEntry("clean", "true");
        assertThat(r.format()).contains("4 open").contains("0 errors").contains("p99.9").contains("cpu (tool)")
                .contains("cpu (server)");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("measuring");
    }

    @Test
    void binaryEchoesAreChecked() throws Exception {
        BenchOptions options = BenchOptions.builder(echo).connections(2).size(70_000).depth(2).binary(true)
                .warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(800)).progress(false).build();

        BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.errors()).isZero();
        assertThat(r.sent()).isPositive().isEqualTo(r.received());
        assertThat(r.measuredBytes()).isEqualTo(r.measured() * 70_000);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void idleConnectionsAreHeldThenClosed() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchOptions options = BenchOptions.builder(echo).connections(50).idle(true)
                .duration(Duration.ofMillis(300)).progress(false).build();

        BenchResult r = LoadTest.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(r.opened()).as("%s", r.firstError()).isEqualTo(50);
        assertThat(r.connectLatency().count()).isEqualTo(50);
        assertThat(r.sent()).isZero();
        assertThat(r.clean()).isTrue();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("ready: 50 connections open");
    }

    @Test
    void sourceAddressesSpreadTheConnectionsOverLoopbackAddresses() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        WebSocketServer logged = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0), lines::add)
                .build().start();
        try {
            URI url = URI.create("ws://127.0.0.1:" + logged.port() + "/echo");
            BenchOptions options = BenchOptions.builder(url).connections(6).idle(true).sourceAddresses(3)
                    .duration(Duration.ofMillis(200)).progress(false).build();

            BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));

            assertThat(r.opened()).as("%s", r.firstError()).isEqualTo(6);
            assertThat(r.clean()).isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (lines.size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // The server's one line per connection names the client's address: two connections from each.
            for (String ip : List.of("/127.0.0.1:", "/127.0.0.2:", "/127.0.0.3:")) {
                assertThat(lines).filteredOn(line -> line.contains(ip)).hasSize(2);
            }
        } finally {
            logged.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void http2CarriesTheWebSocketsAsStreamsOfOneConnectionPerSourceAddress() throws Exception {
        BenchOptions options = BenchOptions.builder(echo).connections(20).size(32).depth(4).http2(true)
                .sourceAddresses(2).warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(600)).progress(false)
                .build();

        BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.firstError()).isNull();
        assertThat(r.opened()).isEqualTo(20);
        assertThat(r.overHttp2()).isEqualTo(20);
        assertThat(r.tcpConnections()).isEqualTo(2);
        assertThat(r.sent()).isPositive().isEqualTo(r.received());
        assertThat(r.clean()).isTrue();
        assertThat(r.toMap()).containsEntry("http_version", "2").containsEntry("over_http2", "20")
                .containsEntry("tcp_connections", "2");
        assertThat(r.format()).contains("20 WebSockets over HTTP/2 from 2 source addresses")
                .contains("20 as HTTP/2 streams on 2 TCP connections");
    }

    @Test
    void http1CountsOneConnectionPerWebSocket() throws Exception {
        BenchOptions options = BenchOptions.builder(echo).connections(5).idle(true).duration(Duration.ofMillis(200))
                .progress(false).build();

        BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.overHttp2()).isZero();
        assertThat(r.tcpConnections()).isEqualTo(5);
        assertThat(r.format()).contains("5 over HTTP/1.1 on 5 TCP connections");
    }

    @Test
    void aWebSocketFallingBackToHttp1IsAnError() throws Exception {
        // two streams per connection: the client opens the third and fourth WebSocket over HTTP/1.1
        WebSocketServer twoStreams = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0)
                .http2(Http2Config.builder().maxConcurrentStreams(2).build()), line -> { }).build().start();
        try {
            URI url = URI.create("ws://127.0.0.1:" + twoStreams.port() + "/echo");
            BenchOptions options = BenchOptions.builder(url).connections(4).idle(true).http2(true)
                    .duration(Duration.ofMillis(200)).progress(false).build();

            BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));

            assertThat(r.opened()).as("%s", r.firstError()).isEqualTo(4);
            assertThat(r.overHttp2()).isEqualTo(2);
            assertThat(r.tcpConnections()).isEqualTo(3);
            assertThat(r.errors()).isEqualTo(2);
            assertThat(r.clean()).isFalse();
            assertThat(r.firstError()).contains("opened over HTTP/1.1");
            assertThat(r.format()).contains("2 as HTTP/2 streams and 2 over HTTP/1.1, on 3 TCP connections");
        } finally {
            twoStreams.stop(Duration.ofSeconds(2));
        }
    }

    @Test
    void compressionIsAgreedOnEveryConnection() throws Exception {
        BenchOptions options = BenchOptions.builder(echo).connections(2).size(100).depth(4).compress(true)
                .warmup(Duration.ofMillis(200)).duration(Duration.ofMillis(600)).progress(false).build();

        BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.firstError()).isNull();
        assertThat(r.compressed()).isEqualTo(2);
        assertThat(r.sent()).isPositive().isEqualTo(r.received());
        assertThat(r.clean()).isTrue();
        assertThat(r.format()).contains("permessage-deflate agreed on 2 of 2 connections");
    }

    @Test
    void aServerDecliningCompressionIsAnError() throws Exception {
        WebSocketServer plain = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0), line -> { })
                .build().start();
        try {
            URI url = URI.create("ws://127.0.0.1:" + plain.port() + "/echo");
            BenchOptions options = BenchOptions.builder(url).connections(2).depth(1).compress(true)
                    .warmup(Duration.ZERO).duration(Duration.ofMillis(200)).progress(false).build();

            BenchResult r = LoadTest.run(options, new PrintStream(new ByteArrayOutputStream(), true,
                    StandardCharsets.UTF_8));

            assertThat(r.compressed()).isZero();
            assertThat(r.errors()).isEqualTo(2);
            assertThat(r.clean()).isFalse();
            assertThat(r.firstError()).contains("did not accept permessage-deflate");
        } finally {
            plain.stop(Duration.ofSeconds(2));
        }
    }
}
