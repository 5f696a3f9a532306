package dev.duplex.browser;

import java.net.URI;
import java.util.List;

/**
 * A URL record of the URL Standard (https://url.spec.whatwg.org/#concept-url), restricted to the special
 * schemes a WebSocket can use: {@code ws}, {@code wss}, {@code http} and {@code https}. Produced by
 * {@link UrlParser}.
 *
 * @param scheme   lower case
 * @param username percent-encoded, possibly empty
 * @param password percent-encoded, possibly empty
 * @param host     the serialized host: a domain (ASCII, lower case), an IPv4 address or a bracketed IPv6 address
 * @param port     the port, or -1 when absent or the scheme's default
 * @param path     the path segments, percent-encoded
 * @param query    the query without "?", percent-encoded, or null
 * @param fragment the fragment without "#", or null
 */
record UrlRecord(String scheme, String username, String password, String host, int port, List<String> path,
                 String query, String fragment) {

    UrlRecord {
        path = List.copyOf(path);
    }

    /** This URL with another scheme (the WebSocket constructor maps http to ws and https to wss). */
    UrlRecord withScheme(String newScheme) {
        return new UrlRecord(newScheme, username, password, host, port, path, query, fragment);
    }

    /** The URL serializer (URL Standard, section 4.5), fragment included. */
    String serialize() {
        StringBuilder out = new StringBuilder(scheme).append("://");
        if (!username.isEmpty() || !password.isEmpty()) {
            out.append(username);
            if (!password.isEmpty()) {
                out.append(':').append(password);
            }
            out.append('@');
        }
        out.append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        appendPathAndQuery(out);
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    /** The ASCII serialization of this URL's tuple origin (HTML Standard): scheme, host and port. */
    String origin() {
        return scheme + "://" + host + (port >= 0 ? ":" + port : "");
    }

    /** The scheme's default port (URL Standard: special schemes). */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "ws", "http" -> 80;
            case "wss", "https" -> 443;
            default -> -1;
        };
    }

    /** The port to connect to: the explicit one or the scheme's default. */
    int effectivePort() {
        return port >= 0 ? port : defaultPort(scheme);
    }

    /**
     * This URL as a {@link URI} for Duplex's client: without user info and fragment, and with the few ASCII
     * characters the URL Standard leaves unescaped but {@code java.net.URI} refuses ({@code | ^ ` { } [ ] \},
     * a {@code %} not starting an escape) percent-encoded.
     */
    URI toUri() {
        StringBuilder target = new StringBuilder();
        appendPathAndQuery(target);
        StringBuilder out = new StringBuilder(scheme).append("://").append(host);
        if (port >= 0) {
            out.append(':').append(port);
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean escape = c == '%' ? !(i + 2 < target.length() && isHex(target.charAt(i + 1))
                    && isHex(target.charAt(i + 2))) : "|^`{}[]\\\"<> ".indexOf(c) >= 0;
            if (escape) {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            } else {
                out.append(c);
            }
        }
        return URI.create(out.toString());
    }

    private void appendPathAndQuery(StringBuilder out) {
        for (String segment : path) {
            out.append('/').append(segment);
        }
        if (query != null) {
            out.append('?').append(query);
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    @Override
    public String toString() {
        return serialize();
    }
}
