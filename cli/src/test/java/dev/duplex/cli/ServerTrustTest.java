package dev.duplex.cli;

import dev.duplex.transport.tls.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --trust-fingerprint} and {@code --insecure}: which certificates they accept, and how fingerprints are read. */
class ServerTrustTest {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.forLocalhost();

    @Test
    void readsFingerprintsAsToolsShowThem() {
        byte[] expected = ServerTrust.parseFingerprint(CERT.sha256Fingerprint());
        assertThat(ServerTrust.format(expected)).isEqualTo(CERT.sha256Fingerprint());
        String bare = CERT.sha256Fingerprint().replace(":", "");
        assertThat(ServerTrust.parseFingerprint(bare.toLowerCase())).isEqualTo(expected);
        assertThat(ServerTrust.parseFingerprint("sha256 Fingerprint=" + CERT.sha256Fingerprint())).isEqualTo(expected);
        assertThat(ServerTrust.parseFingerprint("SHA256:" + bare)).isEqualTo(expected);
        assertThatThrownBy(() -> ServerTrust.parseFingerprint(bare.substring(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ServerTrust.parseFingerprint(bare.replace(bare.charAt(0), 'g')))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pinnedAcceptsThatCertificateOnly() throws Exception {
        X509Certificate[] chain = {CERT.certificate()};
        X509Certificate[] other = {SelfSignedCertificate.forLocalhost().certificate()};
        ServerTrust pinned = ServerTrust.pinned(ServerTrust.parseFingerprint(CERT.sha256Fingerprint()));
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("elsewhere.test", 443);
        pinned.checkServerTrusted(chain, "ECDHE_ECDSA", engine); // any host name: the certificate is what is trusted
        assertThatThrownBy(() -> pinned.checkServerTrusted(other, "ECDHE_ECDSA", engine))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining(ServerTrust.format(ServerTrust.sha256(other[0])))
                .hasMessageContaining("--trust-fingerprint");
        ServerTrust any = ServerTrust.anyCertificate();
        any.checkServerTrusted(other, "ECDHE_ECDSA", engine);
        assertThatThrownBy(() -> any.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA", engine))
                .isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> any.checkClientTrusted(chain, "ECDHE_ECDSA", engine))
                .isInstanceOf(CertificateException.class);
    }
}
