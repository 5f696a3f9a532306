package dev.duplex.engine.handshake;

/**
 * A serialized tuple origin, {@code scheme "://" host [ ":" port ]} (RFC 6454 section 6.2), as sent in an
 * {@code Origin} header (RFC 6455 section 4.2.1 item 7, section 10.2). No path, not even "/".
 *
 * @param scheme the scheme, lower-cased
 * @param host   the host, lower-cased (ASCII)
 * @param port   the port, or the scheme's default port when absent; -1 if the scheme has none known
 */
record WebOrigin(String scheme, String host, int port) {

    /** The origin serialized in {@code s}, or null if it is not one (including the opaque origin "null"). */
    static WebOrigin parse(String s) {
        int schemeEnd = s.indexOf("://");
        if (schemeEnd <= 0 || !isScheme(s.substring(0, schemeEnd))) {
            return null;
        }
        Authority authority = Authority.parse(s.substring(schemeEnd + 3));
        if (authority == null) {
            return null;
        }
        String scheme = HttpSyntax.toLowerAscii(s.substring(0, schemeEnd));
        int port = authority.port() >= 0 ? authority.port() : defaultPort(scheme);
        return new WebOrigin(scheme, HttpSyntax.toLowerAscii(authority.host()), port);
    }

    /** 80 for http and ws, 443 for https and wss, else -1. */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** Whether the scheme is one a browser page can open a WebSocket from, or a WebSocket scheme. */
    boolean isWebScheme() {
        return defaultPort(scheme) > 0;
    }

    /** The canonical form: lower case, without the default port. */
    String serialize() {
        return scheme + "://" + host + (port == defaultPort(scheme) || port < 0 ? "" : ":" + port);
    }

    /** {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )} (RFC 3986 section 3.1). */
    private static boolean isScheme(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alpha = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!alpha && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
