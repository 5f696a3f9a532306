package dev.duplex.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duplex connect --http2} as a process against {@code duplex serve}: a line from standard input echoed over
 * cleartext HTTP/2 (prior knowledge) and over TLS with the printed fingerprint, and the fall back to HTTP/1.1.
 */
class ConnectHttp2Test {
    private static RunningServe cleartext;
    private static RunningServe http1Only;

    @BeforeAll
    static void start() throws Exception {
        cleartext = new RunningServe("--host", "127.0.0.1", "--port", "0");
        http1Only = new RunningServe("--no-http2", "--host", "127.0.0.1", "--port", "0");
    }

    @AfterAll
    static void stop() {
        cleartext.close();
        http1Only.close();
    }

    @Test
    void echoesOverCleartextHttp2AndTheServeLogNamesIt() throws Exception {
        assertThat(cleartext.await("^speaking (.*)")).isEqualTo("HTTP/1.1 + HTTP/2 (h2c with prior knowledge)");
        String url = "ws://127.0.0.1:" + cleartext.port() + "/echo";
        DuplexProcess connect = new DuplexProcess("connect", "--http2", url).input("hello over h2c\n");
        assertThat(connect.exitCode()).as(connect.stderr()).isZero();
        assertThat(connect.stdout()).isEqualTo("hello over h2c" + System.lineSeparator());
        assertThat(connect.stderr()).contains("connected to " + url + " over HTTP/2", "closed: 1000 (normal closure)");
        cleartext.await(" /echo over HTTP/2 stream 1 of connection \\d+ closed 1000 \\(normal closure\\), 1 messages in");
    }

    @Test
    void curlLoadsThePageWithPriorKnowledge() throws Exception {
        assertThat(ServeTlsTest.curl("--http2-prior-knowledge", "http://127.0.0.1:" + cleartext.port() + "/"))
                .isEqualTo("2 200");
    }

    @Test
    void fallsBackToHttp11WhenTheServerDoesNotSpeakH2c() throws Exception {
        String url = "ws://127.0.0.1:" + http1Only.port() + "/echo";
        DuplexProcess connect = new DuplexProcess("connect", "--http2", url).input("hello over h1\n");
        assertThat(connect.exitCode()).as(connect.stderr()).isZero();
        assertThat(connect.stdout()).isEqualTo("hello over h1" + System.lineSeparator());
        assertThat(connect.stderr()).contains("trying HTTP/1.1", "connected to " + url + " over HTTP/1.1");
        http1Only.await(" /echo over HTTP/1.1 closed 1000 \\(normal closure\\), 1 messages in");
    }

    @Test
    void trustsTheFingerprintServePrints() throws Exception {
        try (RunningServe tls = new RunningServe("--tls", "--host", "127.0.0.1", "--port", "0")) {
            String fingerprint = tls.await("SHA-256 ([0-9A-F:]{95})$");
            String url = "wss://localhost:" + tls.port() + "/echo";
            DuplexProcess connect = new DuplexProcess("connect", "--http2", "--trust-fingerprint", fingerprint, url)
                    .input("hello over h2\n");
            assertThat(connect.exitCode()).as(connect.stderr()).isZero();
            assertThat(connect.stdout()).isEqualTo("hello over h2" + System.lineSeparator());
            assertThat(connect.stderr()).contains("connected to " + url + " over HTTP/2");
        }
    }
}
