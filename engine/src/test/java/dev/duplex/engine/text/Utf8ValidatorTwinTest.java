package dev.duplex.engine.text;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast paths of {@link Utf8Validator} (ASCII eight bytes at a time in {@code ByteBuffer}s, skipping ASCII
 * runs in arrays) against the byte-at-a-time {@link Utf8Validator#validateReference} twin and against the
 * JDK's strict decoder (STYLE practice 9; RFC 6455 sections 5.6, 8.1), over every length 0..300, every
 * alignment 0..7, heap and direct buffers in both byte orders, and every split point.
 */
class Utf8ValidatorTwinTest {
    private static final int ACCEPT = Utf8Validator.ACCEPT;
    private static final byte[] INTERESTING = {
            (byte) 0x00, (byte) 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2,
            (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};

    /** Exactly {@code n} bytes of valid UTF-8: ASCII runs (long enough for the 8-byte path) and 2-4 byte chars. */
    static byte[] randomValid(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        int size = 0;
        while (size < n) {
            int cp;
            if (r.nextInt(3) == 0) {
                int run = 1 + r.nextInt(20);
                for (int k = 0; k < run && size < n; k++, size++) {
                    sb.append((char) r.nextInt(0x80));
                }
                continue;
            }
            cp = switch (r.nextInt(3)) {
                case 0 -> 0x80 + r.nextInt(0x800 - 0x80);
                case 1 -> {
                    int c = 0x800 + r.nextInt(0x10000 - 0x800);
                    yield c >= 0xD800 && c <= 0xDFFF ? c + 0x800 : c;
                }
                default -> 0x10000 + r.nextInt(0x110000 - 0x10000);
            };
            int len = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (size + len > n) {
                continue;
            }
            sb.appendCodePoint(cp);
            size += len;
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(b).hasSize(n);
        return b;
    }

    /** {@code valid} with one byte replaced by an interesting or random value (the result may still be valid). */
    static byte[] corrupt(Random r, byte[] valid) {
        byte[] b = valid.clone();
        if (b.length > 0) {
            b[r.nextInt(b.length)] = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt();
        }
        return b;
    }

    @Test
    @DisplayName("5.6, 8.1 / STYLE 9: fast paths = reference = JDK for lengths 0..300, every alignment, heap/direct, both orders")
    void fastPathsMatchReferenceAndJdk() {
        Random r = new Random(20111211);
        int checked = 0;
        int invalid = 0;
        for (int n = 0; n <= 300; n++) {
            for (int variant = 0; variant < 4; variant++) {
                byte[] s = variant == 0 ? randomValid(r, n) : corrupt(r, randomValid(r, n));
                int expected = Utf8Validator.validateReference(ACCEPT, s, 0, s.length);
                boolean jdk = Utf8Oracle.jdkValid(s);
                assertThat(expected == ACCEPT).as("reference vs JDK on %s", hex(s)).isEqualTo(jdk);
                if (!jdk) {
                    invalid++;
                }
                for (int align = 0; align < 8; align++) {
                    byte[] padded = new byte[align + n + 9];
                    java.util.Arrays.fill(padded, (byte) 0xFF); // invalid bytes around the range must not count
                    System.arraycopy(s, 0, padded, align, n);
                    assertThat(Utf8Validator.validate(ACCEPT, padded, align, align + n)).as("array, align %d, %s",
                            align, hex(s)).isEqualTo(expected);
                    assertThat(Utf8Validator.validateReference(ACCEPT, padded, align, align + n)).isEqualTo(expected);
                    for (boolean direct : new boolean[]{false, true}) {
                        for (ByteOrder order : new ByteOrder[]{ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                            ByteBuffer buf = direct ? ByteBuffer.allocateDirect(padded.length)
                                    : ByteBuffer.allocate(padded.length);
                            buf.put(padded).clear();
                            buf.order(order);
                            assertThat(Utf8Validator.validate(ACCEPT, buf, align, align + n))
                                    .as("%s %s buffer, align %d, %s", direct ? "direct" : "heap", order, align, hex(s))
                                    .isEqualTo(expected);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(301 * 4 * 8 * 4);
        assertThat(invalid).as("the corrupted variants include invalid strings").isGreaterThan(400);
    }

    @Test
    @DisplayName("8.1: incremental validation split at every point gives the reference state, in both APIs")
    void everySplitPoint() {
        Random r = new Random(6455);
        for (int n = 0; n <= 300; n += (n < 40 ? 1 : 7)) {
            for (int variant = 0; variant < 3; variant++) {
                byte[] s = variant == 0 ? randomValid(r, n) : corrupt(r, randomValid(r, n));
                int expected = Utf8Validator.validateReference(ACCEPT, s, 0, s.length);
                ByteBuffer direct = ByteBuffer.allocateDirect(n).put(s).clear();
                for (int split = 0; split <= n; split++) {
                    int a = Utf8Validator.validate(Utf8Validator.validate(ACCEPT, s, 0, split), s, split, n);
                    int b = Utf8Validator.validate(Utf8Validator.validate(ACCEPT, direct, 0, split), direct, split, n);
                    int ref = Utf8Validator.validateReference(Utf8Validator.validateReference(ACCEPT, s, 0, split),
                            s, split, n);
                    assertThat(a).as("array split at %d of %s", split, hex(s)).isEqualTo(expected);
                    assertThat(b).as("buffer split at %d of %s", split, hex(s)).isEqualTo(expected);
                    assertThat(ref).isEqualTo(expected);
                }
                Utf8Validator v = new Utf8Validator();
                for (int i = 0; i < n; i += 3) {
                    v.feed(direct, i, Math.min(n, i + 3));
                }
                assertThat(v.isComplete()).isEqualTo(expected == ACCEPT);
            }
        }
    }

    @Test
    @DisplayName("8.1: on random corrupted strings the fast path rejects at the exact fail-fast byte")
    void failFastOnRandomStrings() {
        Random r = new Random(3629);
        for (int round = 0; round < 400; round++) {
            byte[] s = corrupt(r, randomValid(r, 1 + r.nextInt(120)));
            int expected = Utf8Oracle.failFastLength(s);
            int rejectedAt = -1;
            int state = ACCEPT;
            ByteBuffer buf = ByteBuffer.wrap(s);
            for (int i = 0; i < s.length && rejectedAt < 0; i++) {
                state = Utf8Validator.validate(state, buf, i, i + 1);
                if (state == Utf8Validator.REJECT) {
                    rejectedAt = i + 1;
                }
            }
            assertThat(rejectedAt).as(hex(s)).isEqualTo(expected);
            // In one piece, the state is the same whether or not the failing byte is followed by more input.
            if (expected > 0) {
                assertThat(Utf8Validator.validate(ACCEPT, buf, 0, expected)).isEqualTo(Utf8Validator.REJECT);
                assertThat(Utf8Validator.validate(ACCEPT, buf, 0, expected - 1)).isNotEqualTo(Utf8Validator.REJECT);
            }
        }
    }

    @Test
    @DisplayName("8.1 / STYLE 9: the 8-byte path stops at a non-ASCII byte in every position of a long ASCII run")
    void nonAsciiInEveryPositionOfAsciiRun() {
        for (int len = 8; len <= 40; len++) {
            for (int pos = 0; pos < len; pos++) {
                for (byte bad : new byte[]{(byte) 0x80, (byte) 0xFF, (byte) 0xC3}) {
                    byte[] s = new byte[len];
                    java.util.Arrays.fill(s, (byte) 'a');
                    s[pos] = bad;
                    int expected = Utf8Validator.validateReference(ACCEPT, s, 0, len);
                    assertThat(expected).isNotEqualTo(ACCEPT);
                    assertThat(Utf8Validator.validate(ACCEPT, ByteBuffer.wrap(s), 0, len)).isEqualTo(expected);
                    assertThat(Utf8Validator.validate(ACCEPT, ByteBuffer.allocateDirect(len).put(s).clear(), 0, len))
                            .isEqualTo(expected);
                    assertThat(Utf8Validator.validate(ACCEPT, s, 0, len)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    @DisplayName("8.1 / STYLE 9: skipAscii finds the first non-ASCII byte at every position, from every start, in runs of 0..40")
    void skipAsciiAtEveryPosition() {
        for (int start = 0; start < 8; start++) {
            for (int len = 0; len <= 40; len++) {
                for (int pos = -1; pos < len; pos++) {
                    byte[] s = new byte[start + len + 9];
                    java.util.Arrays.fill(s, (byte) 0xC3); // non-ASCII around the range: must not be looked at
                    java.util.Arrays.fill(s, start, start + len, (byte) 'a');
                    if (pos >= 0) {
                        s[start + pos] = (byte) (pos % 2 == 0 ? 0x80 : 0xFF);
                    }
                    int expected = start;
                    while (expected < start + len && s[expected] >= 0) {
                        expected++;
                    }
                    assertThat(Utf8Validator.skipAscii(s, start, start + len))
                            .as("start %d, length %d, non-ASCII at %d", start, len, pos).isEqualTo(expected);
                }
            }
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
