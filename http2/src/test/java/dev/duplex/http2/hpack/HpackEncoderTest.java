package dev.duplex.http2.hpack;

import static dev.duplex.http2.hpack.RfcExamplesTest.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encoder choices, table size update sequencing (RFC 7541 sections 4.2 and 6.3) and random round trips. */
class HpackEncoderTest {

    // ---- size updates ----

    @Test
    void no_update_while_the_size_does_not_change() {
        HpackEncoder e = new HpackEncoder();
        e.setMaxTableSize(4096);
        e.setMaxTableSize(1 << 20);      // capped at 4096
        e.setMaxTableSize(-1);           // unsigned 2^32 - 1, capped at 4096
        assertThat(encode(e, f(":method", "GET"))).isEqualTo("82");
    }

    @Test
    void a_lower_setting_emits_one_update_at_the_start_of_the_next_block_only() {
        HpackEncoder e = new HpackEncoder();
        e.setMaxTableSize(1000);
        assertThat(e.toString()).contains("size update pending");
        assertThat(encode(e, f(":method", "GET"))).isEqualTo("3fc907" + "82");   // 31 + 0x49 + 7 << 7 = 1000
        assertThat(e.table().maxSize()).isEqualTo(1000);
        assertThat(encode(e, f(":method", "GET"))).isEqualTo("82");
    }

    @Test
    void down_then_up_emits_two_updates_smallest_first() {
        HpackEncoder e = new HpackEncoder();
        encode(e, f("x-a", "1"));
        assertThat(e.table().length()).isEqualTo(1);
        e.setMaxTableSize(0);
        e.setMaxTableSize(4096);
        assertThat(encode(e, f(":method", "GET"))).isEqualTo("20" + "3fe11f" + "82");
        assertThat(e.table().length()).isZero();
        assertThat(e.table().maxSize()).isEqualTo(4096);
        // x-a: 1 was evicted by the update to 0: a literal again, not a stale index.
        assertThat(encode(e, f("x-a", "1"))).startsWith("40");
    }

    @Test
    void several_changes_signal_the_minimum_and_the_last() {
        HpackEncoder e = new HpackEncoder();
        e.setMaxTableSize(2000);
        e.setMaxTableSize(100);
        e.setMaxTableSize(3000);
        e.setMaxTableSize(2500);
        // 100 = 31 + 69 (3f45); 2500 = 31 + 2469 = 31 + 0x25 + 19 << 7 (3fa513).
        assertThat(encode(e, f(":method", "GET"))).isEqualTo("3f45" + "3fa513" + "82");
        // Up then back down to the current size: only the final value (the smallest too).
        e.setMaxTableSize(4096);
        e.setMaxTableSize(2500);
        assertThat(encode(e, f(":method", "GET"))).isEqualTo("3fa513" + "82");
    }

    @Test
    void updates_keep_a_strict_decoder_in_sync() throws HpackException {
        HpackEncoder e = new HpackEncoder();
        HpackDecoder d = new HpackDecoder(4096, Long.MAX_VALUE);
        List<HeaderField> fields = List.of(f(":method", "GET"), f("x-custom", "value"), f("x-other", "v2"));
        roundTrip(e, d, fields);
        for (int size : new int[] {0, 50, 4096, 60, 61, 4096}) {
            e.setMaxTableSize(size);
            d.setMaxTableSize(size);
            if (size == 50) {
                e.setMaxTableSize(4096);
                d.setMaxTableSize(4096);
            }
            roundTrip(e, d, fields);
            roundTrip(e, d, fields);
        }
    }

    // ---- representation choices ----

    @Test
    void indexes_repeated_fields_and_reuses_names() {
        HpackEncoder e = new HpackEncoder(4096, false);
        assertThat(encode(e, f("x-a", "1"))).isEqualTo("40" + "03782d61" + "0131");
        assertThat(encode(e, f("x-a", "1"))).isEqualTo("be");
        assertThat(encode(e, f("x-a", "2"))).isEqualTo("7e" + "0132");        // name from dynamic index 62
        assertThat(encode(e, f("x-a", "1"))).isEqualTo("bf");
        assertThat(encode(e, f("x-a", "2"))).isEqualTo("be");
        // Static names win over dynamic ones (index 33 "date" with incremental indexing).
        assertThat(encode(e, f("date", "x"))).isEqualTo("61" + "0178");
    }

    @Test
    void sensitive_and_credential_fields_are_never_indexed() throws HpackException {
        HpackEncoder e = new HpackEncoder(4096, false);
        assertThat(encode(e, new HeaderField("x-token", "abc", true))).isEqualTo("10" + "07782d746f6b656e" + "03616263");
        assertThat(encode(e, f("authorization", "Basic x"))).isEqualTo("1f08" + "07426173696320 78".replace(" ", ""));
        assertThat(encode(e, f("proxy-authorization", "p"))).isEqualTo("1f22" + "0170");
        assertThat(encode(e, f("cookie", "short=1"))).startsWith("1f11");
        assertThat(e.table().length()).isZero();
        // Even a sensitive field equal to a static entry is a literal.
        assertThat(encode(e, new HeaderField(":method", "GET", true))).isEqualTo("12" + "03474554");
        // A long cookie is indexed.
        assertThat(encode(e, f("cookie", "session=0123456789abcdef"))).startsWith("60");
        assertThat(e.table().length()).isEqualTo(1);

        HpackDecoder d = new HpackDecoder(4096, Long.MAX_VALUE);
        DecodedHeaders h = d.decode(encodeBuffer(new HpackEncoder(), List.of(new HeaderField("x-token", "abc", true),
                f("authorization", "Basic x"), f("cookie", "a=b"), f("cookie", "session=0123456789abcdef"))));
        assertThat(h.fields()).extracting(HeaderField::sensitive).containsExactly(true, true, true, false);
    }

    @Test
    void a_field_larger_than_the_table_is_not_indexed() {
        HpackEncoder e = new HpackEncoder(100, false);
        encode(e, f("x-a", "1"));
        String value = "v".repeat(100);
        assertThat(encode(e, f("x-big", value))).isEqualTo("00" + "05782d626967" + "64" + "76".repeat(100));
        assertThat(e.table().entries()).containsExactly(f("x-a", "1"));
    }

    @Test
    void huffman_only_when_not_longer() {
        HpackEncoder e = new HpackEncoder();
        // "www.example.com": 12 octets of Huffman instead of 15.
        assertThat(encode(e, f(":authority", "www.example.com"))).isEqualTo("418cf1e3c2e5f23a6ba0ab90f4ff");
        // Octets with long codes stay raw: "\u00ff\u00fe" takes 26 + 27 bits coded.
        assertThat(encode(e, f("x", "\u00ff\u00fe"))).isEqualTo("40" + "81f3" + "02fffe");
    }

    @Test
    void grows_the_output_buffer_keeping_its_content_and_kind() {
        HpackEncoder e = new HpackEncoder();
        ByteBuffer heap = ByteBuffer.allocate(3).put((byte) 1).put((byte) 2);
        ByteBuffer out = e.encode(List.of(f("x-long", "y".repeat(1000))), heap);
        assertThat(out).isNotSameAs(heap);
        assertThat(out.isDirect()).isFalse();
        assertThat(out.get(0)).isEqualTo((byte) 1);
        assertThat(out.get(1)).isEqualTo((byte) 2);
        assertThat(out.position()).isGreaterThan(600);

        ByteBuffer direct = ByteBuffer.allocateDirect(0);
        assertThat(new HpackEncoder().encode(List.of(f("x-long", "y".repeat(1000))), direct).isDirect()).isTrue();

        ByteBuffer roomy = ByteBuffer.allocate(4096);
        assertThat(new HpackEncoder().encode(List.of(f(":method", "GET")), roomy)).isSameAs(roomy);
        assertThat(roomy.position()).isEqualTo(1);
    }

    @Test
    void rejects_chars_above_0xff_before_changing_anything() {
        HpackEncoder e = new HpackEncoder();
        ByteBuffer out = ByteBuffer.allocate(64);
        assertThatThrownBy(() -> e.encode(List.of(f("x-a", "1"), f("x-b", "\u20ac")), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-b");
        assertThat(out.position()).isZero();
        assertThat(e.table().length()).isZero();
    }

    @Test
    void lookup_maps_follow_evictions() throws HpackException {
        HpackEncoder e = new HpackEncoder();
        HpackDecoder d = new HpackDecoder(4096, Long.MAX_VALUE);
        for (int i = 0; i < 5000; i++) {
            roundTrip(e, d, List.of(f("x-n" + i % 300, "v" + i)));
        }
        assertThat(e.lookupEntries()).isLessThanOrEqualTo(2 * e.table().length());
        assertThat(e.table().entries()).isEqualTo(d.table().entries());
    }

    @Test
    void random_lists_round_trip() throws HpackException {
        Random random = new Random(9113);
        HpackEncoder e = new HpackEncoder();
        HpackDecoder d = new HpackDecoder(4096, Long.MAX_VALUE);
        List<HeaderField> pool = new ArrayList<>(StaticTable.ENTRIES);
        for (int i = 0; i < 50; i++) {
            pool.add(new HeaderField(randomString(random, 1 + random.nextInt(20)), randomString(random, random.nextInt(60)),
                    random.nextInt(10) == 0));
        }
        for (int block = 0; block < 2000; block++) {
            if (random.nextInt(30) == 0) {
                int size = random.nextInt(6000);
                e.setMaxTableSize(size);
                d.setMaxTableSize(size);
            }
            List<HeaderField> fields = new ArrayList<>();
            for (int i = random.nextInt(15); i > 0; i--) {
                fields.add(random.nextInt(5) == 0
                        ? new HeaderField(randomString(random, random.nextInt(30)), randomString(random, random.nextInt(300)))
                        : pool.get(random.nextInt(pool.size())));
            }
            roundTrip(e, d, fields);
        }
    }

    private static String randomString(Random random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(256));
        }
        return new String(c);
    }

    private static void roundTrip(HpackEncoder e, HpackDecoder d, List<HeaderField> fields) throws HpackException {
        DecodedHeaders h = d.decode(encodeBuffer(e, fields));
        assertThat(h.fields()).hasSameSizeAs(fields);
        for (int i = 0; i < fields.size(); i++) {
            HeaderField sent = fields.get(i), got = h.fields().get(i);
            assertThat(got.name()).isEqualTo(sent.name());
            assertThat(got.value()).isEqualTo(sent.value());
            assertThat(got.sensitive()).isEqualTo(HpackEncoder.neverIndexed(sent));
        }
        assertThat(d.table().entries()).isEqualTo(e.table().entries());
        assertThat(d.table().maxSize()).isEqualTo(e.table().maxSize());
    }

    private static ByteBuffer encodeBuffer(HpackEncoder e, List<HeaderField> fields) {
        return e.encode(fields, ByteBuffer.allocate(32)).flip();
    }

    private static String encode(HpackEncoder e, HeaderField... fields) {
        return Hex.of(e.encode(List.of(fields), ByteBuffer.allocate(8)));
    }
}
