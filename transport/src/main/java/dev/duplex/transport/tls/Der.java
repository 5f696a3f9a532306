package dev.duplex.transport.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few DER encodings (ITU-T X.690 section 8 and 10) an X.509 certificate needs. Each method returns one
 * complete TLV: tag, definite length in its shortest form, contents.
 */
final class Der {
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(0x30, concat(elements));
    }

    /** A SET OF with its elements in the order given (DER wants them sorted; callers pass one). */
    static byte[] set(byte[]... elements) {
        return tlv(0x31, concat(elements));
    }

    static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    /** X.690 8.3: two's complement, the fewest octets. */
    static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** X.690 8.19: the first two arcs as 40 * a + b, each arc in base 128, high bit set on all but the last. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("an OID has two arcs or more: " + dotted);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1])));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, new BigInteger(arcs[i]));
        }
        return tlv(0x06, out.toByteArray());
    }

    static byte[] utf8String(String value) {
        return tlv(0x0c, value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] octetString(byte[] value) {
        return tlv(0x04, value);
    }

    /** A BIT STRING of whole octets: no unused bits. */
    static byte[] bitString(byte[] value) {
        byte[] contents = new byte[value.length + 1];
        System.arraycopy(value, 0, contents, 1, value.length);
        return tlv(0x03, contents);
    }

    /**
     * A named-bit BIT STRING (X.690 11.2.2: trailing zero bits removed) of the bits numbered in {@code bits},
     * bit 0 being the most significant bit of the first octet; for instance keyUsage digitalSignature is bit 0:
     * {@code 03 02 07 80}.
     */
    static byte[] namedBits(int... bits) {
        int highest = -1;
        for (int bit : bits) {
            highest = Math.max(highest, bit);
        }
        if (highest < 0) {
            return tlv(0x03, new byte[] {0});
        }
        byte[] contents = new byte[highest / 8 + 2];
        for (int bit : bits) {
            contents[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        contents[0] = (byte) (7 - highest % 8);
        return tlv(0x03, contents);
    }

    /**
     * RFC 5280 section 4.1.2.5: UTCTime (YYMMDDHHMMSSZ) through 2049, GeneralizedTime (YYYYMMDDHHMMSSZ) from
     * 2050; seconds always present, no fraction.
     */
    static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        if (utc.getYear() < 1950 || utc.getYear() > 9999) {
            throw new IllegalArgumentException("not a certificate time: " + instant);
        }
        return utc.getYear() < 2050
                ? tlv(0x17, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII))
                : tlv(0x18, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [tag] EXPLICIT}: a constructed context-specific wrapper around one complete encoding. */
    static byte[] explicit(int tag, byte[] encoding) {
        return tlv(0xa0 | tag, encoding);
    }

    /** {@code [tag] IMPLICIT} of a primitive type: its contents under a context-specific tag. */
    static byte[] implicitPrimitive(int tag, byte[] contents) {
        return tlv(0x80 | tag, contents);
    }

    /** X.690 8.1.3: the length in one octet below 128, else 0x80 + count, then big-endian octets. */
    static byte[] tlv(int tag, byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
        out.write(tag);
        int length = contents.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(contents);
        return out.toByteArray();
    }

    private static void base128(ByteArrayOutputStream out, BigInteger arc) {
        if (arc.signum() < 0) {
            throw new IllegalArgumentException("negative OID arc: " + arc);
        }
        int groups = Math.max(1, (arc.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = arc.shiftRight(7 * i).intValue() & 0x7f;
            out.write(i == 0 ? group : group | 0x80);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
