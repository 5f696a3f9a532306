package dev.duplex.engine.handshake;

/**
 * {@code host [ ":" port ]} as in a {@code Host} header, an origin or an absolute URI (RFC 3986 section 3.2.2
 * and 3.2.3, without userinfo: RFC 9110 section 4.2.4). The host is an IP literal in brackets, an IPv4 address
 * or a registered name; it is kept as written and compared ASCII case-insensitively.
 *
 * @param host the host, never empty; brackets kept around an IP literal
 * @param port 0-65535, or -1 when absent (an empty port counts as absent, RFC 3986 section 6.2.3)
 */
record Authority(String host, int port) {

    /** The authority written in {@code s}, or null when {@code s} is not one. */
    static Authority parse(String s) {
        int hostEnd;
        if (s.startsWith("[")) {
            hostEnd = s.indexOf(']') + 1;
            if (hostEnd < 3 || !validChars(s, 1, hostEnd - 1, true)) {
                return null;
            }
        } else {
            hostEnd = s.indexOf(':');
            hostEnd = hostEnd < 0 ? s.length() : hostEnd;
            if (hostEnd == 0 || !validChars(s, 0, hostEnd, false)) {
                return null;
            }
        }
        if (hostEnd == s.length()) {
            return new Authority(s, -1);
        }
        if (s.charAt(hostEnd) != ':') {
            return null;
        }
        int port = parsePort(s.substring(hostEnd + 1));
        return port < -1 ? null : new Authority(s.substring(0, hostEnd), port);
    }

    /** -1 for an empty port, -2 if not 1-5 digits up to 65535. */
    private static int parsePort(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -2;
        }
        int port = Integer.parseInt(digits);
        return port <= 65535 ? port : -2;
    }

    /** unreserved / pct-encoded / sub-delims, and ":" inside an IP literal (RFC 3986 section 3.2.2). */
    private static boolean validChars(String s, int from, int to, boolean ipLiteral) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!(isUnreserved(c) || "!$&'()*+,;=".indexOf(c) >= 0 || ipLiteral && c == ':')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
