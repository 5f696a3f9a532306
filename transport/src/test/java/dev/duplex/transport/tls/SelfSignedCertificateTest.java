package dev.duplex.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed certificate: its contents (RFC 5280), a real TLS handshake, its fingerprint and key store. */
class SelfSignedCertificateTest {
    private static SelfSignedCertificate localhost;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        localhost = SelfSignedCertificate.forLocalhost();
    }

    @Test
    @DisplayName("RFC 5280: v3, self-issued CN=localhost, ecdsa-with-SHA256, verifies with its own public key")
    void certificate() throws Exception {
        X509Certificate cert = localhost.certificate();

        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSigAlgOID()).isEqualTo("1.2.840.10045.4.3.2");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getPublicKey().toString()).contains("secp256r1");
        cert.verify(cert.getPublicKey());
        cert.checkValidity();
    }

    @Test
    @DisplayName("RFC 5280 4.1.2.2: a positive 16-octet serial, different each time")
    void serial() {
        SelfSignedCertificate other = SelfSignedCertificate.forLocalhost();

        assertThat(localhost.certificate().getSerialNumber().signum()).isPositive();
        assertThat(localhost.certificate().getSerialNumber().toByteArray()).hasSize(16);
        assertThat(other.certificate().getSerialNumber()).isNotEqualTo(localhost.certificate().getSerialNumber());
        assertThat(other.certificate().getPublicKey()).isNotEqualTo(localhost.certificate().getPublicKey());
    }

    @Test
    @DisplayName("RFC 5280 4.2.1.6: subjectAltName holds localhost, 127.0.0.1 and ::1; valid 30 days")
    void localhostNamesAndValidity() throws Exception {
        X509Certificate cert = localhost.certificate();

        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"),
                List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(30));
    }

    @Test
    @DisplayName("RFC 5280 4.2.1.3, 4.2.1.9, 4.2.1.12: digitalSignature, CA:FALSE, serverAuth; the first two critical")
    void extensions() throws Exception {
        X509Certificate cert = localhost.certificate();

        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, false, false, false);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(cert.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.37", "2.5.29.17");
    }

    @Test
    @DisplayName("generate: the names and validity asked for; past 2049 the dates are GeneralizedTime")
    void generateAsked() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate(List.of("duplex.test", "*.duplex.test"),
                List.of(InetAddress.getByName("192.0.2.7"), InetAddress.getByName("2001:db8::1")),
                Duration.ofDays(365 * 40).plusMillis(999));
        X509Certificate cert = c.certificate();

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=duplex.test");
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(2, "duplex.test"),
                List.of(2, "*.duplex.test"), List.of(7, "192.0.2.7"), List.of(7, "2001:db8:0:0:0:0:0:1"));
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(365 * 40));
        assertThat(cert.getNotBefore().toInstant()).isCloseTo(Instant.now(), within(60, ChronoUnit.SECONDS));
        cert.verify(cert.getPublicKey());

        X509Certificate ipOnly = SelfSignedCertificate.generate(List.of(), List.of(InetAddress.getByName("10.1.2.3")),
                Duration.ofSeconds(1)).certificate();
        assertThat(ipOnly.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(ipOnly.getSubjectAlternativeNames()).containsExactly(List.of(7, "10.1.2.3"));
    }

    @Test
    @DisplayName("generate refuses no name, a malformed DNS name, and a validity under a second")
    void generateRefuses() {
        assertThatThrownBy(() -> SelfSignedCertificate.generate(List.of(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        for (String bad : new String[] {"", "a b", "-a.test", "a..test", "a.test.", "*", "a.*.test", "é.test"}) {
            assertThatThrownBy(() -> SelfSignedCertificate.generate(List.of(bad), List.of(), Duration.ofDays(1)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SelfSignedCertificate.generate(List.of("a.test"), List.of(), Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the private key matches the certificate's public key")
    void privateKey() throws Exception {
        PrivateKey key = localhost.privateKey();
        byte[] data = "duplex".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(localhost.certificate());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    @DisplayName("TLS over loopback: serverContext and clientContext, HTTPS endpoint identification of localhost")
    void handshakeLocalhost() throws Exception {
        assertThat(exchange(localhost, "localhost")).isEqualTo("pong:ping");
    }

    @Test
    @DisplayName("TLS over loopback: HTTPS endpoint identification of 127.0.0.1 against the iPAddress name")
    void handshakeIpAddress() throws Exception {
        assertThat(exchange(localhost, "127.0.0.1")).isEqualTo("pong:ping");
    }

    @Test
    @DisplayName("TLS: a client trusting only another certificate refuses this one")
    void otherCertificateRefused() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.forLocalhost();

        assertThatThrownBy(() -> exchange(localhost, other, "localhost")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    @DisplayName("TLS: HTTPS endpoint identification refuses a host the certificate does not name")
    void wrongHostRefused() throws Exception {
        SelfSignedCertificate elsewhere = SelfSignedCertificate.generate(List.of("elsewhere.test"), List.of(),
                Duration.ofDays(1));

        assertThatThrownBy(() -> exchange(elsewhere, elsewhere, "localhost")).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    @DisplayName("sha256Fingerprint: uppercase hex pairs with ':' of SHA-256(getEncoded())")
    void fingerprint() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(localhost.certificate().getEncoded());

        assertThat(localhost.sha256Fingerprint()).isEqualTo(HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest))
                .hasSize(95).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    @DisplayName("sha256Fingerprint is what `openssl x509 -noout -fingerprint -sha256` prints for the PEM")
    void fingerprintOpenssl() throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed");
        Path pem = dir.resolve("cert.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(localhost.certificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        String out = run("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem.toString());

        // OpenSSL 3 prints "sha256 Fingerprint=...", 1.1 "SHA256 Fingerprint=...".
        assertThat(out.strip()).matches("(?i)sha256 Fingerprint=.*");
        assertThat(out.strip().substring(out.indexOf('=') + 1)).isEqualTo(localhost.sha256Fingerprint());
    }

    @Test
    @DisplayName("keyStore: PKCS12 with the entry \"duplex\", stored and loaded back, and listed by keytool")
    void keyStore() throws Exception {
        char[] password = "s3cret".toCharArray();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        localhost.keyStore(password).store(bytes, password);

        KeyStore loaded = KeyStore.getInstance("PKCS12");
        loaded.load(new ByteArrayInputStream(bytes.toByteArray()), password);
        assertThat(Collections.list(loaded.aliases())).containsExactly("duplex");
        assertThat(loaded.isKeyEntry("duplex")).isTrue();
        assertThat(loaded.getCertificate("duplex")).isEqualTo(localhost.certificate());
        assertThat(loaded.getKey("duplex", password)).isEqualTo(localhost.privateKey());

        Path file = dir.resolve("duplex.p12");
        Files.write(file, bytes.toByteArray());
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String list = run(keytool, "-J-Duser.language=en", "-list", "-v", "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", "s3cret");
        assertThat(list).contains("Alias name: duplex").contains("PrivateKeyEntry")
                .contains("SHA256: " + localhost.sha256Fingerprint());
    }

    /** Connects a client trusting {@code cert} to a server presenting it, by {@code host}; returns the reply. */
    private static String exchange(SelfSignedCertificate cert, String host) throws Exception {
        return exchange(cert, cert, host);
    }

    private static String exchange(SelfSignedCertificate server, SelfSignedCertificate trusted, String host)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) server.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(10_000);
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    byte[] request = s.getInputStream().readNBytes(4);
                    OutputStream out = s.getOutputStream();
                    out.write(("pong:" + new String(request, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (Exception e) {
                    // the client sees the failure too
                }
            });
            // TCP to the listener's address, TLS as if to `host`: "localhost" may resolve to ::1 first.
            Socket tcp = new Socket();
            tcp.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), listener.getLocalPort()), 10_000);
            tcp.setSoTimeout(10_000);
            try (SSLSocket client = (SSLSocket) trusted.clientContext().getSocketFactory()
                    .createSocket(tcp, host, listener.getLocalPort(), true)) {
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                client.startHandshake();
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                InputStream in = client.getInputStream();
                return new String(in.readNBytes(9), StandardCharsets.US_ASCII);
            } finally {
                tcp.close();
                served.get(20, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
