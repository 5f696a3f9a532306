package dev.duplex.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed X.509 v3 certificate and its EC P-256 private key, made in memory with the JDK alone: for
 * {@code duplex serve --tls} without a keystore, and for tests. Clients trust it by its {@link
 * #sha256Fingerprint() fingerprint} (shown as browsers and {@code openssl x509 -fingerprint -sha256} show it) or
 * through {@link #clientContext()}.
 * <p>The certificate (RFC 5280): version 3; a random positive 128-bit serial; signature ecdsa-with-SHA256;
 * subject and issuer {@code CN=<first DNS name>} ({@code CN=localhost} when there is none); validity from the
 * current second for the duration asked; extensions basicConstraints {@code CA:FALSE} (critical), keyUsage
 * digitalSignature (critical), extendedKeyUsage serverAuth, subjectAltName with the DNS names and IP addresses.
 * <p>Immutable and thread-safe. Each call to {@link #generate} makes a new key pair.
 */
public final class SelfSignedCertificate {
    /** The alias of the entry in {@link #keyStore}. */
    public static final String ALIAS = "duplex";

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final int DIGITAL_SIGNATURE = 0;

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final String fingerprint;
    /** Protects the private key inside the key stores made for {@link #serverContext()}; never leaves. */
    private final char[] internalPassword;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey, char[] internalPassword) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.internalPassword = internalPassword;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            this.fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid for 30 days. */
    public static SelfSignedCertificate forLocalhost() {
        try {
            return generate(List.of("localhost"), List.of(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}),
                    InetAddress.getByAddress("localhost", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})),
                    Duration.ofDays(30));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only for a wrong address length
        }
    }

    /**
     * Generates a key pair and a certificate naming {@code dnsNames} and {@code ipAddresses}.
     *
     * @param dnsNames    host names, such as {@code localhost} or {@code *.example.test}: ASCII letters, digits,
     *                    hyphens and dots, a leading {@code *.} allowed (IDNs in their A-label form); may be empty
     * @param ipAddresses IPv4 or IPv6 addresses; may be empty, but not together with {@code dnsNames}
     * @param validity    how long from now the certificate is valid; whole seconds count, at least one
     * @throws IllegalArgumentException if there is no name, a DNS name is malformed, or {@code validity} is shorter
     *                                  than a second or ends after 9999
     */
    public static SelfSignedCertificate generate(List<String> dnsNames, List<InetAddress> ipAddresses,
                                                 Duration validity) {
        Objects.requireNonNull(validity, "validity");
        List<String> names = List.copyOf(dnsNames);
        List<InetAddress> addresses = List.copyOf(ipAddresses);
        if (names.isEmpty() && addresses.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs a DNS name or an IP address");
        }
        names.forEach(SelfSignedCertificate::checkDnsName);
        if (validity.getSeconds() < 1) {
            throw new IllegalArgumentException("validity is shorter than a second: " + validity);
        }
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.plusSeconds(validity.getSeconds());
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();

            byte[] serial = new byte[16];
            random.nextBytes(serial);
            serial[0] = (byte) ((serial[0] & 0x7f) | 0x40); // positive (RFC 5280 4.1.2.2), always 16 octets
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME),
                    Der.utf8String(names.isEmpty() ? "localhost" : names.get(0)))));
            byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256)); // parameters absent: RFC 5758 section 3.2
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(2)), // v3
                    Der.integer(new BigInteger(serial)),
                    algorithm,
                    name,
                    Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                    name,
                    keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER
                    Der.explicit(3, Der.sequence(
                            extension(BASIC_CONSTRAINTS, true, Der.sequence()), // cA FALSE is the default: omitted
                            extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE)),
                            extension(EXT_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                            extension(SUBJECT_ALT_NAME, false, subjectAltName(names, addresses)))));

            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate(), random);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            char[] password = HexFormat.of().formatHex(randomBytes(random, 16)).toCharArray();
            return new SelfSignedCertificate(certificate, keys.getPrivate(), password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 or SHA256withECDSA is missing from this JDK", e);
        }
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The private key of the certificate's public key (EC P-256). */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * A new in-memory PKCS#12 key store holding the key and certificate as the entry {@link #ALIAS}, protected by
     * {@code password}; {@link KeyStore#store} writes it as a file {@code keytool} and {@code openssl pkcs12} read.
     */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, new Certificate[] {certificate});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a PKCS12 key store", e);
        }
    }

    /** A new TLS context for a server presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore(internalPassword), internalPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a server TLS context", e);
        }
    }

    /** A new TLS context for a client that trusts this certificate and no other. */
    public SSLContext clientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a client TLS context", e);
        }
    }

    /**
     * The SHA-256 of the DER certificate as uppercase hex pairs separated by ':' ({@code 3A:5F:...}, 95
     * characters), as {@code openssl x509 -noout -fingerprint -sha256} and browsers show it.
     */
    public String sha256Fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + ", until " + certificate.getNotAfter().toInstant()
                + ", SHA-256 " + fingerprint + "]";
    }

    /** RFC 5280 section 4.2.1.3 (keyUsage), 4.2.1.9, 4.2.1.12, 4.2.1.6: {@code Extension ::= SEQUENCE {...}}. */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value)); // critical FALSE is the default: omitted
    }

    /** RFC 5280 section 4.2.1.6: dNSName [2] IA5String, iPAddress [7] OCTET STRING (4 or 16 octets). */
    private static byte[] subjectAltName(List<String> names, List<InetAddress> addresses) {
        List<byte[]> general = new ArrayList<>();
        for (String name : names) {
            general.add(Der.implicitPrimitive(2, name.getBytes(StandardCharsets.US_ASCII)));
        }
        for (InetAddress address : addresses) {
            general.add(Der.implicitPrimitive(7, address.getAddress()));
        }
        return Der.sequence(general.toArray(byte[][]::new));
    }

    /** RFC 5280 section 4.2.1.6 and RFC 1034 section 3.5 (with digits first, RFC 1123): LDH labels, a wildcard. */
    private static void checkDnsName(String name) {
        String labels = name.startsWith("*.") ? name.substring(2) : name;
        boolean valid = !labels.isEmpty() && name.length() <= 253;
        for (String label : labels.split("\\.", -1)) {
            valid &= !label.isEmpty() && label.length() <= 63 && !label.startsWith("-") && !label.endsWith("-")
                    && label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9' || c == '-');
        }
        if (!valid) {
            throw new IllegalArgumentException("not a DNS name: \"" + name + "\"");
        }
    }

    private static byte[] randomBytes(SecureRandom random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }
}
