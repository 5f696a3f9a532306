package dev.duplex.http2.hpack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HPACK string literals (RFC 7541 section 5.2): an H bit (Huffman-coded or not), the octet length as a 7-bit
 * prefix integer (section 5.1), then the octets. Header strings are ISO-8859-1 here: one char is one octet.
 *
 * <p>An instance reads strings and keeps one scratch buffer for Huffman decoding, sized by the longest string
 * read so far, hence bounded by the header block's length times 8/5.
 */
final class StringLiteral {
    private static final int HUFFMAN = 0x80;

    private byte[] scratch = new byte[64];
    /** Octets of the string last read (decoded length for Huffman strings). */
    private int lastLength;

    /**
     * Reads one string literal from {@code in} and returns it, or {@code null} if {@code keep} is false (the string
     * is then still fully validated and its length counted, but not materialized).
     *
     * @throws HpackException if the length runs past the end of the block (section 5.2), the length integer is
     *         malformed (section 5.1), or the Huffman code is invalid (section 5.2)
     */
    String read(ByteBuffer in, boolean keep) throws HpackException {
        if (!in.hasRemaining()) {
            throw new HpackException("header block ends before a string literal (RFC 7541 section 5.2)");
        }
        int first = in.get() & 0xff;
        int length = HpackInteger.decode(in, first, 7);
        if (length > in.remaining()) {
            throw new HpackException("string literal length " + length + " runs past the end of the header block ("
                    + in.remaining() + " octets left, RFC 7541 section 5.2)");
        }
        if ((first & HUFFMAN) == 0) {
            lastLength = length;
            if (!keep) {
                in.position(in.position() + length);
                return null;
            }
            if (in.hasArray()) {
                String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.ISO_8859_1);
                in.position(in.position() + length);
                return s;
            }
            ensureScratch(length);
            in.get(scratch, 0, length);
            return new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
        }
        ensureScratch(Huffman.maxDecodedLength(length));
        lastLength = Huffman.decode(in, length, scratch);
        return keep ? new String(scratch, 0, lastLength, StandardCharsets.ISO_8859_1) : null;
    }

    /** Octets of the string last {@link #read} (after Huffman decoding). */
    int lastLength() {
        return lastLength;
    }

    @Override
    public String toString() {
        return "StringLiteral[scratch=" + scratch.length + ", lastLength=" + lastLength + "]";
    }

    private void ensureScratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, Math.min(scratch.length * 2, Integer.MAX_VALUE - 8))];
        }
    }

    /**
     * Writes {@code s} as a string literal, Huffman-coded if {@code huffman} allows and the code is not longer than
     * the octets (an equal length is coded too, as in the examples of RFC 7541 Appendix C.6).
     * {@code out} needs {@link #maxEncodedLength} octets.
     */
    static void write(ByteBuffer out, String s, boolean huffman) {
        int raw = s.length();
        if (huffman) {
            long coded = Huffman.encodedLength(s);
            if (coded <= raw) {
                HpackInteger.encode(out, HUFFMAN, 7, (int) coded);
                Huffman.encode(s, out);
                return;
            }
        }
        HpackInteger.encode(out, 0, 7, raw);
        for (int i = 0; i < raw; i++) {
            out.put((byte) s.charAt(i));
        }
    }

    /** The most octets {@link #write} takes for {@code s}: the length integer and the raw octets. */
    static int maxEncodedLength(String s) {
        return HpackInteger.encodedLength(7, s.length()) + s.length();
    }
}
