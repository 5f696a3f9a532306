package dev.duplex.browsertests;

import dev.duplex.browser.WebSocketEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parity: every scenario of {@code scenarios.json} runs in headless Chromium (the page's {@code WebSocket},
 * through {@code scenario-runner.js}) and through {@link dev.duplex.browser.WebSocket} with the page's origin
 * and base URL, against the same Duplex servers. The two logs (events, attributes, exceptions) must be equal
 * field by field and equal to the scenario's expected log, and the server must have seen the same thing
 * from both.
 */
@Timeout(120)
class BrowserParityTest {
    private static Chromium chromium;
    private static ScenarioServers servers;
    private static String runner;
    private static String page;
    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        servers = new ScenarioServers();
        runner = resource("scenario-runner.js");
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }

    static String resource(String name) {
        try (InputStream in = BrowserParityTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> scenarios() {
        return (List<Map<String, Object>>) new Json().toType(resource("scenarios.json"), List.class);
    }

    @TestFactory
    Stream<DynamicTest> scenariosBehaveAlikeInChromiumAndInJava() {
        return scenarios().stream().map(s -> DynamicTest.dynamicTest((String) s.get("name"), () -> check(s)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> scenario) throws Exception {
        String pageName = (String) scenario.getOrDefault("page", "main");
        String pageUrl = servers.pageUrl(pageName);
        if (!pageUrl.equals(page)) {
            chromium.open(pageUrl);
            page = pageUrl;
        }
        List<List<String>> bases = new ArrayList<>();
        servers.bases().forEach(b -> bases.add(List.of(b.getKey(), b.getValue())));

        String browserRun = "b" + RUNS.incrementAndGet();
        List<Map<String, Object>> inBrowser = (List<Map<String, Object>>) chromium.runAsync(runner, scenario, bases,
                browserRun);
        Map<String, Object> browserSaw = serverView(scenario, browserRun);

        String javaRun = "j" + RUNS.incrementAndGet();
        WebSocketEnvironment environment = WebSocketEnvironment.builder()
                .origin(servers.pageOrigin(pageName))
                .baseUrl(pageUrl)
                .build();
        List<Map<String, Object>> inJava = ScenarioRunner.run(scenario, servers.bases(), javaRun, environment);
        Map<String, Object> javaSaw = serverView(scenario, javaRun);

        assertThat(inJava).as("Java log equals Chromium's log, field by field").isEqualTo(inBrowser);
        assertThat(inBrowser).as("Chromium's log equals the scenario's expected log")
                .isEqualTo(scenario.get("expect"));
        assertThat(javaSaw).as("the server saw the same from Java as from Chromium").isEqualTo(browserSaw);
        if (scenario.containsKey("server")) {
            Map<String, Object> expected = (Map<String, Object>) scenario.get("server");
            if (expected == null) {
                assertThat(browserSaw).as("no connection accepted").isNull();
            } else {
                assertThat(browserSaw).as("what the server saw").containsAllEntriesOf(expected);
            }
        }
    }

    /** The server's record of a run, when the scenario checks it. */
    private static Map<String, Object> serverView(Map<String, Object> scenario, String run) throws InterruptedException {
        if (!scenario.containsKey("server")) {
            return null;
        }
        return servers.observed(run, scenario.get("server") == null ? 300 : 5000);
    }
}
