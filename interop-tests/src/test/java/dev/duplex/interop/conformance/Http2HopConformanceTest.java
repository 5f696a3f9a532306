package dev.duplex.interop.conformance;

import dev.duplex.cli.demo.DemoServer;
import dev.duplex.interop.http2.Haproxy;
import dev.duplex.server.WebSocketServer;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every server case of the socket-level suite ({@link FramingTest}, {@link ReservedTest}, {@link FragmentationTest},
 * {@link Utf8Test}, {@link CloseTest}, {@link LimitsTest} with the server's own limits: Autobahn sections 1-7 and
 * 9-10), played by the same raw fuzzing client over HTTP/1.1, but through HAProxy 2.6, which carries each WebSocket to
 * the server of {@code duplex serve} as a stream of an HTTP/2 connection (RFC 8441 sections 4-5; {@code server ...
 * proto h2}). HAProxy forwards the WebSocket bytes without reading them, so every case must end exactly as it does
 * directly: the same echoes, the same failure close codes (RFC 6455 section 7.4), and the TCP close right after the
 * server's close frame (section 7.1.1), which here means the server ends its stream (RFC 9113 section 8.5) and HAProxy
 * closes the client's connection. Each case also checks that the server holds the WebSocket as an HTTP/2 stream.
 */
class Http2HopConformanceTest {
    private static final AtomicLong SEEDS = new AtomicLong(8_441);
    private static final int ATTEMPTS = 3;
    /**
     * The fuzzer's writes failing because HAProxy closed its connection: when the server ends its stream after its
     * close frame, HAProxy 2.6 forwards the close frame, half-closes the client's connection, ends the stream on its
     * side too and closes both connections at once (the HTTP/2 one with SO_LINGER 0) instead of waiting for the
     * client's FIN. A fuzzer still writing the rest of a case (bytes sent one at a time after the invalid frame)
     * then meets a reset. Directly, the server reads until the client's FIN, so this cannot happen.
     */
    private static final Pattern RESET_BY_HAPROXY =
            Pattern.compile("I/O failed: java\\.net\\.SocketException: (Broken pipe|Connection reset)");

    @TempDir
    static Path dir;
    private static WebSocketServer server;
    private static Haproxy haproxy;
    private static int front;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Haproxy.installed(), "haproxy is not installed (scripts/install-peers.sh)");
        server = DemoServer.routes(WebSocketServer.builder().host("127.0.0.1").port(0), line -> {
        }).build().start();
        front = Haproxy.freePort();
        haproxy = Haproxy.start(dir, """
                frontend websocket_over_http1
                    bind 127.0.0.1:%d
                    default_backend duplex_serve_over_http2
                backend duplex_serve_over_http2
                    server s1 127.0.0.1:%d proto h2
                """.formatted(front, server.port()), front);
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    static Stream<Case> cases() {
        return Stream.of(FramingTest.cases(), ReservedTest.cases(), ReservedTest.echoFirstCases(),
                FragmentationTest.cases(), FragmentationTest.echoFirstCases(), Utf8Test.cases(), Utf8Test.vectors(),
                CloseTest.cases(), LimitsTest.cases(), LimitsTest.serverLimitCases()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(90)
    @DisplayName("Duplex server (duplex serve /echo) behind HAProxy, HTTP/1.1 to HTTP/2")
    void throughHaproxy(Case c) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (WireChannel channel = Handshakes.connect(front, "/echo", SEEDS.getAndIncrement())) {
                List<WebSocket> open = server.webSockets();
                assertThat(open).as("the server's WebSockets; haproxy: %s", haproxy.output()).isNotEmpty()
                        .allMatch(ws -> ws.httpVersion() == HttpVersion.HTTP_2);
                c.script().run(channel);
                return;
            } catch (AssertionError e) {
                if (attempt == ATTEMPTS || !RESET_BY_HAPROXY.matcher(e.getMessage()).find()) {
                    throw e;
                }
                System.err.println("HAProxy reset the fuzzer's connection while it was still sending (attempt "
                        + attempt + " of " + c + "): " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
    }
}
