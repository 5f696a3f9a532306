package dev.duplex.http2.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Integer representation (RFC 7541 section 5.1) and its limits. */
class HpackIntegerTest {

    @Test
    void round_trips_boundaries_for_every_prefix() throws HpackException {
        int[] values = {0, 1, 14, 15, 16, 30, 31, 32, 62, 63, 64, 126, 127, 128, 254, 255, 256, 1337, 16383, 16384,
            1 << 20, (1 << 28) - 1, 1 << 28, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        for (int prefix = 1; prefix <= 8; prefix++) {
            for (int value : values) {
                int flags = prefix == 8 ? 0 : (0xff << prefix) & 0xff;
                ByteBuffer out = ByteBuffer.allocate(HpackInteger.MAX_ENCODED_LENGTH);
                HpackInteger.encode(out, flags, prefix, value);
                assertThat(out.position()).isEqualTo(HpackInteger.encodedLength(prefix, value));
                out.flip();
                int first = out.get() & 0xff;
                assertThat(first & ~((1 << prefix) - 1) & 0xff).isEqualTo(flags);
                assertThat(HpackInteger.decode(out, first, prefix)).as("%d with %d-bit prefix", value, prefix)
                        .isEqualTo(value);
                assertThat(out.hasRemaining()).isFalse();
            }
        }
    }

    @Test
    void accepts_max_int_and_rejects_one_more() throws HpackException {
        // 5-bit prefix: 31 + 0x7fffffe0 = Integer.MAX_VALUE.
        assertThat(decode("1f e0 ff ff ff 07", 5)).isEqualTo(Integer.MAX_VALUE);
        assertRejected("1f e1 ff ff ff 07", 5, "exceeds");
    }

    @Test
    void rejects_overflow() {
        assertRejected("ff ff ff ff ff 0f", 7, "exceeds");
        assertRejected("1f ff ff ff ff 7f", 5, "exceeds");
    }

    @Test
    void rejects_too_many_continuation_octets() {
        // Zero-valued continuations: small value, but a 6th continuation octet.
        assertRejected("1f 80 80 80 80 80 00", 5, "continuation octets");
    }

    @Test
    void rejects_a_truncated_integer() {
        assertRejected("1f", 5, "ends inside an integer");
        assertRejected("1f 80", 5, "ends inside an integer");
    }

    private static int decode(String hex, int prefix) throws HpackException {
        ByteBuffer in = Hex.buffer(hex);
        return HpackInteger.decode(in, in.get() & 0xff, prefix);
    }

    private static void assertRejected(String hex, int prefix, String message) {
        assertThatThrownBy(() -> decode(hex, prefix)).isInstanceOf(HpackException.class)
                .hasMessageContaining(message).hasMessageContaining("section 5.1");
    }
}
