package dev.duplex.engine.extension;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@code Sec-WebSocket-Extensions} values (RFC 6455 section 9.1):
 * <pre>
 *   extension-list = 1#extension
 *   extension      = extension-token *( ";" extension-param )
 *   extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 * A quoted value must itself be a token once unquoted. Repeated header lines are one list.
 */
public final class ExtensionHeader {
    private ExtensionHeader() {
    }

    /**
     * Parses every line of the header into its extensions, in order.
     *
     * @throws IllegalArgumentException with a description of the first syntax error
     */
    public static List<ExtensionParameters> parse(List<String> lines) {
        List<ExtensionParameters> out = new ArrayList<>();
        for (String line : lines) {
            new Reader(line).readList(out);
        }
        return out;
    }

    /** Parses one header value. */
    public static List<ExtensionParameters> parse(String value) {
        return parse(List.of(value));
    }

    /** Formats extensions as one header value, joined by ", ". */
    public static String format(List<ExtensionParameters> extensions) {
        StringBuilder sb = new StringBuilder();
        for (ExtensionParameters e : extensions) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(e.toHeaderValue());
        }
        return sb.toString();
    }

    static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7F && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
    }

    static boolean isToken(String s) {
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

    static boolean needsQuotes(String value) {
        return !isToken(value);
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        void readList(List<ExtensionParameters> out) {
            while (true) {
                skipSpace();
                if (i == s.length()) {
                    return;
                }
                if (s.charAt(i) == ',') { // empty list elements are allowed (RFC 9110 section 5.6.1)
                    i++;
                    continue;
                }
                out.add(readExtension());
                skipSpace();
                if (i == s.length()) {
                    return;
                }
                expect(',');
            }
        }

        private ExtensionParameters readExtension() {
            String name = readToken("extension name");
            List<ExtensionParameters.Parameter> params = new ArrayList<>();
            while (true) {
                skipSpace();
                if (i == s.length() || s.charAt(i) == ',') {
                    return new ExtensionParameters(name, params);
                }
                expect(';');
                skipSpace();
                String param = readToken("parameter name");
                skipSpace();
                String value = null;
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                    skipSpace();
                    value = i < s.length() && s.charAt(i) == '"' ? readQuoted() : readToken("parameter value");
                }
                params.add(new ExtensionParameters.Parameter(param, value));
            }
        }

        private String readToken(String what) {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw error("expected " + what);
            }
            return s.substring(start, i);
        }

        private String readQuoted() {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    if (i == s.length()) {
                        throw error("unfinished escape in a quoted value");
                    }
                    c = s.charAt(i++);
                }
                sb.append(c);
            }
            if (i == s.length()) {
                throw error("unterminated quoted value");
            }
            i++; // closing quote
            String value = sb.toString();
            if (!isToken(value)) {
                throw error("a quoted parameter value must be a token (RFC 6455 section 9.1)");
            }
            return value;
        }

        private void expect(char c) {
            if (i == s.length() || s.charAt(i) != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Sec-WebSocket-Extensions: " + what + " at offset " + i + " in \""
                    + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "\"");
        }
    }
}
