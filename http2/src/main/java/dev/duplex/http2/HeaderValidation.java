package dev.duplex.http2;

import dev.duplex.http2.hpack.HeaderField;

import java.util.List;

/**
 * The rules a field section must follow to be well-formed (RFC 9113 sections 8.2 and 8.3, CONNECT in 8.5,
 * extended CONNECT in RFC 8441 section 4). Each check returns null when the section is valid, or the reason
 * it is malformed; a malformed request or response is a stream error PROTOCOL_ERROR (section 8.1.1).
 */
final class HeaderValidation {
    private HeaderValidation() {
    }

    /**
     * A request's header section (sections 8.3.1, 8.5; RFC 8441 section 4).
     *
     * @param extendedConnect we advertised SETTINGS_ENABLE_CONNECT_PROTOCOL=1, so {@code :protocol} is allowed
     */
    static String request(List<HeaderField> fields, boolean extendedConnect) {
        String method = null;
        String scheme = null;
        String path = null;
        String authority = null;
        String protocol = null;
        int regular = firstRegular(fields);
        for (int i = 0; i < regular; i++) {
            HeaderField f = fields.get(i);
            String value = f.value();
            switch (f.name()) {
                case ":method" -> {
                    if (method != null) {
                        return "duplicate :method (8.3)";
                    }
                    method = value;
                }
                case ":scheme" -> {
                    if (scheme != null) {
                        return "duplicate :scheme (8.3)";
                    }
                    scheme = value;
                }
                case ":path" -> {
                    if (path != null) {
                        return "duplicate :path (8.3)";
                    }
                    path = value;
                }
                case ":authority" -> {
                    if (authority != null) {
                        return "duplicate :authority (8.3)";
                    }
                    authority = value;
                }
                case ":protocol" -> {
                    if (!extendedConnect) {
                        return ":protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 4, RFC 9113 8.3)";
                    }
                    if (protocol != null) {
                        return "duplicate :protocol (RFC 8441 4)";
                    }
                    protocol = value;
                }
                default -> {
                    return "pseudo-header " + f.name() + " not allowed in a request (8.3)";
                }
            }
        }
        String fieldProblem = checkFields(fields, regular);
        if (fieldProblem != null) {
            return fieldProblem;
        }
        if (method == null) {
            return "request without :method (8.3.1)";
        }
        if (protocol != null) {
            if (!method.equals("CONNECT")) {
                return ":protocol with :method " + method + ", must be CONNECT (RFC 8441 4)";
            }
            if (scheme == null || path == null || authority == null) {
                return "extended CONNECT without :scheme, :path and :authority (RFC 8441 4)";
            }
            return path.isEmpty() ? "empty :path (8.3.1)" : null;
        }
        if (method.equals("CONNECT")) {
            if (scheme != null || path != null) {
                return "CONNECT with :scheme or :path (8.5)";
            }
            return authority == null ? "CONNECT without :authority (8.5)" : null;
        }
        if (scheme == null || path == null) {
            return "request without :scheme or :path (8.3.1)";
        }
        return path.isEmpty() ? "empty :path (8.3.1)" : null;
    }

    /** A response's header section, informational or final (section 8.3.2); 101 is not allowed (8.6). */
    static String response(List<HeaderField> fields) {
        int regular = firstRegular(fields);
        String status = null;
        for (int i = 0; i < regular; i++) {
            HeaderField f = fields.get(i);
            if (!f.name().equals(":status")) {
                return "pseudo-header " + f.name() + " not allowed in a response (8.3)";
            }
            if (status != null) {
                return "duplicate :status (8.3.2)";
            }
            status = f.value();
        }
        if (status == null) {
            return "response without :status (8.3.2)";
        }
        if (status.length() != 3 || !isDigits(status)) {
            return ":status " + status + " is not a 3-digit code (8.3.2)";
        }
        if (status.equals("101")) {
            return "101 Switching Protocols is not allowed in HTTP/2 (8.6)";
        }
        return checkFields(fields, regular);
    }

    /** A trailer section: no pseudo-header fields (section 8.1). */
    static String trailers(List<HeaderField> fields) {
        if (firstRegular(fields) != 0) {
            return "pseudo-header " + fields.get(0).name() + " in trailers (8.1)";
        }
        return checkFields(fields, 0);
    }

    /** The {@code :status} of a valid response. */
    static int status(List<HeaderField> fields) {
        for (HeaderField f : fields) {
            if (f.name().equals(":status")) {
                return Integer.parseInt(f.value());
            }
        }
        throw new IllegalArgumentException("no :status");
    }

    /** The value of the first field named {@code name}, or null. */
    static String get(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    /**
     * The content-length of a section (section 8.1.1): -1 when absent, -2 when malformed (not digits, or several
     * fields that differ).
     */
    static long contentLength(List<HeaderField> fields) {
        long length = -1;
        for (HeaderField f : fields) {
            if (f.name().equals("content-length")) {
                String v = f.value();
                if (v.isEmpty() || v.length() > 18 || !isDigits(v)) {
                    return -2;
                }
                long n = Long.parseLong(v);
                if (length >= 0 && n != length) {
                    return -2;
                }
                length = n;
            }
        }
        return length;
    }

    /** The index of the first regular field; a pseudo-header after it is malformed and caught by checkFields. */
    private static int firstRegular(List<HeaderField> fields) {
        int i = 0;
        while (i < fields.size() && fields.get(i).isPseudo()) {
            i++;
        }
        return i;
    }

    /** Names, values and connection-specific fields of the regular fields from {@code from} (8.2). */
    private static String checkFields(List<HeaderField> fields, int from) {
        for (int i = 0; i < fields.size(); i++) {
            HeaderField f = fields.get(i);
            String name = f.name();
            if (i >= from && f.isPseudo()) {
                return "pseudo-header " + name + " after a regular field (8.3)";
            }
            String problem = i < from ? checkValue(f) : checkName(name);
            if (problem == null && i >= from) {
                problem = checkValue(f);
            }
            if (problem != null) {
                return problem;
            }
            if (i >= from) {
                switch (name) {
                    case "connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade" -> {
                        return "connection-specific field " + name + " (8.2.2)";
                    }
                    case "te" -> {
                        if (!f.value().equals("trailers")) {
                            return "te: " + f.value() + ", only \"trailers\" is allowed (8.2.2)";
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return null;
    }

    /** Section 8.2.1: no empty name, no octet in 0x00-0x20, 'A'-'Z', 0x7f-0xff, no colon. */
    private static String checkName(String name) {
        if (name.isEmpty()) {
            return "empty field name (8.2.1)";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ':' || (c >= 'A' && c <= 'Z')) {
                return "invalid character 0x" + Integer.toHexString(c) + " in field name " + quote(name)
                        + (c >= 'A' && c <= 'Z' ? " (uppercase, 8.2.1)" : " (8.2.1)");
            }
        }
        return null;
    }

    /** Section 8.2.1: no NUL, CR or LF, no leading or trailing SP or HTAB. */
    private static String checkValue(HeaderField f) {
        String v = f.value();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                return "NUL, CR or LF in the value of " + quote(f.name()) + " (8.2.1)";
            }
        }
        if (!v.isEmpty() && (isBlank(v.charAt(0)) || isBlank(v.charAt(v.length() - 1)))) {
            return "leading or trailing whitespace in the value of " + quote(f.name()) + " (8.2.1)";
        }
        return null;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.append('"').toString();
    }
}
