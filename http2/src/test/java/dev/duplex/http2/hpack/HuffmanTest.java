package dev.duplex.http2.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Huffman code of RFC 7541 Appendix B and its decoder's rejections (section 5.2). */
class HuffmanTest {

    @Test
    void the_code_table_is_canonical_and_complete() {
        // Appendix B is a canonical code: within one length, codes follow symbol order, and lengths ascend.
        // Kraft sum exactly 1 means no bit pattern is left unused.
        BigInteger kraft = BigInteger.ZERO;
        BigInteger one = BigInteger.ONE.shiftLeft(30);
        int code = -1, prevLength = 0;
        for (int length = 5; length <= 30; length++) {
            for (int sym = 0; sym <= Huffman.EOS; sym++) {
                if (Huffman.codeLength(sym) != length) {
                    continue;
                }
                code = (code + 1) << (length - prevLength);
                prevLength = length;
                assertThat(Huffman.code(sym)).as("code of %d", sym).isEqualTo(code);
                kraft = kraft.add(one.shiftRight(length));
            }
        }
        assertThat(kraft).isEqualTo(one);
    }

    @Test
    void codes_match_appendix_b_samples() {
        int[][] samples = { // symbol, code, length, from RFC 7541 Appendix B
            {0, 0x1ff8, 13}, {1, 0x7fffd8, 23}, {10, 0x3ffffffc, 30}, {32, 0x14, 6}, {'0', 0x0, 5}, {'a', 0x3, 5},
            {'t', 0x9, 5}, {':', 0x5c, 7}, {'<', 0x7ffc, 15}, {'\\', 0x7fff0, 19}, {127, 0xffffffc, 28},
            {128, 0xfffe6, 20}, {153, 0x1fffdc, 21}, {199, 0x1ffffec, 25}, {203, 0x7ffffde, 27},
            {220, 0xffffffd, 28}, {254, 0x7fffff0, 27}, {255, 0x3ffffee, 26}, {256, 0x3fffffff, 30}};
        for (int[] s : samples) {
            assertThat(Huffman.code(s[0])).as("code of %d", s[0]).isEqualTo(s[1]);
            assertThat(Huffman.codeLength(s[0])).as("length of %d", s[0]).isEqualTo(s[2]);
        }
    }

    @Test
    void every_octet_encodes_to_its_code_padded_with_ones_and_decodes_back() throws HpackException {
        for (int sym = 0; sym < 256; sym++) {
            String s = String.valueOf((char) sym);
            int length = Huffman.codeLength(sym);
            int octets = (length + 7) / 8;
            assertThat(Huffman.encodedLength(s)).isEqualTo(octets);
            ByteBuffer out = ByteBuffer.allocate(octets);
            Huffman.encode(s, out);
            assertThat(out.hasRemaining()).isFalse();
            long expected = ((long) Huffman.code(sym) << (octets * 8 - length)) | ((1L << (octets * 8 - length)) - 1);
            assertThat(new BigInteger(1, out.array()).longValueExact()).as("octet %d", sym).isEqualTo(expected);
            assertThat(decode(out.array())).isEqualTo(s);
        }
    }

    @Test
    void all_256_octets_in_one_string_round_trip() throws HpackException {
        StringBuilder sb = new StringBuilder();
        for (int i = 255; i >= 0; i--) {
            sb.append((char) i);
        }
        assertThat(decode(encode(sb.toString()))).isEqualTo(sb.toString());
    }

    @Test
    void appendix_c_strings() throws HpackException {
        assertCodes("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff");
        assertCodes("no-cache", "a8eb 1064 9cbf");
        assertCodes("custom-key", "25a8 49e9 5ba9 7d7f");
        assertCodes("custom-value", "25a8 49e9 5bb8 e8b4 bf");
        assertCodes("302", "6402");
        assertCodes("307", "640e ff");
        assertCodes("gzip", "9bd9 ab");
        assertCodes("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff");
        assertCodes("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
                "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5"
                        + "b106 3d50 07");
        assertCodes("", "");
    }

    private static void assertCodes(String s, String hex) throws HpackException {
        assertThat(Hex.of(encode(s))).isEqualTo(hex.replace(" ", ""));
        assertThat(decode(Hex.bytes(hex))).isEqualTo(s);
    }

    @Test
    void random_strings_round_trip() throws HpackException {
        Random random = new Random(7541);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(200)];
            boolean ascii = random.nextBoolean();
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (ascii ? 32 + random.nextInt(95) : random.nextInt(256));
            }
            String s = new String(chars);
            byte[] encoded = encode(s);
            assertThat(encoded).hasSize((int) Huffman.encodedLength(s));
            assertThat(decode(encoded)).isEqualTo(s);
        }
    }

    @Test
    void rejects_eos_in_the_input() {
        // EOS alone (30 ones) plus 2 bits of padding.
        assertRejected("ffff ffff", "EOS");
        // 'a' (00011), then EOS: 00011 111|11111111|11111111|11111111|111 + padding 11111.
        assertRejected("1fff ffff ff", "EOS");
    }

    @Test
    void rejects_padding_longer_than_7_bits() {
        // 'a' = 00011 + 3 bits of padding, then a whole octet of ones: 11 bits of padding.
        assertRejected("1fff", "longer than 7 bits");
        // A whole octet of ones alone.
        assertRejected("ff", "longer than 7 bits");
    }

    @Test
    void rejects_padding_that_is_not_all_ones() {
        // 'a' = 00011, then 000 (the start of '0', 00000) instead of 111.
        assertRejected("18", "all ones");
        // 'a' then 110.
        assertRejected("1e", "all ones");
    }

    @Test
    void accepts_padding_of_up_to_7_ones() throws HpackException {
        // 'a' (00011) + 3 ones; '&' (11111000) with no padding at all.
        assertThat(decode(Hex.bytes("1f"))).isEqualTo("a");
        assertThat(decode(Hex.bytes("f8"))).isEqualTo("&");
        // ':' is 7 bits (1011100) + one 1: padding of 1 bit.
        assertThat(decode(Hex.bytes("b9"))).isEqualTo(":");
        // 'a' (5) then 'a' (5) then 6 ones: 00011000 11111111 -> padding 6 bits.
        assertThat(decode(Hex.bytes("18ff"))).isEqualTo("aa");
    }

    private static void assertRejected(String hex, String message) {
        assertThatThrownBy(() -> decode(Hex.bytes(hex)))
                .isInstanceOf(HpackException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("RFC 7541 section 5.2");
    }

    static byte[] encode(String s) {
        ByteBuffer out = ByteBuffer.allocate((int) Huffman.encodedLength(s));
        Huffman.encode(s, out);
        assertThat(out.hasRemaining()).isFalse();
        return out.array();
    }

    static String decode(byte[] code) throws HpackException {
        byte[] dst = new byte[Huffman.maxDecodedLength(code.length)];
        ByteBuffer in = ByteBuffer.wrap(code);
        int n = Huffman.decode(in, code.length, dst);
        assertThat(in.hasRemaining()).isFalse();
        return new String(dst, 0, n, StandardCharsets.ISO_8859_1);
    }
}
