package dev.duplex.http2.hpack;

import java.nio.ByteBuffer;

/**
 * HPACK integer representation (RFC 7541 section 5.1): an N-bit prefix in the first octet, then, when the value
 * does not fit in the prefix, 7-bit groups least significant first, each with a continuation bit.
 *
 * <p>Decoded integers are limited to {@code Integer.MAX_VALUE} and to {@value #MAX_CONTINUATION_OCTETS}
 * continuation octets (enough for any int): RFC 7541 section 5.1 lets a decoder limit integers and requires
 * treating values that exceed the limit ("Integer encodings that exceed implementation limits") as
 * decoding errors, which also bounds the work spent on a run of zero-valued continuation octets.
 */
final class HpackInteger {
    /** Continuation octets accepted after the prefix: 5 groups of 7 bits cover any non-negative int. */
    static final int MAX_CONTINUATION_OCTETS = 5;

    /** The most octets an int takes in this representation (the prefix octet plus continuations). */
    static final int MAX_ENCODED_LENGTH = 1 + MAX_CONTINUATION_OCTETS;

    private HpackInteger() {
    }

    /**
     * Writes {@code value} with a {@code prefixBits}-bit prefix; {@code flags} holds the first octet's bits above
     * the prefix (the representation's pattern, RFC 7541 section 6). {@code out} needs {@link #encodedLength} octets.
     */
    static void encode(ByteBuffer out, int flags, int prefixBits, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("HPACK integers are non-negative: " + value);
        }
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.put((byte) (flags | value));
            return;
        }
        out.put((byte) (flags | max));
        value -= max;
        while (value >= 0x80) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /** Octets {@link #encode} writes for {@code value} with a {@code prefixBits}-bit prefix. */
    static int encodedLength(int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            return 1;
        }
        int n = 2;
        for (value -= max; value >= 0x80; value >>>= 7) {
            n++;
        }
        return n;
    }

    /**
     * Decodes an integer whose first octet, {@code firstOctet}, was already read from {@code in}; reads the
     * continuation octets from {@code in}.
     *
     * @throws HpackException if the block ends inside the integer, or the value exceeds {@code Integer.MAX_VALUE}
     *         or takes more than {@value #MAX_CONTINUATION_OCTETS} continuation octets (RFC 7541 section 5.1)
     */
    static int decode(ByteBuffer in, int firstOctet, int prefixBits) throws HpackException {
        int max = (1 << prefixBits) - 1;
        int value = firstOctet & max;
        if (value < max) {
            return value;
        }
        long result = value;
        for (int i = 0; i < MAX_CONTINUATION_OCTETS; i++) {
            if (!in.hasRemaining()) {
                throw new HpackException("header block ends inside an integer (RFC 7541 section 5.1)");
            }
            int b = in.get() & 0xff;
            result += (long) (b & 0x7f) << (7 * i);
            if (result > Integer.MAX_VALUE) {
                throw new HpackException("integer exceeds " + Integer.MAX_VALUE + " (RFC 7541 section 5.1)");
            }
            if ((b & 0x80) == 0) {
                return (int) result;
            }
        }
        throw new HpackException("integer has more than " + MAX_CONTINUATION_OCTETS
                + " continuation octets (RFC 7541 section 5.1)");
    }
}
