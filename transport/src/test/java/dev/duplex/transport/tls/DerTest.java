package dev.duplex.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** X.690 DER encodings, checked against known bytes. */
class DerTest {
    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    @Test
    @DisplayName("8.19: OIDs ecdsa-with-SHA256, commonName, serverAuth, and an arc of 128")
    void oids() {
        assertThat(hex(Der.oid("1.2.840.10045.4.3.2"))).isEqualTo("06 08 2a 86 48 ce 3d 04 03 02");
        assertThat(hex(Der.oid("2.5.4.3"))).isEqualTo("06 03 55 04 03");
        assertThat(hex(Der.oid("1.3.6.1.5.5.7.3.1"))).isEqualTo("06 08 2b 06 01 05 05 07 03 01");
        assertThat(hex(Der.oid("1.2.128"))).isEqualTo("06 03 2a 81 00");
        assertThatThrownBy(() -> Der.oid("1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("8.3: integers in the fewest two's complement octets")
    void integers() {
        assertThat(hex(Der.integer(0))).isEqualTo("02 01 00");
        assertThat(hex(Der.integer(2))).isEqualTo("02 01 02");
        assertThat(hex(Der.integer(127))).isEqualTo("02 01 7f");
        assertThat(hex(Der.integer(128))).isEqualTo("02 02 00 80");
        assertThat(hex(Der.integer(256))).isEqualTo("02 02 01 00");
        assertThat(hex(Der.integer(-129))).isEqualTo("02 02 ff 7f");
        assertThat(hex(Der.integer(BigInteger.ONE.shiftLeft(127)))).startsWith("02 11 00 80 00");
    }

    @Test
    @DisplayName("8.1.3: short and long definite lengths")
    void lengths() {
        assertThat(hex(Der.octetString(new byte[0]))).isEqualTo("04 00");
        assertThat(Der.octetString(new byte[127])).startsWith(0x04, 0x7f);
        assertThat(Der.octetString(new byte[128])).startsWith(0x04, 0x81, 0x80).hasSize(131);
        assertThat(Der.octetString(new byte[256])).startsWith(0x04, 0x82, 0x01, 0x00).hasSize(260);
        assertThat(Der.octetString(new byte[70000])).startsWith(0x04, 0x83, 0x01, 0x11, 0x70);
    }

    @Test
    @DisplayName("11.2.2: named bits without trailing zeros (keyUsage digitalSignature: 03 02 07 80)")
    void namedBits() {
        assertThat(hex(Der.namedBits(0))).isEqualTo("03 02 07 80");
        assertThat(hex(Der.namedBits(0, 2))).isEqualTo("03 02 05 a0");
        assertThat(hex(Der.namedBits(5))).isEqualTo("03 02 02 04");
        assertThat(hex(Der.namedBits(8))).isEqualTo("03 03 07 00 80");
        assertThat(hex(Der.namedBits())).isEqualTo("03 01 00");
        assertThat(hex(Der.bitString(new byte[] {(byte) 0xab}))).isEqualTo("03 02 00 ab");
    }

    @Test
    @DisplayName("RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050")
    void times() {
        assertThat(new String(Der.time(Instant.parse("2026-03-04T05:06:07.890Z")), 2, 13, StandardCharsets.US_ASCII))
                .isEqualTo("260304050607Z");
        assertThat(Der.time(Instant.parse("2049-12-31T23:59:59Z"))[0]).isEqualTo((byte) 0x17);
        byte[] generalized = Der.time(Instant.parse("2050-01-01T00:00:00Z"));
        assertThat(generalized[0]).isEqualTo((byte) 0x18);
        assertThat(new String(generalized, 2, 15, StandardCharsets.US_ASCII)).isEqualTo("20500101000000Z");
    }

    @Test
    @DisplayName("constructed types and context tags")
    void constructed() {
        assertThat(hex(Der.sequence())).isEqualTo("30 00");
        assertThat(hex(Der.sequence(Der.bool(true), Der.bool(false)))).isEqualTo("30 06 01 01 ff 01 01 00");
        assertThat(hex(Der.set(Der.utf8String("é")))).isEqualTo("31 04 0c 02 c3 a9");
        assertThat(hex(Der.explicit(0, Der.integer(2)))).isEqualTo("a0 03 02 01 02");
        assertThat(hex(Der.explicit(3, Der.sequence()))).isEqualTo("a3 02 30 00");
        assertThat(hex(Der.implicitPrimitive(7, new byte[] {127, 0, 0, 1}))).isEqualTo("87 04 7f 00 00 01");
    }
}
