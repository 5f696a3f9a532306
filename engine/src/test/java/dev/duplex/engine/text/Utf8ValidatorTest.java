package dev.duplex.engine.text;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The strict UTF-8 validator on the Autobahn 6.x / Markus Kuhn vectors (RFC 3629, RFC 6455 sections 5.6, 8.1). */
class Utf8ValidatorTest {

    static List<Utf8Vectors.Vector> vectors() {
        return Utf8Vectors.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("RFC 3629 / Autobahn 6.5-6.23: the verdict on each vector, by every entry point")
    void verdict(Utf8Vectors.Vector v) {
        byte[] b = v.bytes();
        int accept = Utf8Validator.ACCEPT;
        assertThat(Utf8Oracle.jdkValid(b)).as("the JDK agrees with the vector").isEqualTo(v.valid());
        assertThat(Utf8Validator.validate(accept, b, 0, b.length) == accept).isEqualTo(v.valid());
        assertThat(Utf8Validator.validate(accept, ByteBuffer.wrap(b), 0, b.length) == accept).isEqualTo(v.valid());
        assertThat(Utf8Validator.validateReference(accept, b, 0, b.length) == accept).isEqualTo(v.valid());
        assertThat(Utf8Validator.isValid(b, 0, b.length)).isEqualTo(v.valid());
        Utf8Validator validator = new Utf8Validator();
        validator.feed(b, 0, b.length);
        assertThat(validator.isComplete()).isEqualTo(v.valid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    @DisplayName("8.1: byte by byte, the validator rejects at exactly the first byte no continuation can fix")
    void failsFastAtTheExactByte(Utf8Vectors.Vector v) {
        byte[] b = v.bytes();
        int expected = Utf8Oracle.failFastLength(b);
        Utf8Validator validator = new Utf8Validator();
        int rejectedAt = -1;
        for (int i = 0; i < b.length; i++) {
            boolean ok = validator.feed(ByteBuffer.wrap(b), i, i + 1);
            if (!ok && rejectedAt < 0) {
                rejectedAt = i + 1;
            }
            if (rejectedAt >= 0) {
                assertThat(ok).as("rejection is final").isFalse();
            }
        }
        assertThat(rejectedAt).isEqualTo(expected);
        if (expected < 0) {
            assertThat(validator.isComplete()).isEqualTo(v.valid());
        }
    }

    @Test
    @DisplayName("RFC 3629: every scalar value U+0000..U+10FFFF is valid, encoded alone")
    void everyScalarValue() {
        StringBuilder sb = new StringBuilder(2);
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                continue;
            }
            sb.setLength(0);
            byte[] b = sb.appendCodePoint(cp).toString().getBytes(StandardCharsets.UTF_8);
            if (Utf8Validator.validate(Utf8Validator.ACCEPT, b, 0, b.length) != Utf8Validator.ACCEPT
                    || Utf8Validator.validate(Utf8Validator.ACCEPT, ByteBuffer.wrap(b), 0, b.length)
                    != Utf8Validator.ACCEPT) {
                throw new AssertionError("U+" + Integer.toHexString(cp) + " rejected");
            }
        }
    }

    @Test
    @DisplayName("RFC 3629 section 3 / Autobahn 6.20, 6.21: every surrogate, alone and in every pairing, is invalid")
    void everySurrogate() {
        byte[] pair = new byte[6];
        for (int s = 0xD800; s <= 0xDFFF; s++) {
            byte[] one = encode3(s);
            assertThat(Utf8Validator.validate(Utf8Validator.ACCEPT, one, 0, 3)).as("U+%X", s)
                    .isEqualTo(Utf8Validator.REJECT);
        }
        for (int hi = 0xD800; hi <= 0xDBFF; hi++) {
            for (int lo = 0xDC00; lo <= 0xDFFF; lo += 7) {
                System.arraycopy(encode3(hi), 0, pair, 0, 3);
                System.arraycopy(encode3(lo), 0, pair, 3, 3);
                assertThat(Utf8Validator.validate(Utf8Validator.ACCEPT, pair, 0, 6)).isEqualTo(Utf8Validator.REJECT);
                System.arraycopy(encode3(lo), 0, pair, 0, 3);
                System.arraycopy(encode3(hi), 0, pair, 3, 3);
                assertThat(Utf8Validator.validate(Utf8Validator.ACCEPT, pair, 0, 6)).isEqualTo(Utf8Validator.REJECT);
            }
        }
    }

    /** The 3-byte form of a 16-bit value, surrogates included (what a lax encoder would produce). */
    private static byte[] encode3(int c) {
        return new byte[]{(byte) (0xE0 | c >>> 12), (byte) (0x80 | (c >>> 6) & 0x3F), (byte) (0x80 | c & 0x3F)};
    }

    @Test
    @DisplayName("RFC 3629 section 4: every lead byte against every second byte, versus the JDK")
    void everyTwoBytePrefix() {
        byte[] b = new byte[2];
        for (int lead = 0; lead < 256; lead++) {
            for (int second = 0; second < 256; second++) {
                b[0] = (byte) lead;
                b[1] = (byte) second;
                boolean viable = Utf8Oracle.viable(b, 2);
                int state = Utf8Validator.validate(Utf8Validator.ACCEPT, b, 0, 2);
                assertThat(state != Utf8Validator.REJECT).as("%02x %02x", lead, second).isEqualTo(viable);
                assertThat(state == Utf8Validator.ACCEPT).as("%02x %02x", lead, second)
                        .isEqualTo(Utf8Oracle.jdkValid(b));
            }
        }
    }

    @Test
    @DisplayName("8.1 / Autobahn utf8validator incremental examples: where the fail is detected across feeds")
    void incrementalExamples() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.feed("µ@ßöäüàá".getBytes(StandardCharsets.UTF_8), 0, 15)).isTrue();
        assertThat(v.isComplete()).isTrue();

        v.reset();
        assertThat(v.feed(new byte[]{(byte) 0xF5}, 0, 1)).isFalse();

        v.reset();
        byte[] edited = "edited".getBytes(StandardCharsets.UTF_8);
        assertThat(v.feed(edited, 0, 6)).isTrue();
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThat(v.feed(surrogate, 0, 1)).isTrue();
        assertThat(v.isComplete()).isFalse();
        assertThat(v.feed(surrogate, 1, 2)).as("fails on 0xA0, the 8th byte").isFalse();
        assertThat(v.feed(edited, 0, 6)).as("stays failed").isFalse();
        assertThat(v.isComplete()).isFalse();

        v.reset();
        assertThat(v.isComplete()).isTrue();
        assertThat(v.feed(edited, 0, 6)).isTrue();
        assertThat(v.toString()).contains("state=0");
    }

    @Test
    @DisplayName("8.1: REJECT is terminal and an empty range changes nothing")
    void rejectIsTerminal() {
        byte[] ascii = "plain ascii text".getBytes(StandardCharsets.US_ASCII);
        assertThat(Utf8Validator.validate(Utf8Validator.REJECT, ascii, 0, ascii.length)).isEqualTo(Utf8Validator.REJECT);
        assertThat(Utf8Validator.validate(Utf8Validator.REJECT, ByteBuffer.wrap(ascii), 0, ascii.length))
                .isEqualTo(Utf8Validator.REJECT);
        assertThat(Utf8Validator.validateReference(Utf8Validator.REJECT, ascii, 0, ascii.length))
                .isEqualTo(Utf8Validator.REJECT);
        int mid = Utf8Validator.validate(Utf8Validator.ACCEPT, new byte[]{(byte) 0xE2}, 0, 1);
        assertThat(mid).isNotIn(Utf8Validator.ACCEPT, Utf8Validator.REJECT);
        assertThat(Utf8Validator.validate(mid, ascii, 3, 3)).isEqualTo(mid);
        assertThat(Utf8Validator.validate(mid, ByteBuffer.wrap(ascii), 3, 3)).isEqualTo(mid);
        assertThat(Utf8Validator.validate(mid, ascii, 0, 1)).as("ASCII inside a sequence").isEqualTo(Utf8Validator.REJECT);
        assertThat(Utf8Validator.validate(mid, ByteBuffer.wrap(ascii), 0, 1)).isEqualTo(Utf8Validator.REJECT);
    }

    @Test
    @DisplayName("5.6: isValid honours its range: invalid bytes outside [from, to) do not count")
    void isValidRange() {
        byte[] b = {(byte) 0xFF, 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF};
        assertThat(Utf8Validator.isValid(b, 1, 4)).isTrue();
        assertThat(Utf8Validator.isValid(b, 0, 4)).isFalse();
        assertThat(Utf8Validator.isValid(b, 1, 5)).isFalse();
        assertThat(Utf8Validator.isValid(b, 1, 3)).as("truncated").isFalse();
        assertThat(Utf8Validator.isValid(b, 2, 2)).isTrue();
    }
}
