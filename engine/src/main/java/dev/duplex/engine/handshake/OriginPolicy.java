package dev.duplex.engine.handshake;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether a server accepts a handshake coming from a given {@code Origin} (RFC 6455 section 4.2.2
 * item 4 and section 10.2). Browsers always send {@code Origin}; other clients usually do not, and since the
 * header only protects browser users, a request without one is allowed by every policy here. The server
 * answers a refusal with {@link HandshakeException#forbidden} (403).
 */
@FunctionalInterface
public interface OriginPolicy {

    /**
     * @param origin the {@code Origin} header ({@link OpeningRequest#origin()}), or null when absent
     * @param host   the {@code Host} header ({@link OpeningRequest#host()})
     * @return whether the handshake may proceed
     */
    boolean allows(String origin, String host);

    /**
     * Allows requests without {@code Origin}, and requests whose origin has an http, https, ws or wss scheme
     * and the same host and port as {@code Host}, ASCII case-insensitively, a missing port counting as the
     * scheme's default (80 or 443). Refuses the opaque origin {@code null} (sandboxed pages, files) and
     * anything malformed. This is the default policy.
     */
    static OriginPolicy sameOrigin() {
        return (origin, host) -> {
            if (origin == null) {
                return true;
            }
            WebOrigin parsed = WebOrigin.parse(origin);
            Authority authority = host == null ? null : Authority.parse(host);
            if (parsed == null || authority == null || !parsed.isWebScheme()) {
                return false;
            }
            int hostPort = authority.port() >= 0 ? authority.port() : WebOrigin.defaultPort(parsed.scheme());
            return hostPort == parsed.port() && HttpSyntax.toLowerAscii(authority.host()).equals(parsed.host());
        };
    }

    /** Allows every request: for servers that expect no browser clients or check credentials themselves. */
    static OriginPolicy allowAll() {
        return (origin, host) -> true;
    }

    /**
     * Allows requests without {@code Origin} and those whose origin is one of {@code origins}, each written like
     * {@code https://example.com} or {@code http://localhost:8080}; scheme and host are compared
     * case-insensitively and a default port may be written or left out. The literal {@code null} is allowed
     * only when listed.
     *
     * @throws IllegalArgumentException if an entry is neither an origin nor {@code null}
     */
    static OriginPolicy allowList(Collection<String> origins) {
        Set<String> allowed = new HashSet<>();
        for (String entry : origins) {
            WebOrigin parsed = WebOrigin.parse(entry);
            if (parsed == null && !entry.equals("null")) {
                throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + HttpSyntax.quote(entry));
            }
            allowed.add(parsed == null ? entry : parsed.serialize());
        }
        return (origin, host) -> {
            if (origin == null) {
                return true;
            }
            if (origin.equals("null")) {
                return allowed.contains("null");
            }
            WebOrigin parsed = WebOrigin.parse(origin);
            return parsed != null && allowed.contains(parsed.serialize());
        };
    }
}
