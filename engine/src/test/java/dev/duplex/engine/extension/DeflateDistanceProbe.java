package dev.duplex.engine.extension;

import java.io.ByteArrayOutputStream;

/**
 * A minimal DEFLATE decoder (RFC 1951) for tests: decodes a raw stream and records the longest back-reference
 * distance it uses, to prove that a compressor kept to a window size. Not for production use.
 */
final class DeflateDistanceProbe {
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51,
            59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
            769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
            10, 11, 11, 12, 12, 13, 13};
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final byte[] in;
    private int bitPos;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    int maxDistance;

    private DeflateDistanceProbe(byte[] in) {
        this.in = in;
    }

    /** Decodes the whole input (which ends with a sync flush); returns the probe with its findings. */
    static DeflateDistanceProbe decode(byte[] stream) {
        DeflateDistanceProbe p = new DeflateDistanceProbe(stream);
        p.run();
        return p;
    }

    private void run() {
        while (bitPos + 3 <= in.length * 8) {
            int fin = bits(1);
            int type = bits(2);
            if (type == 0) {
                bitPos = (bitPos + 7) & ~7;
                if (bitPos / 8 + 4 > in.length) {
                    return;
                }
                int len = bits(16);
                bits(16);
                for (int i = 0; i < len; i++) {
                    out.write(bits(8));
                }
            } else if (type == 1) {
                inflate(fixedLiterals(), fixedDistances());
            } else if (type == 2) {
                dynamic();
            } else {
                throw new IllegalStateException("invalid block type");
            }
            if (fin == 1) {
                return;
            }
            if (bitPos / 8 >= in.length) {
                return;
            }
        }
    }

    private void dynamic() {
        int hlit = bits(5) + 257;
        int hdist = bits(5) + 1;
        int hclen = bits(4) + 4;
        int[] clLengths = new int[19];
        for (int i = 0; i < hclen; i++) {
            clLengths[CL_ORDER[i]] = bits(3);
        }
        Huffman cl = new Huffman(clLengths);
        int[] lengths = new int[hlit + hdist];
        for (int i = 0; i < lengths.length; ) {
            int sym = cl.decode(this);
            if (sym < 16) {
                lengths[i++] = sym;
            } else if (sym == 16) {
                int prev = lengths[i - 1];
                for (int r = 3 + bits(2); r > 0; r--) {
                    lengths[i++] = prev;
                }
            } else if (sym == 17) {
                i += 3 + bits(3);
            } else {
                i += 11 + bits(7);
            }
        }
        int[] lit = new int[hlit];
        int[] dist = new int[hdist];
        System.arraycopy(lengths, 0, lit, 0, hlit);
        System.arraycopy(lengths, hlit, dist, 0, hdist);
        inflate(new Huffman(lit), new Huffman(dist));
    }

    private void inflate(Huffman lit, Huffman dist) {
        while (true) {
            int sym = lit.decode(this);
            if (sym < 256) {
                out.write(sym);
            } else if (sym == 256) {
                return;
            } else {
                int li = sym - 257;
                int length = LENGTH_BASE[li] + bits(LENGTH_EXTRA[li]);
                int di = dist.decode(this);
                int distance = DIST_BASE[di] + bits(DIST_EXTRA[di]);
                maxDistance = Math.max(maxDistance, distance);
                byte[] sofar = out.toByteArray();
                int start = sofar.length - distance;
                for (int k = 0; k < length; k++) {
                    int b = start + k < sofar.length ? sofar[start + k] : out.toByteArray()[start + k];
                    out.write(b);
                }
            }
        }
    }

    private static Huffman fixedLiterals() {
        int[] l = new int[288];
        for (int i = 0; i < 288; i++) {
            l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
        }
        return new Huffman(l);
    }

    private static Huffman fixedDistances() {
        int[] l = new int[30];
        java.util.Arrays.fill(l, 5);
        return new Huffman(l);
    }

    int bit() {
        int b = (in[bitPos >>> 3] >>> (bitPos & 7)) & 1;
        bitPos++;
        return b;
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v |= bit() << i;
        }
        return v;
    }

    /** Canonical Huffman decoding, bit by bit (RFC 1951 section 3.2.2). */
    private static final class Huffman {
        private final int[] counts = new int[16];
        private final int[] symbols;

        Huffman(int[] lengths) {
            for (int len : lengths) {
                counts[len]++;
            }
            counts[0] = 0;
            int[] offs = new int[16];
            for (int i = 1; i < 16; i++) {
                offs[i] = offs[i - 1] + counts[i - 1];
            }
            symbols = new int[lengths.length];
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] != 0) {
                    symbols[offs[lengths[s]]++] = s;
                }
            }
        }

        int decode(DeflateDistanceProbe p) {
            int code = 0;
            int first = 0;
            int index = 0;
            for (int len = 1; len < 16; len++) {
                code |= p.bit();
                int count = counts[len];
                if (code - count < first) {
                    return symbols[index + (code - first)];
                }
                index += count;
                first += count;
                first <<= 1;
                code <<= 1;
            }
            throw new IllegalStateException("invalid Huffman code");
        }
    }
}
