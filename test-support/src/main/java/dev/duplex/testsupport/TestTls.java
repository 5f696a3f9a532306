package dev.duplex.testsupport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates (by default one for {@code localhost} / 127.0.0.1, made once per JVM), generated with the
 * running JDK's {@code keytool}, and SSL contexts for a server presenting one and a client trusting only it.
 * Key stores are PKCS#12 with the key under the alias {@value #ALIAS} and the password {@value #PASSWORD}.
 */
public final class TestTls {
    public static final String ALIAS = "server";
    public static final String PASSWORD = "changeit";
    private static KeyStore keyStore;

    private TestTls() {
    }

    /** The key store for {@code localhost} and 127.0.0.1, generated on first use. */
    public static synchronized KeyStore keyStore() throws Exception {
        if (keyStore == null) {
            keyStore = generate("dns:localhost,ip:127.0.0.1");
        }
        return keyStore;
    }

    /** A key store holding a self-signed certificate for the given subject alternative names (keytool's syntax). */
    public static KeyStore generate(String san) throws Exception {
        Path dir = Files.createTempDirectory("duplex-tls");
        Path file = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Files.delete(file);
        Files.delete(dir);
        return ks;
    }

    /** Writes {@link #keyStore()} to {@code file} (PKCS#12, password {@value #PASSWORD}), for another process. */
    public static Path writeKeyStore(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore().store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** A server context presenting the {@code localhost} certificate. */
    public static SSLContext serverContext() throws Exception {
        return serverContext(keyStore());
    }

    /** A server context presenting the certificate in {@code ks}. */
    public static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context that trusts only the {@code localhost} certificate. */
    public static SSLContext clientContext() throws Exception {
        return clientContext(keyStore());
    }

    /** A client context that trusts only the certificate in {@code ks}. */
    public static SSLContext clientContext(KeyStore ks) throws Exception {
        Certificate cert = ks.getCertificate(ALIAS);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(ALIAS, cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
