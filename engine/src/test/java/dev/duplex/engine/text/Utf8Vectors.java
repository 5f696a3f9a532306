package dev.duplex.engine.text;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * UTF-8 test vectors after Markus Kuhn's "UTF-8 decoder capability and stress test", in the groups the
 * Autobahn|Testsuite sends them as text messages (cases 6.5-6.23), with the verdict of strict UTF-8
 * (RFC 3629 section 3-4, required by RFC 6455 sections 5.6 and 8.1). A vector is valid when the bytes are a
 * complete, well-formed UTF-8 string: a prefix that stops inside a code point is invalid as a whole message.
 */
public final class Utf8Vectors {
    private Utf8Vectors() {
    }

    /** @param group the Autobahn case group and its title */
    public record Vector(String group, boolean valid, byte[] bytes) {
        public String hex() {
            return HexFormat.of().formatHex(bytes);
        }

        @Override
        public String toString() {
            return group + ": " + (valid ? "valid " : "invalid ") + hex();
        }
    }

    /** κόσμε: a Greek word with 2- and 3-byte sequences (Kuhn section 1). */
    public static final byte[] KOSME = hex("cebae1bdb9cf83cebcceb5");

    public static List<Vector> all() {
        List<Vector> v = new ArrayList<>();
        String g = "6.5 some valid UTF-8";
        v.add(valid(g, "68656c6c6f24776f726c64"));            // hello$world, U+0024
        v.add(valid(g, "68656c6c6fc2a2776f726c64"));          // U+00A2
        v.add(valid(g, "68656c6c6fe282ac776f726c64"));        // U+20AC
        v.add(valid(g, "68656c6c6ff0a4ada2776f726c64"));      // U+24B62
        v.add(new Vector(g, true, KOSME));

        g = "6.6 every prefix of κόσμε";
        int[] boundaries = {2, 5, 7, 9, 11};
        for (int i = 1; i <= KOSME.length; i++) {
            boolean complete = false;
            for (int b : boundaries) {
                complete |= b == i;
            }
            v.add(new Vector(g, complete, java.util.Arrays.copyOf(KOSME, i)));
        }

        g = "6.7 first possible sequence of each length (Kuhn 2.1)";
        v.add(valid(g, "00"));
        v.add(valid(g, "c280"));
        v.add(valid(g, "e0a080"));
        v.add(valid(g, "f0908080"));

        g = "6.8 first possible 5- and 6-byte sequences (Kuhn 2.1)";
        v.add(invalid(g, "f888808080"));
        v.add(invalid(g, "fc8480808080"));

        g = "6.9 last possible sequence of each length (Kuhn 2.2)";
        v.add(valid(g, "7f"));
        v.add(valid(g, "dfbf"));
        v.add(valid(g, "efbfbf"));
        v.add(valid(g, "f48fbfbf"));

        g = "6.10 last possible 4-, 5- and 6-byte forms beyond U+10FFFF (Kuhn 2.2)";
        v.add(invalid(g, "f7bfbfbf"));
        v.add(invalid(g, "fbbfbfbfbf"));
        v.add(invalid(g, "fdbfbfbfbfbf"));

        g = "6.11 other boundary conditions (Kuhn 2.3)";
        v.add(valid(g, "ed9fbf"));   // U+D7FF
        v.add(valid(g, "ee8080"));   // U+E000
        v.add(valid(g, "efbfbd"));   // U+FFFD
        v.add(valid(g, "f48fbfbf")); // U+10FFFF
        v.add(invalid(g, "f4908080")); // U+110000

        g = "6.12 unexpected continuation bytes (Kuhn 3.1)";
        v.add(invalid(g, "80"));
        v.add(invalid(g, "bf"));
        v.add(invalid(g, "80bf"));
        v.add(invalid(g, "80bf80"));
        v.add(invalid(g, "80bf80bf"));
        v.add(invalid(g, "80bf80bf80"));
        v.add(invalid(g, "80bf80bf80bf"));
        v.add(new Vector(g, false, range(0x80, 0xBF, -1)));

        g = "6.13 lonely start bytes, each followed by a space (Kuhn 3.2)";
        v.add(new Vector(g, false, range(0xC0, 0xDF, 0x20)));
        v.add(new Vector(g, false, range(0xE0, 0xEF, 0x20)));
        v.add(new Vector(g, false, range(0xF0, 0xF7, 0x20)));
        v.add(new Vector(g, false, range(0xF8, 0xFB, 0x20)));
        v.add(new Vector(g, false, range(0xFC, 0xFD, 0x20)));

        g = "6.14 sequences with the last continuation byte missing (Kuhn 3.3)";
        String[] truncated = {"c0", "e080", "f08080", "f8808080", "fc80808080",
                "df", "efbf", "f7bfbf", "fbbfbfbf", "fdbfbfbfbf"};
        for (String t : truncated) {
            v.add(invalid(g, t));
        }
        // Truncated forms of valid code points: what a sender cut short at the end of a message would leave.
        v.add(invalid(g, "c2"));
        v.add(invalid(g, "e0a0"));
        v.add(invalid(g, "e282"));
        v.add(invalid(g, "f09080"));
        v.add(invalid(g, "f48fbf"));

        g = "6.15 concatenation of incomplete sequences (Kuhn 3.4)";
        v.add(invalid(g, String.join("", truncated)));

        g = "6.16 impossible bytes (Kuhn 3.5)";
        v.add(invalid(g, "fe"));
        v.add(invalid(g, "ff"));
        v.add(invalid(g, "fefeffff"));
        for (int b = 0xF5; b <= 0xFF; b++) {
            v.add(new Vector(g, false, new byte[]{(byte) b, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        }

        g = "6.17 overlong ASCII '/' (Kuhn 4.1)";
        v.add(invalid(g, "c0af"));
        v.add(invalid(g, "e080af"));
        v.add(invalid(g, "f08080af"));
        v.add(invalid(g, "f8808080af"));
        v.add(invalid(g, "fc80808080af"));

        g = "6.18 maximum overlong sequences (Kuhn 4.2)";
        v.add(invalid(g, "c1bf"));
        v.add(invalid(g, "e09fbf"));
        v.add(invalid(g, "f08fbfbf"));
        v.add(invalid(g, "f887bfbfbf"));
        v.add(invalid(g, "fc83bfbfbfbf"));

        g = "6.19 overlong NUL (Kuhn 4.3)";
        v.add(invalid(g, "c080"));
        v.add(invalid(g, "e08080"));
        v.add(invalid(g, "f0808080"));
        v.add(invalid(g, "f880808080"));
        v.add(invalid(g, "fc8080808080"));

        g = "6.20 single UTF-16 surrogates (Kuhn 5.1)";
        for (String s : new String[]{"eda080", "edadbf", "edae80", "edafbf", "edb080", "edbe80", "edbfbf"}) {
            v.add(invalid(g, s));
        }

        g = "6.21 paired UTF-16 surrogates (Kuhn 5.2)";
        for (String hi : new String[]{"eda080", "edadbf", "edae80", "edafbf"}) {
            for (String lo : new String[]{"edb080", "edbfbf"}) {
                v.add(invalid(g, hi + lo));
            }
        }

        g = "6.22 non-characters are valid UTF-8 (Kuhn 5.3)";
        v.add(valid(g, "efbfbe"));
        v.add(valid(g, "efbfbf"));
        for (int lead = 0xF0; lead <= 0xF4; lead++) {
            for (int second : new int[]{0x8F, 0x9F, 0xAF, 0xBF}) {
                if (lead == 0xF4 && second != 0x8F) {
                    continue; // above U+10FFFF
                }
                if (lead == 0xF0 && second == 0x8F) {
                    continue; // overlong
                }
                for (int last : new int[]{0xBE, 0xBF}) {
                    v.add(new Vector(g, true, new byte[]{(byte) lead, (byte) second, (byte) 0xBF, (byte) last}));
                }
            }
        }

        g = "6.23 Unicode specials";
        for (int last = 0xB9; last <= 0xBF; last++) {
            v.add(new Vector(g, true, new byte[]{(byte) 0xEF, (byte) 0xBF, (byte) last}));
        }

        g = "fail-fast boundaries of the second byte (RFC 3629 section 4)";
        v.add(valid(g, "e0a080"));
        v.add(invalid(g, "e09fbf"));
        v.add(valid(g, "ed9fbf"));
        v.add(invalid(g, "eda080"));
        v.add(valid(g, "f0908080"));
        v.add(invalid(g, "f08fbfbf"));
        v.add(valid(g, "f48fbfbf"));
        v.add(invalid(g, "f4908080"));
        v.add(invalid(g, "c27f"));
        v.add(invalid(g, "c2c0"));
        v.add(invalid(g, "e2827f"));
        v.add(invalid(g, "e282c0"));
        v.add(invalid(g, "f09080c0"));
        return v;
    }

    private static Vector valid(String group, String hex) {
        return new Vector(group, true, hex(hex));
    }

    private static Vector invalid(String group, String hex) {
        return new Vector(group, false, hex(hex));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** Bytes from..to inclusive, each followed by {@code sep} unless it is negative. */
    private static byte[] range(int from, int to, int sep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = from; b <= to; b++) {
            out.write(b);
            if (sep >= 0) {
                out.write(sep);
            }
        }
        return out.toByteArray();
    }
}
