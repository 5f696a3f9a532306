package dev.duplex.browser;

import java.nio.charset.StandardCharsets;

/** Conversions between Java strings and the Web's string types (Infra, WebIDL USVString). */
final class Strings {
    static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private Strings() {
    }

    /**
     * The scalar values of {@code s}: its code points with every lone surrogate replaced by U+FFFD, which
     * is how WebIDL converts a JavaScript string to a {@code USVString}.
     */
    static int[] toScalarValues(String s) {
        return s.codePoints().map(cp -> Character.isSurrogate((char) cp) && cp <= 0xFFFF ? 0xFFFD : cp).toArray();
    }

    /** {@code s} as a {@code USVString}: lone surrogates replaced by U+FFFD; the same string when it has none. */
    static String toUsv(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isSurrogate(ch)) {
                boolean paired = Character.isHighSurrogate(ch) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    int[] cps = toScalarValues(s);
                    return new String(cps, 0, cps.length);
                }
                i++;
            }
        }
        return s;
    }

    /** UTF-8 encode (Encoding Standard) of {@code s} taken as a {@code USVString}. */
    static byte[] utf8(String s) {
        return toUsv(s).getBytes(StandardCharsets.UTF_8);
    }

    /** A code point for an error message: the character and its U+ number. */
    static String describe(int cp) {
        return cp < 0 ? "end of input" : "'" + new String(Character.toChars(cp)) + "' (U+"
                + String.format("%04X", cp) + ")";
    }
}
