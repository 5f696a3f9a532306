package dev.duplex.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * The basic URL parser of the URL Standard (https://url.spec.whatwg.org/#concept-basic-url-parser), for the
 * special schemes only: {@code ws}, {@code wss}, {@code http}, {@code https}. Any other scheme is refused
 * at once, since the WebSocket constructor would refuse it anyway. Validation errors that the standard does
 * not treat as failures are ignored, as browsers do; host parsing is in {@link HostParser}.
 */
final class UrlParser {

    /** A URL the parser refuses ("failure" in the standard), with the reason. */
    static class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** A URL with a scheme other than the four special ones a WebSocket can use. */
    static final class UnsupportedScheme extends Failure {
        final String scheme;

        UnsupportedScheme(String scheme) {
            super("the scheme must be ws, wss, http or https, not \"" + scheme + "\"");
            this.scheme = scheme;
        }
    }

    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, RELATIVE, RELATIVE_SLASH,
        SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST, PORT, PATH_START, PATH,
        QUERY, FRAGMENT
    }

    private static final int EOF = -1;

    // Percent-encode sets, URL Standard section 1.3.
    private static final IntPredicate C0_CONTROL = c -> c <= 0x1F || c > 0x7E;
    private static final IntPredicate QUERY = c -> C0_CONTROL.test(c) || " \"#<>".indexOf(c) >= 0;
    private static final IntPredicate SPECIAL_QUERY = c -> QUERY.test(c) || c == '\'';
    private static final IntPredicate PATH = c -> QUERY.test(c) || "?^`{}".indexOf(c) >= 0;
    private static final IntPredicate USERINFO = c -> PATH.test(c) || "/:;=@[\\]|".indexOf(c) >= 0;
    private static final IntPredicate FRAGMENT = c -> C0_CONTROL.test(c) || " \"<>`".indexOf(c) >= 0;

    private final int[] input;
    private final UrlRecord base;
    private int pointer;
    private State state = State.SCHEME_START;
    private final StringBuilder buffer = new StringBuilder();
    private boolean atSignSeen;
    private boolean insideBrackets;
    private boolean passwordTokenSeen;

    private String scheme = "";
    private final StringBuilder username = new StringBuilder();
    private final StringBuilder password = new StringBuilder();
    private String host;
    private int port = -1;
    private final List<String> path = new ArrayList<>();
    private StringBuilder query;
    private StringBuilder fragment;

    private UrlParser(String input, UrlRecord base) {
        this.input = preprocess(input);
        this.base = base;
    }

    /**
     * Parses {@code input} against {@code base} (null for none).
     *
     * @throws Failure when the standard's parser returns failure, or the scheme is not a special one other
     *                 than {@code file}
     */
    static UrlRecord parse(String input, UrlRecord base) throws Failure {
        return new UrlParser(input, base).run();
    }

    /** Lone surrogates become U+FFFD (USVString); leading and trailing C0 controls and spaces, and every tab or newline, go. */
    private static int[] preprocess(String s) {
        int[] cps = Strings.toScalarValues(s);
        int start = 0;
        int end = cps.length;
        while (start < end && cps[start] <= 0x20) {
            start++;
        }
        while (end > start && cps[end - 1] <= 0x20) {
            end--;
        }
        int[] out = new int[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            if (cps[i] != '\t' && cps[i] != '\n' && cps[i] != '\r') {
                out[n++] = cps[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private int c() {
        return pointer < input.length && pointer >= 0 ? input[pointer] : EOF;
    }

    private boolean remainingStartsWith(char ch) {
        return pointer + 1 < input.length && input[pointer + 1] == ch;
    }

    private UrlRecord run() throws Failure {
        for (; ; pointer++) {
            int c = c();
            switch (state) {
                case SCHEME_START -> {
                    if (isAsciiAlpha(c)) {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                        state = State.SCHEME;
                    } else {
                        state = State.NO_SCHEME;
                        pointer--;
                    }
                }
                case SCHEME -> {
                    if (isAsciiAlpha(c) || isAsciiDigit(c) || c == '+' || c == '-' || c == '.') {
                        buffer.appendCodePoint(Character.toLowerCase(c));
                    } else if (c == ':') {
                        scheme = buffer.toString();
                        buffer.setLength(0);
                        if (UrlRecord.defaultPort(scheme) < 0) {
                            throw new UnsupportedScheme(scheme);
                        }
                        if (base != null && base.scheme().equals(scheme)) {
                            state = State.SPECIAL_RELATIVE_OR_AUTHORITY;
                        } else {
                            state = State.SPECIAL_AUTHORITY_SLASHES;
                        }
                    } else {
                        buffer.setLength(0);
                        state = State.NO_SCHEME;
                        pointer = -1;
                    }
                }
                case NO_SCHEME -> {
                    if (base == null) {
                        throw new Failure("a relative URL needs a base URL, and there is none");
                    }
                    state = State.RELATIVE;
                    pointer--;
                }
                case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                    if (c == '/' && remainingStartsWith('/')) {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                        pointer++;
                    } else {
                        state = State.RELATIVE;
                        pointer--;
                    }
                }
                case RELATIVE -> relative(c);
                case RELATIVE_SLASH -> {
                    if (c == '/' || c == '\\') {
                        state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    } else {
                        copyAuthority(base);
                        state = State.PATH;
                        pointer--;
                    }
                }
                case SPECIAL_AUTHORITY_SLASHES -> {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    if (c == '/' && remainingStartsWith('/')) {
                        pointer++;
                    } else {
                        pointer--;
                    }
                }
                case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                    if (c != '/' && c != '\\') {
                        state = State.AUTHORITY;
                        pointer--;
                    }
                }
                case AUTHORITY -> authority(c);
                case HOST -> host(c);
                case PORT -> port(c);
                case PATH_START -> {
                    state = State.PATH;
                    if (c != '/' && c != '\\') {
                        pointer--;
                    }
                }
                case PATH -> path(c);
                case QUERY -> {
                    if (c == '#' || c == EOF) {
                        percentEncode(buffer.toString(), SPECIAL_QUERY, query);
                        buffer.setLength(0);
                        if (c == '#') {
                            fragment = new StringBuilder();
                            state = State.FRAGMENT;
                        }
                    } else {
                        buffer.appendCodePoint(c);
                    }
                }
                case FRAGMENT -> {
                    if (c != EOF) {
                        percentEncode(c, FRAGMENT, fragment);
                    }
                }
            }
            if (pointer >= input.length) {
                break;
            }
        }
        return new UrlRecord(scheme, username.toString(), password.toString(), host, port, path,
                query == null ? null : query.toString(), fragment == null ? null : fragment.toString());
    }

    private void relative(int c) {
        scheme = base.scheme();
        if (c == '/' || c == '\\') {
            state = State.RELATIVE_SLASH;
            return;
        }
        copyAuthority(base);
        path.addAll(base.path());
        query = base.query() == null ? null : new StringBuilder(base.query());
        if (c == '?') {
            query = new StringBuilder();
            state = State.QUERY;
        } else if (c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
        } else if (c != EOF) {
            query = null;
            shortenPath();
            state = State.PATH;
            pointer--;
        }
    }

    private void copyAuthority(UrlRecord from) {
        username.setLength(0);
        username.append(from.username());
        password.setLength(0);
        password.append(from.password());
        host = from.host();
        port = from.port();
    }

    private void authority(int c) throws Failure {
        if (c == '@') {
            if (atSignSeen) {
                buffer.insert(0, "%40");
            }
            atSignSeen = true;
            buffer.codePoints().forEach(cp -> {
                if (cp == ':' && !passwordTokenSeen) {
                    passwordTokenSeen = true;
                } else {
                    percentEncode(cp, USERINFO, passwordTokenSeen ? password : username);
                }
            });
            buffer.setLength(0);
        } else if (c == EOF || c == '/' || c == '?' || c == '#' || c == '\\') {
            if (atSignSeen && buffer.isEmpty()) {
                throw new Failure("credentials without a host");
            }
            pointer -= buffer.codePointCount(0, buffer.length()) + 1;
            buffer.setLength(0);
            state = State.HOST;
        } else {
            buffer.appendCodePoint(c);
        }
    }

    private void host(int c) throws Failure {
        if (c == ':' && !insideBrackets) {
            if (buffer.isEmpty()) {
                throw new Failure("a port without a host");
            }
            host = HostParser.parse(buffer.toString());
            buffer.setLength(0);
            state = State.PORT;
        } else if (c == EOF || c == '/' || c == '?' || c == '#' || c == '\\') {
            pointer--;
            if (buffer.isEmpty()) {
                throw new Failure("no host");
            }
            host = HostParser.parse(buffer.toString());
            buffer.setLength(0);
            state = State.PATH_START;
        } else {
            if (c == '[') {
                insideBrackets = true;
            } else if (c == ']') {
                insideBrackets = false;
            }
            buffer.appendCodePoint(c);
        }
    }

    private void port(int c) throws Failure {
        if (isAsciiDigit(c)) {
            buffer.appendCodePoint(c);
        } else if (c == EOF || c == '/' || c == '?' || c == '#' || c == '\\') {
            if (!buffer.isEmpty()) {
                String digits = buffer.toString().replaceFirst("^0+(?=.)", "");
                if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
                    throw new Failure("port out of range: " + buffer);
                }
                int value = Integer.parseInt(digits);
                port = value == UrlRecord.defaultPort(scheme) ? -1 : value;
                buffer.setLength(0);
            }
            state = State.PATH_START;
            pointer--;
        } else {
            throw new Failure("invalid port character " + Strings.describe(c));
        }
    }

    private void path(int c) {
        if (c == EOF || c == '/' || c == '\\' || c == '?' || c == '#') {
            String segment = buffer.toString();
            boolean slash = c == '/' || c == '\\';
            if (isDoubleDot(segment)) {
                shortenPath();
                if (!slash) {
                    path.add("");
                }
            } else if (isSingleDot(segment)) {
                if (!slash) {
                    path.add("");
                }
            } else {
                path.add(segment);
            }
            buffer.setLength(0);
            if (c == '?') {
                query = new StringBuilder();
                state = State.QUERY;
            } else if (c == '#') {
                fragment = new StringBuilder();
                state = State.FRAGMENT;
            }
        } else {
            percentEncode(c, PATH, buffer);
        }
    }

    private void shortenPath() {
        if (!path.isEmpty()) {
            path.remove(path.size() - 1);
        }
    }

    private static boolean isSingleDot(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.equals("..") || lower.equals(".%2e") || lower.equals("%2e.") || lower.equals("%2e%2e");
    }

    private static void percentEncode(String s, IntPredicate set, StringBuilder out) {
        s.codePoints().forEach(cp -> percentEncode(cp, set, out));
    }

    /** UTF-8 percent-encodes one code point if it is in {@code set} (URL Standard section 1.3). */
    private static void percentEncode(int cp, IntPredicate set, StringBuilder out) {
        if (!set.test(cp)) {
            out.appendCodePoint(cp);
            return;
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append('%').append(Strings.HEX_UPPER[(b >> 4) & 0xF]).append(Strings.HEX_UPPER[b & 0xF]);
        }
    }

    static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
