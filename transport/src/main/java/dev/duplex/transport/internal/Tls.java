package dev.duplex.transport.internal;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.Arrays;
import java.util.List;

/** Creates {@link SSLEngine}s for either role, limited to TLS 1.3 and 1.2. */
public final class Tls {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private Tls() {
    }

    /** A server-side engine. */
    public static SSLEngine serverEngine(SSLContext context) {
        return serverEngine(context, List.of());
    }

    /**
     * A server-side engine that chooses, by ALPN (RFC 7301), the first of {@code applicationProtocols} (in our
     * order of preference, e.g. {@code h2, http/1.1}) that the client offers; a client that offers none gets none.
     */
    public static SSLEngine serverEngine(SSLContext context, List<String> applicationProtocols) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols(engine));
        if (!applicationProtocols.isEmpty()) {
            engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
                for (String ours : applicationProtocols) {
                    if (offered.contains(ours)) {
                        return ours;
                    }
                }
                return offered.isEmpty() ? null : ""; // "" = no overlap: go on without ALPN (HTTP/1.1)
            });
        }
        engine.setSSLParameters(p);
        return engine;
    }

    /**
     * A client-side engine for {@code host}: sends SNI for host names (not for IP literals, RFC 6066 section 3)
     * and verifies the server certificate against the host name (RFC 2818 rules, "HTTPS" identification).
     */
    public static SSLEngine clientEngine(SSLContext context, String host, int port) {
        return clientEngine(context, host, port, List.of());
    }

    /** As {@link #clientEngine(SSLContext, String, int)}, offering {@code applicationProtocols} by ALPN (RFC 7301). */
    public static SSLEngine clientEngine(SSLContext context, String host, int port, List<String> applicationProtocols) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(protocols(engine));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        if (!applicationProtocols.isEmpty()) {
            p.setApplicationProtocols(applicationProtocols.toArray(String[]::new));
        }
        engine.setSSLParameters(p);
        return engine;
    }

    private static String[] protocols(SSLEngine engine) {
        List<String> supported = Arrays.asList(engine.getSupportedProtocols());
        String[] chosen = PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new);
        if (chosen.length == 0) {
            throw new IllegalStateException("neither TLS 1.3 nor TLS 1.2 is supported by this SSLContext");
        }
        return chosen;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return !host.isEmpty();
    }
}
