package dev.duplex.interop.http2;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Plain HTTP/2 clients (curl, nghttp and h2load from nghttp2 1.52) against the Duplex server's page routes on its
 * WebSocket port: cleartext with prior knowledge (RFC 9113 section 3.3) and TLS with ALPN h2 (section 3.2). What a
 * user checks with these tools: the version spoken, the page, the statuses for a missing path and a wrong method,
 * HEAD, the SETTINGS that announce WebSockets over HTTP/2, and a burst of multiplexed requests.
 */
class Http2ToolsTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static DuplexEcho plain;
    private static DuplexEcho tls;

    @BeforeAll
    static void start() throws Exception {
        plain = DuplexEcho.plain();
        tls = DuplexEcho.tls();
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    private static String base(boolean secure) {
        return secure ? "https://localhost:" + tls.port() : "http://127.0.0.1:" + plain.port();
    }

    /** curl's options for HTTP/2: prior knowledge in cleartext, ALPN h2 over TLS (self-signed: {@code -k}). */
    private static Tool.Result curl(boolean secure, String... args) throws Exception {
        assumeTrue(Tool.installed("curl"), "curl is not installed (scripts/install-peers.sh)");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        command.addAll(secure ? List.of("--http2", "-k") : List.of("--http2-prior-knowledge"));
        command.addAll(List.of(args));
        Tool.Result r = Tool.run(LIMIT, command.toArray(String[]::new));
        assertThat(r.exit()).as("curl exit code; %s", r).isZero();
        return r;
    }

    /** RFC 9113 sections 3.2-3.3 and 8.1: GET of the page over HTTP/2, with its body and content type. */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void curlGetsThePageOverHttp2(boolean secure) throws Exception {
        Tool.Result r = curl(secure, "-w", "\n%{http_version} %{http_code} %{content_type}", base(secure) + "/");
        assertThat(r.stdout()).isEqualTo(DuplexEcho.PAGE + "\n2 200 text/html; charset=utf-8");
    }

    /** A path with no route is 404; a WebSocket route asked with GET over HTTP/2 is 400 (it needs CONNECT). */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void curlGetsStatusesForOtherPaths(boolean secure) throws Exception {
        Tool.Result missing = curl(secure, "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                base(secure) + "/missing");
        assertThat(missing.stdout()).isEqualTo("2 404");
        Tool.Result endpoint = curl(secure, "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                base(secure) + "/echo");
        assertThat(endpoint.stdout()).isEqualTo("2 400");
    }

    /** RFC 9110 section 15.5.6: POST to a page is 405 with {@code allow: GET, HEAD}. */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void curlPostIsMethodNotAllowed(boolean secure) throws Exception {
        Tool.Result r = curl(secure, "-i", "-X", "POST", "--data", "x=1", base(secure) + "/");
        String head = r.stdout().replace("\r\n", "\n");
        assertThat(head).startsWith("HTTP/2 405").containsIgnoringCase("\nallow: GET, HEAD\n");
    }

    /** RFC 9110 section 9.3.2: HEAD gives the GET's headers (content-length of the page) and no body. */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void curlHeadHasTheLengthAndNoBody(boolean secure) throws Exception {
        Tool.Result r = curl(secure, "-I", "-w", "size %{size_download}", base(secure) + "/");
        String out = r.stdout().replace("\r\n", "\n");
        assertThat(out).startsWith("HTTP/2 200")
                .containsIgnoringCase("\ncontent-length: " + DuplexEcho.PAGE.getBytes(StandardCharsets.UTF_8).length + "\n")
                .endsWith("size 0");
    }

    /**
     * RFC 8441 section 3: the server's first SETTINGS carries SETTINGS_ENABLE_CONNECT_PROTOCOL (0x8) = 1, which is
     * what tells browsers and other clients they may open WebSockets as streams; the page still comes back.
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void nghttpSeesEnableConnectProtocol(boolean secure) throws Exception {
        assumeTrue(Tool.installed("nghttp"), "nghttp2-client is not installed (scripts/install-peers.sh)");
        Tool.Result r = Tool.run(LIMIT, "nghttp", "-nv", "-t", "10", base(secure) + "/");
        assertThat(r.exit()).as("nghttp exit code; %s", r).isZero();
        Matcher settings = Pattern.compile("recv SETTINGS frame <length=\\d+, flags=0x00, stream_id=0>\\n"
                + "(?:\\s+[(\\[].*\\n)+").matcher(r.stdout());
        assertThat(settings.find()).as("the server's SETTINGS frame in %s", r.stdout()).isTrue();
        assertThat(settings.group()).contains("[SETTINGS_ENABLE_CONNECT_PROTOCOL(0x08):1]");
        assertThat(r.stdout()).contains("recv (stream_id=13) :status: 200");
    }

    /**
     * RFC 9113 sections 5.1.2 and 6.9: 2,000 requests from 4 connections, 10 streams in flight on each, all
     * answered 2xx; bounded in time.
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void h2loadBurstIsAllSuccessful(boolean secure) throws Exception {
        assumeTrue(Tool.installed("h2load"), "nghttp2-client is not installed (scripts/install-peers.sh)");
        Tool.Result r = Tool.run(LIMIT, "h2load", "-n", "2000", "-c", "4", "-m", "10", "-T", "10",
                base(secure) + "/");
        assertThat(r.exit()).as("h2load exit code; %s", r).isZero();
        assertThat(r.stdout())
                .contains("requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored, 0 timeout")
                .contains("status codes: 2000 2xx, 0 3xx, 0 4xx, 0 5xx");
        if (secure) {
            assertThat(r.stdout()).contains("Application protocol: h2");
        }
    }
}
