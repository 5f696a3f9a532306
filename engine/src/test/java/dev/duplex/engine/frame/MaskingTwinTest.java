package dev.duplex.engine.frame;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 8-bytes-at-a-time masking of {@link Masking} against its byte-by-byte twin {@link Masking#maskReference}
 * (RFC 6455 section 5.3; STYLE practice 9, after coder/websocket's mask_test.go): every length 0..300, every
 * start alignment 0..7, every key offset 0..3, heap and direct buffers, both byte orders.
 */
class MaskingTwinTest {
    private static final int[] KEYS = {0x37FA213D, 0x01020304, 0xFFFFFFFF, 0x80000001, 0};
    private static final ByteOrder[] ORDERS = {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN};
    private static final int GUARD = 11;

    private static byte[] data(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed * 17 + (i >>> 3));
        }
        return b;
    }

    private static ByteBuffer buffer(byte[] content, boolean direct, ByteOrder order) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(content.length) : ByteBuffer.allocate(content.length);
        b.put(content).clear();
        return b.order(order);
    }

    private static byte[] contents(ByteBuffer b) {
        byte[] out = new byte[b.capacity()];
        b.duplicate().clear().get(0, out);
        return out;
    }

    @Test
    @DisplayName("5.3: maskInPlace = maskReference for lengths 0..300, alignments 0..7, key offsets 0..3")
    void maskInPlaceMatchesReference() {
        int cases = 0;
        for (int key : KEYS) {
            for (int n = 0; n <= 300; n++) {
                byte[] plain = data(n, key);
                for (int align = 0; align < 8; align++) {
                    byte[] padded = new byte[align + n + GUARD];
                    Arrays.fill(padded, (byte) 0x5C);
                    System.arraycopy(plain, 0, padded, align, n);
                    for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                        byte[] expected = padded.clone();
                        Masking.maskReference(expected, align, n, key, keyOffset);
                        for (boolean direct : new boolean[]{false, true}) {
                            for (ByteOrder order : ORDERS) {
                                ByteBuffer buf = buffer(padded, direct, order);
                                buf.position(3).limit(buf.capacity() - 1);
                                Masking.maskInPlace(buf, align, n, key, keyOffset);
                                if (!Arrays.equals(contents(buf), expected)) {
                                    throw new AssertionError("maskInPlace n=" + n + " align=" + align + " keyOffset="
                                            + keyOffset + " key=" + Integer.toHexString(key) + " direct=" + direct
                                            + " " + order + ": " + hex(contents(buf)) + " != " + hex(expected));
                                }
                                assertThat(buf.position()).isEqualTo(3);
                                assertThat(buf.limit()).isEqualTo(buf.capacity() - 1);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(KEYS.length * 301 * 8 * 4 * 4);
    }

    @Test
    @DisplayName("5.3: maskCopy = maskReference for lengths 0..300 over source/destination alignments and orders")
    void maskCopyMatchesReference() {
        int cases = 0;
        for (int n = 0; n <= 300; n++) {
            for (int srcAlign = 0; srcAlign < 8; srcAlign++) {
                int[] dstAligns = n <= 40 || n % 37 == 0 ? new int[]{0, 1, 2, 3, 4, 5, 6, 7}
                        : new int[]{(srcAlign + n) & 7, (srcAlign + 3) & 7};
                for (int dstAlign : dstAligns) {
                    for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                        int key = KEYS[(n + srcAlign + keyOffset) % KEYS.length];
                        cases += checkCopy(n, srcAlign, dstAlign, key, keyOffset);
                    }
                }
            }
        }
        assertThat(cases).isGreaterThan(100_000);
    }

    private static int checkCopy(int n, int srcAlign, int dstAlign, int key, int keyOffset) {
        byte[] plain = data(n, srcAlign * 8 + dstAlign);
        byte[] src = new byte[srcAlign + n + GUARD];
        Arrays.fill(src, (byte) 0xA7);
        System.arraycopy(plain, 0, src, srcAlign, n);
        byte[] dst = new byte[dstAlign + n + GUARD];
        Arrays.fill(dst, (byte) 0x3B);
        byte[] expected = dst.clone();
        byte[] masked = plain.clone();
        Masking.maskReference(masked, 0, n, key, keyOffset);
        System.arraycopy(masked, 0, expected, dstAlign, n);
        int cases = 0;
        for (boolean srcDirect : new boolean[]{false, true}) {
            for (boolean dstDirect : new boolean[]{false, true}) {
                for (ByteOrder srcOrder : ORDERS) {
                    for (ByteOrder dstOrder : ORDERS) {
                        ByteBuffer s = buffer(src, srcDirect, srcOrder);
                        ByteBuffer d = buffer(dst, dstDirect, dstOrder);
                        s.position(1);
                        d.position(2);
                        Masking.maskCopy(s, srcAlign, d, dstAlign, n, key, keyOffset);
                        if (!Arrays.equals(contents(d), expected)) {
                            throw new AssertionError("maskCopy n=" + n + " srcAlign=" + srcAlign + " dstAlign="
                                    + dstAlign + " keyOffset=" + keyOffset + " key=" + Integer.toHexString(key)
                                    + " src " + (srcDirect ? "direct " : "heap ") + srcOrder + " dst "
                                    + (dstDirect ? "direct " : "heap ") + dstOrder + ": " + hex(contents(d))
                                    + " != " + hex(expected));
                        }
                        if (!Arrays.equals(contents(s), src)) {
                            throw new AssertionError("maskCopy changed its source");
                        }
                        if (s.position() != 1 || d.position() != 2) {
                            throw new AssertionError("maskCopy moved a position");
                        }
                        cases++;
                    }
                }
            }
        }
        return cases;
    }

    @Test
    @DisplayName("5.3: maskInPlace over an array = maskReference for lengths 0..300, alignments 0..7, key offsets 0..3")
    void maskInPlaceArrayMatchesReference() {
        int cases = 0;
        for (int key : KEYS) {
            for (int n = 0; n <= 300; n++) {
                byte[] plain = data(n, key);
                for (int align = 0; align < 8; align++) {
                    byte[] padded = new byte[align + n + GUARD];
                    Arrays.fill(padded, (byte) 0x5C);
                    System.arraycopy(plain, 0, padded, align, n);
                    for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                        byte[] expected = padded.clone();
                        Masking.maskReference(expected, align, n, key, keyOffset);
                        byte[] actual = padded.clone();
                        Masking.maskInPlace(actual, align, n, key, keyOffset);
                        if (!Arrays.equals(actual, expected)) {
                            throw new AssertionError("maskInPlace(byte[]) n=" + n + " align=" + align + " keyOffset="
                                    + keyOffset + " key=" + Integer.toHexString(key) + ": " + hex(actual) + " != "
                                    + hex(expected));
                        }
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(KEYS.length * 301 * 8 * 4);
    }

    @Test
    @DisplayName("5.3: maskCopy from an array = maskReference for lengths 0..300 over alignments, buffer kinds and orders")
    void maskCopyFromArrayMatchesReference() {
        int cases = 0;
        for (int n = 0; n <= 300; n++) {
            for (int srcAlign = 0; srcAlign < 8; srcAlign++) {
                for (int dstAlign : new int[]{0, 1, (srcAlign + 3) & 7, 7}) {
                    for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                        int key = KEYS[(n + srcAlign + keyOffset) % KEYS.length];
                        byte[] plain = data(n, srcAlign * 8 + dstAlign);
                        byte[] src = new byte[srcAlign + n + GUARD];
                        Arrays.fill(src, (byte) 0xA7);
                        System.arraycopy(plain, 0, src, srcAlign, n);
                        byte[] srcBefore = src.clone();
                        byte[] dst = new byte[dstAlign + n + GUARD];
                        Arrays.fill(dst, (byte) 0x3B);
                        byte[] expected = dst.clone();
                        byte[] masked = plain.clone();
                        Masking.maskReference(masked, 0, n, key, keyOffset);
                        System.arraycopy(masked, 0, expected, dstAlign, n);
                        for (boolean dstDirect : new boolean[]{false, true}) {
                            for (ByteOrder dstOrder : ORDERS) {
                                ByteBuffer d = buffer(dst, dstDirect, dstOrder);
                                d.position(2);
                                Masking.maskCopy(src, srcAlign, d, dstAlign, n, key, keyOffset);
                                if (!Arrays.equals(contents(d), expected)) {
                                    throw new AssertionError("maskCopy(byte[]) n=" + n + " srcAlign=" + srcAlign
                                            + " dstAlign=" + dstAlign + " keyOffset=" + keyOffset + " dst "
                                            + (dstDirect ? "direct " : "heap ") + dstOrder + ": " + hex(contents(d))
                                            + " != " + hex(expected));
                                }
                                assertThat(src).isEqualTo(srcBefore);
                                assertThat(d.position()).isEqualTo(2);
                                cases++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(301 * 8 * 4 * 4 * 4);
    }

    @Test
    @DisplayName("5.3: the RFC's own example: 'Hello' masked with 37 fa 21 3d is 7f 9f 4d 51 58")
    void rfcExample() {
        byte[] hello = "Hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] ref = hello.clone();
        Masking.maskReference(ref, 0, 5, 0x37FA213D, 0);
        assertThat(hex(ref)).isEqualTo("7f9f4d5158");
        ByteBuffer b = ByteBuffer.wrap(hello.clone());
        Masking.maskInPlace(b, 0, 5, 0x37FA213D, 0);
        assertThat(hex(b.array())).isEqualTo("7f9f4d5158");
        ByteBuffer d = ByteBuffer.allocate(5);
        Masking.maskCopy(ByteBuffer.wrap(hello), 0, d, 0, 5, 0x37FA213D, 0);
        assertThat(hex(d.array())).isEqualTo("7f9f4d5158");
    }

    @Test
    @DisplayName("5.3: masking in pieces with the running key offset equals masking in one go; twice is identity")
    void piecewiseAndInvolution() {
        byte[] plain = data(257, 9);
        int key = 0x9ABCDEF0;
        byte[] whole = plain.clone();
        Masking.maskReference(whole, 0, whole.length, key, 0);
        for (int piece = 1; piece <= 17; piece++) {
            ByteBuffer b = ByteBuffer.wrap(plain.clone());
            for (int from = 0; from < plain.length; from += piece) {
                int len = Math.min(piece, plain.length - from);
                Masking.maskInPlace(b, from, len, key, from & 3);
            }
            assertThat(b.array()).as("pieces of %d", piece).isEqualTo(whole);
            Masking.maskInPlace(b, 0, plain.length, key, 0);
            assertThat(b.array()).isEqualTo(plain);
        }
    }

    @Test
    @DisplayName("5.3: key offsets beyond 0..3 wrap around like the reference")
    void keyOffsetWraps() {
        byte[] plain = data(19, 1);
        for (int keyOffset : new int[]{4, 5, 7, 1001}) {
            byte[] expected = plain.clone();
            Masking.maskReference(expected, 0, plain.length, 0x11223344, keyOffset);
            ByteBuffer b = ByteBuffer.wrap(plain.clone());
            Masking.maskInPlace(b, 0, plain.length, 0x11223344, keyOffset);
            assertThat(b.array()).isEqualTo(expected);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
