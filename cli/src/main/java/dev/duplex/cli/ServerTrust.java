package dev.duplex.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * How {@code duplex connect} trusts a {@code wss://} server instead of the system's certificate authorities: any
 * certificate ({@code --insecure}), or exactly the one whose SHA-256 fingerprint was given ({@code
 * --trust-fingerprint}, for a self-signed server such as {@code duplex serve --tls}). Either way the host name is not
 * checked: the certificate is what is trusted, whatever names it carries.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    /** The SHA-256 of the leaf certificate to accept, or null to accept any. */
    private final byte[] pinned;

    private ServerTrust(byte[] pinned) {
        this.pinned = pinned;
    }

    /** Accepts every server certificate. */
    static ServerTrust anyCertificate() {
        return new ServerTrust(null);
    }

    /** Accepts only the server certificate with this SHA-256 (see {@link #parseFingerprint}). */
    static ServerTrust pinned(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes, not " + sha256.length);
        }
        return new ServerTrust(sha256.clone());
    }

    /** A new client TLS context that trusts servers as this says. */
    SSLContext context() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {this}, null);
        return context;
    }

    /**
     * Reads a SHA-256 fingerprint as browsers and {@code openssl x509 -fingerprint -sha256} show it ({@code 3A:5F:...}),
     * or as 64 hex digits; case does not matter, a {@code sha256:} or {@code SHA256=} prefix is skipped.
     *
     * @throws IllegalArgumentException when it is not 32 bytes of hex
     */
    static byte[] parseFingerprint(String text) {
        String hex = text.trim().replaceFirst("(?i)^sha-?256\\s*(fingerprint)?\\s*[:=]\\s*", "")
                .replaceAll("[:\\s]", "");
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 32 bytes in hex, such as AB:CD:...; got '"
                    + text + "'");
        }
        return HexFormat.of().parseHex(hex);
    }

    static String format(byte[] sha256) {
        return COLONS.formatHex(sha256);
    }

    static byte[] sha256(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        if (pinned != null) {
            byte[] actual = sha256(chain[0]);
            if (!MessageDigest.isEqual(actual, pinned)) {
                throw new CertificateException("the server's certificate has SHA-256 " + format(actual)
                        + ", not the one given to --trust-fingerprint");
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    @Override
    public String toString() {
        return pinned == null ? "ServerTrust[any certificate]" : "ServerTrust[SHA-256 " + format(pinned) + "]";
    }
}
