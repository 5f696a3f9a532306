package dev.duplex.browsertests;

import dev.duplex.browser.WebSocketEnvironment;
import dev.duplex.client.WebSocketClient;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.tls.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.duplex.browsertests.CarrierScenario.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSockets over HTTP/2 (RFC 8441) in headless Chromium and through {@link dev.duplex.browser.WebSocket}, against
 * one in-process Duplex {@code wss://} server, and the same scenario over HTTP/1.1 to show that only the carrier
 * differs.
 * <p>Chromium loads {@code https://localhost:P/} (ALPN {@code h2}, RFC 9113 section 3.2; the server's SETTINGS
 * carry {@code SETTINGS_ENABLE_CONNECT_PROTOCOL = 1}, RFC 8441 section 3), then the page opens three WebSockets at
 * once ({@code carrier-scenario.js}): each is an extended CONNECT ({@code :protocol websocket}, section 4) on a
 * stream of that connection, answered with {@code :status 200} (section 5), its frames in DATA frames. The page
 * checks, through the WHATWG WebSockets Standard's interface: the {@code open} event with {@code protocol}
 * (#dom-websocket-protocol, RFC 6455 section 4.1 item 10) and {@code extensions} (#dom-websocket-extensions:
 * permessage-deflate, RFC 7692); text, binary and 1 MiB echoes ({@code message}, #feedback-from-the-protocol,
 * binaryType {@code arraybuffer}); a client close with code and reason (#dom-websocket-close) that the server
 * sees; a server-initiated close reaching the page as a {@code close} event with code, reason and
 * {@code wasClean = true} (#closeWebSocket, RFC 6455 sections 7.1.5-7.1.6). The server records each WebSocket's
 * {@link dev.duplex.transport.WebSocket#httpVersion()} and client address and port: over HTTP/2 every WebSocket of a run
 * arrived on one TCP connection (Chromium may open an extra preconnect connection that carries nothing, so only
 * connections carrying WebSockets are counted); over HTTP/1.1 each has its own (RFC 6455 section 4.1).
 * <p>The Java API runs the same steps with a client that trusts the self-signed certificate; its log must equal
 * Chromium's field by field, and the server must have seen the same from both.
 */
@Timeout(90)
class Http2BrowserTest {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.forLocalhost();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static CarrierServer http2;
    private static CarrierServer http11;
    private static WebSocketClient javaClient;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        http2 = new CarrierServer(CERT.serverContext(), true);
        http11 = new CarrierServer(CERT.serverContext(), false);
        javaClient = WebSocketEnvironment.clientBuilder().tls(CERT.clientContext())
                .closeTimeout(Duration.ofSeconds(2)).build();
        chromium = Chromium.start("--ignore-certificate-errors");
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (javaClient != null) {
                javaClient.close();
            }
            if (http2 != null) {
                http2.close();
            }
            if (http11 != null) {
                http11.close();
            }
        }
    }

    /** RFC 8441: the page over h2, then its WebSockets as streams of one HTTP/2 connection; Java alike. */
    @Test
    void overHttp2ChromiumAndJavaShareOneConnectionAndSeeTheSame() throws Exception {
        runBoth(http2, HttpVersion.HTTP_2, "h2");
    }

    /** RFC 6455 section 4 with {@code .http2(false)}: the same logs, a TCP connection per WebSocket. */
    @Test
    void overHttp11OnlyTheCarrierDiffers() throws Exception {
        runBoth(http11, HttpVersion.HTTP_1_1, "http/1.1");
    }

    @SuppressWarnings("unchecked")
    private static void runBoth(CarrierServer server, HttpVersion carrier, String nextHopProtocol) throws Exception {
        chromium.open(server.origin() + "/");
        assertThat(chromium.driver().getTitle()).isEqualTo("Duplex over HTTP/2");

        String browserRun = "b" + RUNS.incrementAndGet();
        Map<String, Object> inBrowser = (Map<String, Object>) chromium.runAsync(
                BrowserParityTest.resource("carrier-scenario.js"), server.wss(), browserRun);
        assertThat(inBrowser.get("navigation")).as("the page load's nextHopProtocol").isEqualTo(nextHopProtocol);
        assertThat(inBrowser).as("Chromium finished in time").doesNotContainKey("timeout");
        Map<String, Object> browserLog = normalize((Map<String, Object>) inBrowser.get("sockets"), server, browserRun);
        assertThat(browserLog).as("Chromium's log").isEqualTo(expectedLog());
        Map<String, Map<String, Object>> browserSaw = serverView(server, browserRun);
        assertThat(browserSaw).as("what the server saw of Chromium").isEqualTo(expectedServerView(carrier));
        assertConnections(server, browserRun, carrier, "Chromium");

        String javaRun = "j" + RUNS.incrementAndGet();
        WebSocketEnvironment environment = WebSocketEnvironment.builder().client(javaClient)
                .origin(server.origin()).baseUrl(server.origin() + "/").build();
        Map<String, Object> inJava = CarrierScenario.run(server.wss(), javaRun, environment);
        assertThat(inJava).as("Java finished in time").doesNotContainKey("timeout");
        Map<String, Object> javaLog = normalize((Map<String, Object>) inJava.get("sockets"), server, javaRun);
        assertThat(javaLog).as("Java's log equals Chromium's, field by field").isEqualTo(browserLog);
        assertThat(serverView(server, javaRun)).as("the server saw the same from Java as from Chromium")
                .isEqualTo(browserSaw);
        assertConnections(server, javaRun, carrier, "Java");
    }

    /** Over HTTP/2 one TCP connection carries every WebSocket of the run; over HTTP/1.1 each has its own. */
    private static void assertConnections(CarrierServer server, String run, HttpVersion carrier, String who) {
        Map<String, InetSocketAddress> clients = server.clients(run);
        assertThat(clients.keySet()).as("WebSockets of " + who).containsExactlyElementsOf(CarrierScenario.NAMES);
        assertThat(clients.values()).allMatch(a -> a.getAddress().isLoopbackAddress());
        int connections = new HashSet<>(clients.values()).size();
        assertThat(connections).as(who + "'s TCP connections carrying WebSockets (clients " + clients + ")")
                .isEqualTo(carrier == HttpVersion.HTTP_2 ? 1 : CarrierScenario.NAMES.size());
    }

    private static Map<String, Map<String, Object>> serverView(CarrierServer server, String run)
            throws InterruptedException {
        Map<String, Map<String, Object>> seen = server.observed(run, CarrierScenario.NAMES.size(), 5000);
        seen.values().forEach(fields -> fields.replaceAll((k, v) -> v instanceof String s
                ? s.replace(server.origin(), "{origin}") : v));
        return seen;
    }

    /** Placeholders for what changes between runs and servers: {@code {wss}} and {@code {run}}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> normalize(Map<String, Object> sockets, CarrierServer server, String run) {
        Map<String, Object> out = new TreeMap<>();
        sockets.forEach((name, log) -> {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Map<String, Object> e : (List<Map<String, Object>>) log) {
                Map<String, Object> copy = new TreeMap<>();
                e.forEach((k, v) -> copy.put(k, v instanceof String s
                        ? s.replace(server.wss(), "{wss}").replace("run=" + run + "&", "run={run}&") : v));
                entries.add(copy);
            }
            out.put(name, entries);
        });
        return out;
    }

    /** What the page must see, whatever the carrier. */
    static Map<String, Object> expectedLog() {
        String url = "{wss}/%s?run={run}&name=%s";
        Map<String, Object> log = new TreeMap<>();
        log.put("echo", List.of(
                entry("event", "open", "readyState", 1, "protocol", "chat", "extensions", "permessage-deflate",
                        "url", url.formatted("echo", "echo")),
                entry("event", "message", "readyState", 1, "origin", "{wss}", "kind", "text",
                        "data", "hello over the carrier"),
                entry("event", "message", "readyState", 1, "origin", "{wss}", "kind", "arraybuffer", "size", 16,
                        "hex", "000102030405060708090a0b0c0d0e0f"),
                entry("event", "message", "readyState", 1, "origin", "{wss}", "kind", "text",
                        "data", "\u00fc\u20ac\ud834\udd1e"),
                entry("event", "close", "readyState", 3, "code", 4000, "reason", "client bye", "wasClean", true)));
        byte[] text = CarrierScenario.largeText().getBytes(StandardCharsets.UTF_8);
        log.put("large", List.of(
                entry("event", "open", "readyState", 1, "protocol", "", "extensions", "permessage-deflate",
                        "url", url.formatted("echo", "large")),
                entry("event", "message", "readyState", 1, "origin", "{wss}", "kind", "arraybuffer",
                        "size", CarrierScenario.LARGE,
                        "fnv", ScenarioRunner.fnv(CarrierScenario.randomBytes(CarrierScenario.LARGE, 7))),
                entry("event", "message", "readyState", 1, "origin", "{wss}", "kind", "text",
                        "length", text.length, "fnv", ScenarioRunner.fnv(text)),
                entry("event", "close", "readyState", 3, "code", 1000, "reason", "", "wasClean", true)));
        log.put("server-close", List.of(
                entry("event", "open", "readyState", 1, "protocol", "", "extensions", "permessage-deflate",
                        "url", url.formatted("control", "server-close")),
                entry("event", "close", "readyState", 3, "code", 4001, "reason", "server bye", "wasClean", true)));
        return log;
    }

    /** What the server must see of each WebSocket: only {@code http} depends on the carrier. */
    static Map<String, Map<String, Object>> expectedServerView(HttpVersion carrier) {
        Map<String, Map<String, Object>> view = new TreeMap<>();
        view.put("echo", server(carrier, "/echo", "chat, superchat", "chat", 3, 4000, "client bye"));
        view.put("large", server(carrier, "/echo", "", "", 2, 1000, ""));
        view.put("server-close", server(carrier, "/control", "", "", 1, 4001, "server bye"));
        return view;
    }

    private static Map<String, Object> server(HttpVersion carrier, String path, String offeredProtocols,
                                              String protocol, int messages, int code, String reason) {
        return entry("path", path, "origin", "{origin}", "offer", "permessage-deflate; client_max_window_bits",
                "offeredProtocols", offeredProtocols, "http", carrier.name(), "protocol", protocol,
                "extensions", "permessage-deflate", "messages", messages, "code", code, "reason", reason,
                "clean", true);
    }
}
