package dev.duplex.engine.handshake;

/** Character classes of HTTP/1.1 (RFC 9110 section 5.6, RFC 9112 section 5) and log-safe quoting. */
final class HttpSyntax {
    private static final int QUOTE_LIMIT = 64;

    private HttpSyntax() {
    }

    /** {@code tchar} of RFC 9110 section 5.6.2. */
    static boolean isTokenChar(int c) {
        if (c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }

    /** {@code token = 1*tchar} (RFC 9110 section 5.6.2). */
    static boolean isToken(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A character of a field value: VCHAR, obs-text, SP or HTAB (RFC 9110 section 5.5), and DEL (0x7F). DEL is
     * outside RFC 9110's grammar but cannot end a line or smuggle a header, and real hixie-76 clients
     * (Java-WebSocket's Draft_76) put it in their {@code Sec-WebSocket-Key1/2}, which the draft allows.
     */
    static boolean isFieldValueChar(int c) {
        return c == ' ' || c == '\t' || c >= 0x21 && c <= 0x7F || c >= 0x80 && c <= 0xFF;
    }

    /** Optional whitespace, {@code OWS = *( SP / HTAB )} (RFC 9110 section 5.6.3). */
    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /** Whether {@code value} may be written as a field value: no CR, LF, NUL or other control character. */
    static boolean isFieldValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isFieldValueChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII case-insensitive equality (RFC 9110 section 5.1); other characters must match exactly. */
    static boolean equalsIgnoreAsciiCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (toLowerAscii(a.charAt(i)) != toLowerAscii(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with ASCII upper-case letters lowered; other characters unchanged. */
    static String toLowerAscii(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(toLowerAscii(s.charAt(i)));
        }
        return out.toString();
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** {@code s} without leading and trailing OWS. */
    static String trimWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * {@code s} in double quotes for a log line or an error body: see {@link #escape}. {@code (none)} for null.
     */
    static String quote(String s) {
        return s == null ? "(none)" : '"' + escape(s) + '"';
    }

    /**
     * {@code s} made safe for a log line or an error body: control characters, non-ASCII, quotes and
     * backslashes are escaped, and long values are cut, so peer input cannot forge or flood a log.
     */
    static String escape(String s) {
        int n = Math.min(s.length(), QUOTE_LIMIT);
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                out.append(c);
            } else {
                out.append(String.format("\\x%02X", (int) c));
            }
        }
        if (s.length() > QUOTE_LIMIT) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
