package dev.duplex.interop.hostile;

import dev.duplex.testsupport.TestTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duplex serve} over TLS: TLS 1.3 and 1.2 are served, older versions are refused in the TLS handshake, and
 * the handshake timeout covers the TLS handshake too (a peer that opens a connection and sends no ClientHello, or
 * half of one, is dropped).
 */
@Timeout(60)
class TlsTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);
    @TempDir
    static Path dir;
    private static ServeProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        Path keystore = TestTls.writeKeyStore(dir.resolve("server.p12"));
        server = ServeProcess.start("--tls-keystore", keystore.toString(), "--tls-password", TestTls.PASSWORD,
                "--handshake-timeout", HANDSHAKE_TIMEOUT.toString());
        // The first TLS handshake of this JVM is slow (provider and key setup): take it before any test does, so
        // that the client is not the one too slow for the server's handshake deadline.
        for (int attempt = 0; attempt < 3; attempt++) {
            try (SSLSocket warm = tls("TLSv1.3")) {
                break;
            } catch (IOException slow) {
                // once more, now warm
            }
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        ServeProcess.stopHealthy(server);
    }

    private static SSLContext context;

    private static synchronized SSLSocket tls(String protocol) throws Exception {
        if (context == null) {
            context = TestTls.clientContext();
        }
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    @Test
    void tls13AndTls12AreServed() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            SSLSocket s = tls(protocol);
            assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
            try (Wire w = Wire.over(s, server.port()).handshake("/echo")) {
                w.send(Wire.text("over " + protocol));
                assertThat(w.readFrame(Duration.ofSeconds(5)).text()).isEqualTo("over " + protocol);
            }
        }
    }

    @Test
    void olderProtocolsAreRefused() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        for (String flag : List.of("-tls1_1", "-tls1")) {
            // SECLEVEL=0 lets this client offer the old version at all; the server must be the one refusing.
            Process p = new ProcessBuilder("/usr/bin/openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                    flag, "-cipher", "DEFAULT:@SECLEVEL=0").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
            assertThat(out).as("openssl s_client %s", flag).containsPattern("alert protocol version|handshake failure")
                    .containsPattern("Cipher is \\(NONE\\)|no peer certificate")
                    .doesNotContainPattern("Cipher is [A-Z]");
            assertThat(p.exitValue()).isNotZero();
        }
    }

    @Test
    void silentAndHalfFinishedTlsHandshakesAreDropped() throws Exception {
        try (EchoProbeTls ignored = new EchoProbeTls();
             Wire silent = Wire.connect(server.port());
             Wire partial = Wire.connect(server.port())) {
            // The first bytes of a TLS record header announcing a ClientHello, and nothing more.
            partial.send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            long start = System.nanoTime();
            assertThat(silent.awaitEnd(HANDSHAKE_TIMEOUT.plusSeconds(3))).isTrue();
            assertThat(partial.awaitEnd(HANDSHAKE_TIMEOUT.plusSeconds(3))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(2));
        }
    }

    /** A wss echo client checked at the end: TLS connections that stall must not hold up the others. */
    private static final class EchoProbeTls implements AutoCloseable {
        private final Wire wire;

        EchoProbeTls() throws Exception {
            wire = Wire.over(tls("TLSv1.3"), server.port()).handshake("/echo");
        }

        @Override
        public void close() throws IOException {
            try (wire) {
                long t0 = System.nanoTime();
                wire.send(Wire.text("still served"));
                assertThat(wire.readFrame(Duration.ofSeconds(2)).text()).isEqualTo("still served");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(EchoProbe.MAX_LATENCY);
            }
        }
    }
}
