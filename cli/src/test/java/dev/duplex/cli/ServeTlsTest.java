package dev.duplex.cli;

import dev.duplex.client.ConnectOptions;
import dev.duplex.client.Http2Policy;
import dev.duplex.client.WebSocketClient;
import dev.duplex.transport.HttpVersion;
import dev.duplex.transport.WebSocket;
import dev.duplex.transport.WebSocketListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code duplex serve --tls} without a keystore: the self-signed certificate whose fingerprint it prints, HTTP/2 by
 * ALPN for WebSockets and the page, and {@code --no-http2}.
 */
class ServeTlsTest {
    private static final String FINGERPRINT = "SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$";
    private static RunningServe http2;
    private static RunningServe http1;

    @BeforeAll
    static void start() throws Exception {
        http2 = new RunningServe("--tls", "--host", "127.0.0.1", "--port", "0");
        http1 = new RunningServe("--tls", "--no-http2", "--host", "127.0.0.1", "--port", "0");
    }

    @AfterAll
    static void stop() {
        http2.close();
        http1.close();
    }

    @Test
    void bannerNamesTheUrlTheProtocolsAndTheCertificate() throws Exception {
        assertThat(http2.await("duplex serving on (\\S+)")).isEqualTo("https://localhost:" + http2.port() + "/");
        assertThat(http2.await("^speaking (.*)")).isEqualTo("HTTP/1.1 + HTTP/2 (h2 via ALPN)");
        assertThat(http2.await("^TLS: self-signed certificate for (localhost, 127.0.0.1 and ::1)"))
                .isNotEmpty();
        assertThat(http2.await("^TLS: browsers (.*)")).contains("--trust-fingerprint",
                "wss://localhost:" + http2.port() + "/echo", "curl -k");
        assertThat(http1.await("^speaking (.*)")).isEqualTo("HTTP/1.1 only (--no-http2)");
    }

    /** The printed fingerprint is the SHA-256 of the certificate a TLS client receives. */
    @Test
    void printedFingerprintIsTheCertificatePresented() throws Exception {
        String printed = http2.await(FINGERPRINT);
        try (SSLSocket socket = (SSLSocket) ServerTrust.anyCertificate().context().getSocketFactory()
                .createSocket("127.0.0.1", http2.port())) {
            socket.startHandshake();
            X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(presented.getEncoded());
            assertThat(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest)).isEqualTo(printed);
            assertThat(presented.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        }
    }

    @Test
    void duplexClientGetsHttp2ByAlpnAndTheLogLineSaysSo() throws Exception {
        WebSocket ws = echoOnce(http2, "over h2");
        assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_2);
        http2.await("^" + Pattern.quote(ws.localAddress() + " /echo over HTTP/2 stream 1 of connection ") + "\\d+" + Pattern.quote(" over TLS closed 1000 (normal closure), "
                + "1 messages in"));
    }

    @Test
    void noHttp2GivesHttp11() throws Exception {
        WebSocket ws = echoOnce(http1, "over h1");
        assertThat(ws.httpVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        http1.await("^" + Pattern.quote(ws.localAddress() + " /echo over HTTP/1.1 over TLS closed 1000 (normal closure), "
                + "1 messages in"));
    }

    /** {@code curl --http2 -k} loads the page over HTTP/2, or over HTTP/1.1 from the --no-http2 server. */
    @Test
    void curlLoadsThePageOverHttp2() throws Exception {
        assertThat(curl("--http2", "-k", "https://localhost:" + http2.port() + "/")).isEqualTo("2 200");
        assertThat(curl("--http2", "-k", "https://localhost:" + http1.port() + "/")).isEqualTo("1.1 200");
    }

    /** Opens wss://localhost:P/echo with {@code IF_OFFERED}, trusting the printed fingerprint; echoes; closes. */
    private static WebSocket echoOnce(RunningServe serve, String text) throws Exception {
        byte[] pin = ServerTrust.parseFingerprint(serve.await(FINGERPRINT));
        CompletableFuture<String> echoed = new CompletableFuture<>();
        try (WebSocketClient client = WebSocketClient.builder().eventLoops(1).tls(ServerTrust.pinned(pin).context())
                .closeTimeout(Duration.ofSeconds(2)).build()) {
            WebSocket ws = client.connect(URI.create("wss://localhost:" + serve.port() + "/echo"),
                    ConnectOptions.builder().http2(Http2Policy.IF_OFFERED).build(), new WebSocketListener() {
                        @Override
                        public void onText(WebSocket ws, String received) {
                            echoed.complete(received);
                        }
                    }).get(20, TimeUnit.SECONDS);
            ws.sendText(text);
            assertThat(echoed).succeedsWithin(10, TimeUnit.SECONDS).isEqualTo(text);
            assertThat(ws.close()).succeedsWithin(10, TimeUnit.SECONDS);
            return ws;
        }
    }

    /** curl's HTTP version and status for {@code url}. */
    static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null",
                "--max-time", "20", "-w", "%{http_version} %{http_code}"));
        command.addAll(List.of(args));
        Process curl;
        try {
            curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeThat(e).as("curl is not installed").isNull();
            throw e;
        }
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
