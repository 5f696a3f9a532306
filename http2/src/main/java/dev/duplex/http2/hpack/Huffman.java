package dev.duplex.http2.hpack;

import java.nio.ByteBuffer;

/**
 * The static Huffman code of HPACK (RFC 7541 section 5.2 and Appendix B): an encoder, an exact length
 * calculator, and a table-driven decoder that consumes four bits (a nibble) per step.
 *
 * <p>The decoder is a state machine over the 256 internal nodes of the code tree: {@link #DECODE} gives,
 * for each state and nibble, the next state and at most one decoded octet (every code is at least five
 * bits long, so a nibble never completes two). It rejects, as RFC 7541 section 5.2 requires:
 * <ul>
 *   <li>the EOS symbol anywhere in the input ("A Huffman-encoded string literal containing the EOS symbol
 *       MUST be treated as a decoding error");</li>
 *   <li>padding longer than 7 bits ("A padding strictly longer than 7 bits MUST be treated as a decoding error");</li>
 *   <li>padding that is not the most significant bits of EOS, i.e. not all ones ("A padding not corresponding
 *       to the most significant bits of the code for the EOS symbol MUST be treated as a decoding error").</li>
 * </ul>
 */
final class Huffman {
    /** The EOS symbol (RFC 7541 Appendix B), never encoded as data; its leading bits pad the last octet. */
    static final int EOS = 256;

    /** Codes of symbols 0..256, aligned to the least significant bit (RFC 7541 Appendix B, "as hex" column). */
    private static final int[] CODES = {
        /*   0 */ 0x1ff8, 0x7fffd8, 0xfffffe2, 0xfffffe3, 0xfffffe4, 0xfffffe5, 0xfffffe6, 0xfffffe7,
        /*   8 */ 0xfffffe8, 0xffffea, 0x3ffffffc, 0xfffffe9, 0xfffffea, 0x3ffffffd, 0xfffffeb, 0xfffffec,
        /*  16 */ 0xfffffed, 0xfffffee, 0xfffffef, 0xffffff0, 0xffffff1, 0xffffff2, 0x3ffffffe, 0xffffff3,
        /*  24 */ 0xffffff4, 0xffffff5, 0xffffff6, 0xffffff7, 0xffffff8, 0xffffff9, 0xffffffa, 0xffffffb,
        /*  32 */ 0x14, 0x3f8, 0x3f9, 0xffa, 0x1ff9, 0x15, 0xf8, 0x7fa,
        /*  40 */ 0x3fa, 0x3fb, 0xf9, 0x7fb, 0xfa, 0x16, 0x17, 0x18,
        /*  48 */ 0x0, 0x1, 0x2, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
        /*  56 */ 0x1e, 0x1f, 0x5c, 0xfb, 0x7ffc, 0x20, 0xffb, 0x3fc,
        /*  64 */ 0x1ffa, 0x21, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62,
        /*  72 */ 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
        /*  80 */ 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72,
        /*  88 */ 0xfc, 0x73, 0xfd, 0x1ffb, 0x7fff0, 0x1ffc, 0x3ffc, 0x22,
        /*  96 */ 0x7ffd, 0x3, 0x23, 0x4, 0x24, 0x5, 0x25, 0x26,
        /* 104 */ 0x27, 0x6, 0x74, 0x75, 0x28, 0x29, 0x2a, 0x7,
        /* 112 */ 0x2b, 0x76, 0x2c, 0x8, 0x9, 0x2d, 0x77, 0x78,
        /* 120 */ 0x79, 0x7a, 0x7b, 0x7ffe, 0x7fc, 0x3ffd, 0x1ffd, 0xffffffc,
        /* 128 */ 0xfffe6, 0x3fffd2, 0xfffe7, 0xfffe8, 0x3fffd3, 0x3fffd4, 0x3fffd5, 0x7fffd9,
        /* 136 */ 0x3fffd6, 0x7fffda, 0x7fffdb, 0x7fffdc, 0x7fffdd, 0x7fffde, 0xffffeb, 0x7fffdf,
        /* 144 */ 0xffffec, 0xffffed, 0x3fffd7, 0x7fffe0, 0xffffee, 0x7fffe1, 0x7fffe2, 0x7fffe3,
        /* 152 */ 0x7fffe4, 0x1fffdc, 0x3fffd8, 0x7fffe5, 0x3fffd9, 0x7fffe6, 0x7fffe7, 0xffffef,
        /* 160 */ 0x3fffda, 0x1fffdd, 0xfffe9, 0x3fffdb, 0x3fffdc, 0x7fffe8, 0x7fffe9, 0x1fffde,
        /* 168 */ 0x7fffea, 0x3fffdd, 0x3fffde, 0xfffff0, 0x1fffdf, 0x3fffdf, 0x7fffeb, 0x7fffec,
        /* 176 */ 0x1fffe0, 0x1fffe1, 0x3fffe0, 0x1fffe2, 0x7fffed, 0x3fffe1, 0x7fffee, 0x7fffef,
        /* 184 */ 0xfffea, 0x3fffe2, 0x3fffe3, 0x3fffe4, 0x7ffff0, 0x3fffe5, 0x3fffe6, 0x7ffff1,
        /* 192 */ 0x3ffffe0, 0x3ffffe1, 0xfffeb, 0x7fff1, 0x3fffe7, 0x7ffff2, 0x3fffe8, 0x1ffffec,
        /* 200 */ 0x3ffffe2, 0x3ffffe3, 0x3ffffe4, 0x7ffffde, 0x7ffffdf, 0x3ffffe5, 0xfffff1, 0x1ffffed,
        /* 208 */ 0x7fff2, 0x1fffe3, 0x3ffffe6, 0x7ffffe0, 0x7ffffe1, 0x3ffffe7, 0x7ffffe2, 0xfffff2,
        /* 216 */ 0x1fffe4, 0x1fffe5, 0x3ffffe8, 0x3ffffe9, 0xffffffd, 0x7ffffe3, 0x7ffffe4, 0x7ffffe5,
        /* 224 */ 0xfffec, 0xfffff3, 0xfffed, 0x1fffe6, 0x3fffe9, 0x1fffe7, 0x1fffe8, 0x7ffff3,
        /* 232 */ 0x3fffea, 0x3fffeb, 0x1ffffee, 0x1ffffef, 0xfffff4, 0xfffff5, 0x3ffffea, 0x7ffff4,
        /* 240 */ 0x3ffffeb, 0x7ffffe6, 0x3ffffec, 0x3ffffed, 0x7ffffe7, 0x7ffffe8, 0x7ffffe9, 0x7ffffea,
        /* 248 */ 0x7ffffeb, 0xffffffe, 0x7ffffec, 0x7ffffed, 0x7ffffee, 0x7ffffef, 0x7fffff0, 0x3ffffee,
        /* 256 */ 0x3fffffff
    };

    /** Code lengths in bits of symbols 0..256 (RFC 7541 Appendix B, "len in bits" column). */
    private static final byte[] LENGTHS = {
        /*   0 */ 13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        /*  16 */ 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        /*  32 */ 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        /*  48 */ 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        /*  64 */ 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        /*  80 */ 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        /*  96 */ 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        /* 112 */ 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        /* 128 */ 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        /* 144 */ 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        /* 160 */ 22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        /* 176 */ 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        /* 192 */ 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        /* 208 */ 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        /* 224 */ 20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        /* 240 */ 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        /* 256 */ 30
    };

    /** Decoder table entry flags: the step emitted an octet (bits 8..15 of the entry) / the step reached EOS. */
    private static final int EMIT = 1 << 16;
    private static final int FAIL = 1 << 17;

    /** {@code DECODE[state << 4 | nibble]}: next state in bits 0..7, emitted octet in 8..15, flags above. */
    private static final int[] DECODE = new int[256 * 16];

    /** Per state, what ending the string there means: 0 valid (at most 7 bits of EOS prefix), else an error. */
    private static final byte[] END = new byte[256];
    private static final byte END_OK = 0, END_PADDING_TOO_LONG = 1, END_PADDING_NOT_ONES = 2;

    static {
        buildDecoder();
    }

    private Huffman() {
    }

    /** Code of symbol {@code sym} (0..256), aligned to the least significant bit. */
    static int code(int sym) {
        return CODES[sym];
    }

    /** Length in bits of the code of symbol {@code sym} (0..256). */
    static int codeLength(int sym) {
        return LENGTHS[sym];
    }

    /** Octets the Huffman encoding of {@code s} takes (ISO-8859-1: each char is one octet, 0..255). */
    static long encodedLength(String s) {
        long bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            bits += LENGTHS[s.charAt(i) & 0xff];
        }
        return (bits + 7) >>> 3;
    }

    /**
     * Writes the Huffman encoding of {@code s} to {@code out}, padding the last octet with the most significant
     * bits of EOS (all ones, RFC 7541 section 5.2). {@code out} must have {@link #encodedLength} octets remaining.
     */
    static void encode(String s, ByteBuffer out) {
        long acc = 0;
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            int sym = s.charAt(i) & 0xff;
            int len = LENGTHS[sym];
            acc = (acc << len) | CODES[sym];
            bits += len;
            while (bits >= 8) {
                bits -= 8;
                out.put((byte) (acc >>> bits));
            }
            acc &= (1L << bits) - 1;
        }
        if (bits > 0) {
            out.put((byte) ((acc << (8 - bits)) | (0xff >>> bits)));
        }
    }

    /** The most octets {@code encodedLength} octets of Huffman code can decode to (the shortest code is 5 bits). */
    static int maxDecodedLength(int encodedLength) {
        return (int) (encodedLength * 8L / 5);
    }

    /**
     * Decodes {@code length} octets of {@code in} (which must have them) into {@code dst} from index 0, and returns
     * the number of octets decoded. {@code dst} must hold {@link #maxDecodedLength}{@code (length)} octets.
     *
     * @throws HpackException on EOS in the data or invalid padding (RFC 7541 section 5.2)
     */
    static int decode(ByteBuffer in, int length, byte[] dst) throws HpackException {
        int state = 0;
        int n = 0;
        for (int i = 0; i < length; i++) {
            int b = in.get() & 0xff;
            int e = DECODE[(state << 4) | (b >>> 4)];
            if ((e & (EMIT | FAIL)) != 0) {
                if ((e & FAIL) != 0) {
                    throw eos();
                }
                dst[n++] = (byte) (e >>> 8);
            }
            e = DECODE[((e & 0xff) << 4) | (b & 0x0f)];
            if ((e & (EMIT | FAIL)) != 0) {
                if ((e & FAIL) != 0) {
                    throw eos();
                }
                dst[n++] = (byte) (e >>> 8);
            }
            state = e & 0xff;
        }
        switch (END[state]) {
            case END_OK -> {
                return n;
            }
            case END_PADDING_TOO_LONG -> throw new HpackException(
                    "Huffman string padding is longer than 7 bits (RFC 7541 section 5.2)");
            default -> throw new HpackException(
                    "Huffman string ends with padding that is not the most significant bits of EOS (all ones), "
                            + "or inside a code (RFC 7541 section 5.2)");
        }
    }

    private static HpackException eos() {
        return new HpackException("Huffman string contains the EOS symbol (RFC 7541 section 5.2)");
    }

    /** Builds {@link #DECODE} and {@link #END} from the code table. */
    private static void buildDecoder() {
        // The code tree: internal nodes 0..255 (0 is the root); a child >= 0 is an internal node,
        // a child < 0 is the leaf of symbol -child - 1. The code is complete (Kraft sum 1): every child exists.
        int[][] children = new int[256][2];
        for (int[] c : children) {
            c[0] = c[1] = Integer.MIN_VALUE;
        }
        int nodes = 1;
        for (int sym = 0; sym <= EOS; sym++) {
            int node = 0;
            for (int bit = LENGTHS[sym] - 1; bit > 0; bit--) {
                int b = (CODES[sym] >>> bit) & 1;
                if (children[node][b] == Integer.MIN_VALUE) {
                    children[node][b] = nodes++;
                }
                node = children[node][b];
            }
            children[node][CODES[sym] & 1] = -sym - 1;
        }
        if (nodes != 256) {
            throw new AssertionError("Huffman tree has " + nodes + " internal nodes, expected 256");
        }
        for (int state = 0; state < 256; state++) {
            for (int nibble = 0; nibble < 16; nibble++) {
                int node = state;
                int entry = 0;
                for (int bit = 3; bit >= 0; bit--) {
                    int child = children[node][(nibble >>> bit) & 1];
                    if (child == Integer.MIN_VALUE) {
                        throw new AssertionError("Huffman code is not complete");
                    }
                    if (child >= 0) {
                        node = child;
                    } else if (-child - 1 == EOS) {
                        entry = FAIL;
                        break;
                    } else {
                        entry = EMIT | ((-child - 1) << 8);
                        node = 0;
                    }
                }
                DECODE[(state << 4) | nibble] = entry | node;
            }
        }
        // Ending is valid at the root or up to 7 bits down the all-ones path (a prefix of EOS); deeper on that
        // path the padding is too long; anywhere else the padding has a zero bit or a code is cut short.
        java.util.Arrays.fill(END, END_PADDING_NOT_ONES);
        int node = 0;
        for (int depth = 0; node >= 0; depth++) {
            END[node] = depth <= 7 ? END_OK : END_PADDING_TOO_LONG;
            node = children[node][1];
        }
    }
}
