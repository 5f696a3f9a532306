package dev.duplex.engine.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JDK's strict UTF-8 decoder ({@link CodingErrorAction#REPORT}) as an independent oracle, and from it the
 * exact fail-fast point: the shortest prefix that no continuation can make valid (RFC 6455 section 8.1).
 */
public final class Utf8Oracle {
    private static final byte[][] COMPLETIONS = {
            {(byte) 0x80}, {(byte) 0xBF},
            {(byte) 0x80, (byte) 0x80}, {(byte) 0x80, (byte) 0xBF}, {(byte) 0xBF, (byte) 0x80}, {(byte) 0xBF, (byte) 0xBF},
            {(byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xBF, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xBF, (byte) 0xBF, (byte) 0xBF},
            {(byte) 0x80, (byte) 0xBF, (byte) 0x80}, {(byte) 0xBF, (byte) 0x80, (byte) 0xBF},
            {(byte) 0x80, (byte) 0x80, (byte) 0xBF}, {(byte) 0xBF, (byte) 0xBF, (byte) 0x80},
    };

    private Utf8Oracle() {
    }

    /** Whether the JDK's strict decoder accepts all of {@code bytes[from, to)}. */
    public static boolean jdkValid(byte[] bytes, int from, int to) {
        CharsetDecoder d = DECODER.get().reset();
        CharBuffer out = CharBuffer.allocate(to - from + 1);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            return false;
        }
        r = d.flush(out);
        return !r.isError() && !in.hasRemaining();
    }

    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(
            () -> StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    public static boolean jdkValid(byte[] bytes) {
        return jdkValid(bytes, 0, bytes.length);
    }

    /**
     * Whether some bytes appended to {@code prefix} make it valid. Every allowed range for the byte after a
     * lead (80-BF, A0-BF, 80-9F, 90-BF, 80-8F) contains 80 or BF, and later bytes may be anything in 80-BF,
     * so completions made of 80 and BF are enough.
     */
    public static boolean viable(byte[] bytes, int length) {
        if (jdkValid(bytes, 0, length)) {
            return true;
        }
        for (byte[] c : COMPLETIONS) {
            byte[] b = Arrays.copyOf(bytes, length + c.length);
            System.arraycopy(c, 0, b, length, c.length);
            if (jdkValid(b)) {
                return true;
            }
        }
        return false;
    }

    /** The length of the shortest prefix that cannot be completed, or -1 when every prefix can. */
    public static int failFastLength(byte[] bytes) {
        if (viable(bytes, bytes.length)) {
            return -1;
        }
        int lo = 0; // viable
        int hi = bytes.length; // not viable
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (viable(bytes, mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
