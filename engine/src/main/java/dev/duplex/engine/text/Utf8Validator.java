package dev.duplex.engine.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Strict, incremental UTF-8 validation (RFC 3629 section 4): no overlong forms, no surrogates
 * (U+D800-U+DFFF), nothing above U+10FFFF. Input may be fed in pieces split anywhere; validation fails at
 * the first byte after which the input can no longer be valid (RFC 6455 section 8.1 asks to fail fast).
 * Runs of ASCII are checked eight bytes at a time. {@link #validateReference} is the byte-at-a-time twin.
 */
public final class Utf8Validator {
    /** Between code points: the input so far is complete and valid. */
    public static final int ACCEPT = 0;
    /** The input can never become valid. */
    public static final int REJECT = 1;
    // Waiting for continuation bytes: how many, and the range allowed for the next one.
    private static final int NEED1 = 2;       // 80..BF, then done
    private static final int NEED2 = 3;       // 80..BF, then NEED1
    private static final int NEED3 = 4;       // 80..BF, then NEED2
    private static final int AFTER_E0 = 5;    // A0..BF, then NEED1 (no overlong 3-byte forms)
    private static final int AFTER_ED = 6;    // 80..9F, then NEED1 (no surrogates)
    private static final int AFTER_F0 = 7;    // 90..BF, then NEED2 (no overlong 4-byte forms)
    private static final int AFTER_F4 = 8;    // 80..8F, then NEED2 (nothing above U+10FFFF)

    private static final long HIGH_BITS = 0x8080808080808080L;
    /** Eight bytes of an array as one long (any byte order: only the high bit of each byte is looked at). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    private int state = ACCEPT;

    /** Feeds bytes {@code [from, to)} of {@code buf} (absolute indexes); false once the input is invalid. */
    public boolean feed(ByteBuffer buf, int from, int to) {
        state = validate(state, buf, from, to);
        return state != REJECT;
    }

    /** Feeds bytes {@code [from, to)} of {@code bytes}; false once the input is invalid. */
    public boolean feed(byte[] bytes, int from, int to) {
        state = validate(state, bytes, from, to);
        return state != REJECT;
    }

    /** True when everything fed so far ends on a code point boundary and is valid. */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    public void reset() {
        state = ACCEPT;
    }

    /** Whether {@code bytes} is entirely valid UTF-8. */
    public static boolean isValid(byte[] bytes, int from, int to) {
        return validate(ACCEPT, bytes, from, to) == ACCEPT;
    }

    /** Continues validation from {@code state} over {@code [from, to)} of {@code buf}; returns the new state. */
    public static int validate(int state, ByteBuffer buf, int from, int to) {
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                while (i + 8 <= to && (buf.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                while (i < to && buf.get(i) >= 0) {
                    i++;
                }
                if (i == to) {
                    return ACCEPT;
                }
            }
            state = step(state, buf.get(i) & 0xFF);
            if (state == REJECT) {
                return REJECT;
            }
            i++;
        }
        return state;
    }

    /**
     * The index of the first byte of {@code [from, to)} that is not ASCII (high bit set), or {@code to} when all
     * are ASCII. Eight bytes at a time.
     */
    public static int skipAscii(byte[] bytes, int from, int to) {
        int i = from;
        for (int last = to - 8; i <= last; i += 8) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
                break;
            }
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    /** Continues validation from {@code state} over {@code [from, to)} of {@code bytes}; returns the new state. */
    public static int validate(int state, byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                i = skipAscii(bytes, i, to);
                if (i == to) {
                    return ACCEPT;
                }
            }
            state = step(state, bytes[i] & 0xFF);
            if (state == REJECT) {
                return REJECT;
            }
            i++;
        }
        return state;
    }

    /** The reference twin: one byte at a time through the same table, no fast path. */
    public static int validateReference(int state, byte[] bytes, int from, int to) {
        for (int i = from; i < to && state != REJECT; i++) {
            state = step(state, bytes[i] & 0xFF);
        }
        return state;
    }

    /** One byte through the state machine (the table of RFC 3629 section 4). */
    static int step(int state, int b) {
        return switch (state) {
            case ACCEPT -> {
                if (b < 0x80) {
                    yield ACCEPT;
                } else if (b < 0xC2) {
                    yield REJECT; // continuation byte without a lead, or overlong C0/C1
                } else if (b < 0xE0) {
                    yield NEED1;
                } else if (b == 0xE0) {
                    yield AFTER_E0;
                } else if (b == 0xED) {
                    yield AFTER_ED;
                } else if (b < 0xF0) {
                    yield NEED2;
                } else if (b == 0xF0) {
                    yield AFTER_F0;
                } else if (b < 0xF4) {
                    yield NEED3;
                } else if (b == 0xF4) {
                    yield AFTER_F4;
                } else {
                    yield REJECT; // F5..FF never appear
                }
            }
            case NEED1 -> isCont(b, 0x80, 0xBF) ? ACCEPT : REJECT;
            case NEED2 -> isCont(b, 0x80, 0xBF) ? NEED1 : REJECT;
            case NEED3 -> isCont(b, 0x80, 0xBF) ? NEED2 : REJECT;
            case AFTER_E0 -> isCont(b, 0xA0, 0xBF) ? NEED1 : REJECT;
            case AFTER_ED -> isCont(b, 0x80, 0x9F) ? NEED1 : REJECT;
            case AFTER_F0 -> isCont(b, 0x90, 0xBF) ? NEED2 : REJECT;
            case AFTER_F4 -> isCont(b, 0x80, 0x8F) ? NEED2 : REJECT;
            default -> REJECT;
        };
    }

    private static boolean isCont(int b, int lo, int hi) {
        return b >= lo && b <= hi;
    }

    @Override
    public String toString() {
        return "Utf8Validator[state=" + state + "]";
    }
}
