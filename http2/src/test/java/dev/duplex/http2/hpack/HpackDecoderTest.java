package dev.duplex.http2.hpack;

import static dev.duplex.http2.hpack.RfcExamplesTest.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.duplex.http2.ErrorCode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoder rejections of malformed blocks, size update rules, header list limits and decoding bombs. */
class HpackDecoderTest {

    // ---- malformed input ----

    @Test
    void rejects_index_0() {
        assertRejected(decoder(), "80", "index 0");
    }

    @Test
    void rejects_an_index_past_the_tables() {
        assertRejected(decoder(), "be", "index 62 is past the end");
        // After one dynamic entry, 62 is valid and 63 is not.
        HpackDecoder d = decoder();
        assertThat(decode(d, "4001 6101 62 be").fields()).containsExactly(f("a", "b"), f("a", "b"));
        assertRejected(d, "bf", "index 63 is past the end");
    }

    @Test
    void rejects_a_literal_name_index_past_the_tables() {
        assertRejected(decoder(), "7f00 0161", "index 63 is past the end");       // with incremental indexing
        assertRejected(decoder(), "0f30 0161", "index 63 is past the end");       // without indexing
        assertRejected(decoder(), "1f30 0161", "index 63 is past the end");       // never indexed
    }

    @Test
    void rejects_integer_overflow() {
        assertRejected(decoder(), "ff ff ff ff ff 0f", "exceeds");
        assertRejected(decoder(), "40 7f ff ff ff ff 0f", "exceeds");
    }

    @Test
    void rejects_a_string_past_the_end_of_the_block() {
        assertRejected(decoder(), "400a 6375 7374", "runs past the end");
        assertRejected(decoder(), "4001 61 05 6263", "runs past the end");
        assertRejected(decoder(), "4085 f1e3", "runs past the end");                 // Huffman
    }

    @Test
    void rejects_a_block_that_ends_inside_a_representation() {
        assertRejected(decoder(), "40", "ends before a string literal");
        assertRejected(decoder(), "4001 61", "ends before a string literal");
        assertRejected(decoder(), "ff", "ends inside an integer");
    }

    @Test
    void rejects_bad_huffman_in_a_name_or_value() {
        assertRejected(decoder(), "4081 ff 0161", "longer than 7 bits");
        assertRejected(decoder(), "4001 61 84 ffff ffff", "EOS");
        assertRejected(decoder(), "0001 61 81 18", "all ones");
    }

    @Test
    void rejects_a_size_update_above_the_limit() {
        // 4096 is fine, 4097 is not (5-bit prefix: 31 + 0x61 + 0x1f << 7 = 4096).
        assertThat(decode(decoder(), "3fe11f 82").fields()).containsExactly(f(":method", "GET"));
        assertRejected(decoder(), "3fe21f 82", "exceeds the SETTINGS_HEADER_TABLE_SIZE limit 4096");
        HpackDecoder small = new HpackDecoder(100, Long.MAX_VALUE);
        assertRejected(small, "3f46", "update to 101 exceeds");
    }

    @Test
    void rejects_a_size_update_after_a_field() {
        assertRejected(decoder(), "82 20", "after a header field representation");
        assertRejected(decoder(), "20 82 3f45 84", "after a header field representation");
    }

    @Test
    void accepts_two_size_updates_at_the_start() {
        HpackDecoder d = decoder();
        decode(d, "4001 6101 62");
        assertThat(d.table().length()).isEqualTo(1);
        assertThat(decode(d, "20 3fe11f 82").fields()).containsExactly(f(":method", "GET"));
        assertThat(d.table().length()).isZero();
        assertThat(d.table().maxSize()).isEqualTo(4096);
    }

    @Test
    void exceptions_map_to_compression_error_and_the_decoder_stays_failed() {
        HpackDecoder d = decoder();
        assertThatThrownBy(() -> d.decode(Hex.buffer("80")))
                .isInstanceOfSatisfying(HpackException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.COMPRESSION_ERROR));
        assertRejected(d, "82", "failed on an earlier header block");
        assertThat(d.toString()).contains("failed");
    }

    // ---- SETTINGS_HEADER_TABLE_SIZE changes (section 4.2) ----

    @Test
    void a_lowered_setting_requires_a_size_update_at_the_start_of_the_next_block() {
        HpackDecoder d = decoder();
        d.setMaxTableSize(100);
        assertThat(d.toString()).contains("awaiting size update <= 100");
        assertRejected(d, "82", "does not start with a dynamic table size update to at most 100");

        HpackDecoder d2 = decoder();
        d2.setMaxTableSize(100);
        assertRejected(d2, "", "does not start with a dynamic table size update");

        HpackDecoder d3 = decoder();
        d3.setMaxTableSize(100);
        assertThat(decode(d3, "3f45 82").fields()).containsExactly(f(":method", "GET"));
        assertThat(d3.table().maxSize()).isEqualTo(100);
        assertThat(decode(d3, "82").fields()).hasSize(1);           // only the next block must start with it
        assertRejected(d3, "3f46", "exceeds");
    }

    @Test
    void lowered_then_raised_requires_an_update_to_the_lowest_value() {
        HpackDecoder d = decoder();
        decode(d, "4001 6101 62");
        d.setMaxTableSize(0);
        d.setMaxTableSize(4096);
        assertRejected(d, "3fe11f 82", "at most 0");

        HpackDecoder d2 = decoder();
        decode(d2, "4001 6101 62");
        d2.setMaxTableSize(0);
        d2.setMaxTableSize(4096);
        assertThat(decode(d2, "20 3fe11f 82").fields()).containsExactly(f(":method", "GET"));
        assertThat(d2.table().length()).isZero();                   // the update to 0 emptied it
        assertThat(d2.table().maxSize()).isEqualTo(4096);
        assertRejected(d2, "be", "index 62 is past the end");
    }

    @Test
    void a_raised_setting_requires_nothing() {
        HpackDecoder d = new HpackDecoder(100, Long.MAX_VALUE);
        d.setMaxTableSize(4096);
        assertThat(decode(d, "82").fields()).hasSize(1);
        assertThat(d.table().maxSize()).isEqualTo(100);
        assertThat(decode(d, "3fe11f 82").fields()).hasSize(1);
        assertThat(d.table().maxSize()).isEqualTo(4096);
    }

    @Test
    void the_table_never_exceeds_the_limit() {
        HpackDecoder d = new HpackDecoder(256, Long.MAX_VALUE);
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            block.append("4001 6").append(Integer.toHexString(1 + i % 15)).append(" 0a 30313233343536373839 ");
            // a field of 1 + 10 + 32 = 43 octets: at most 5 fit in 256
        }
        DecodedHeaders h = decode(d, block.toString());
        assertThat(h.fields()).hasSize(20);
        assertThat(d.table().length()).isEqualTo(5);
        assertThat(d.table().size()).isEqualTo(5 * 43).isLessThanOrEqualTo(256);
        // An entry larger than the table empties it (section 4.4), without error.
        String big = "4001 61 7f62 " + "61".repeat(225);      // 1 + 225 + 32 = 258 > 256
        assertThat(decode(d, big).fields()).hasSize(1);
        assertThat(d.table().length()).isZero();
        assertThat(d.table().size()).isZero();
    }

    // ---- header list size limit and bombs ----

    @Test
    void stops_collecting_past_the_header_list_limit_but_keeps_the_table_in_sync() {
        HpackDecoder d = new HpackDecoder(4096, 100);
        // 3 fields of 43: the third crosses 100. The fourth is a literal with indexing: still added to the table.
        DecodedHeaders h = decode(d, "4001 61 01 31  4001 62 01 32  0001 63 0a 30313233343536373839  4001 64 01 34");
        assertThat(h.tooLarge()).isTrue();
        assertThat(h.fields()).containsExactly(f("a", "1"), f("b", "2"));
        assertThat(h.size()).isEqualTo(34 + 34 + 43 + 34);
        assertThat(d.table().entries()).containsExactly(f("d", "4"), f("b", "2"), f("a", "1"));
        // The next block is judged on its own.
        DecodedHeaders next = decode(d, "be bf");
        assertThat(next.tooLarge()).isFalse();
        assertThat(next.fields()).containsExactly(f("d", "4"), f("b", "2"));
    }

    @Test
    void many_references_to_a_big_entry_stay_bounded() {
        // One 4 KB entry, then 10,000 one-octet references to it: 40 MB of header list from a 14 KB block.
        int valueLength = 4096 - 32 - 1;
        ByteBuffer block = ByteBuffer.allocate(10 + valueLength + 10_000);
        block.put(Hex.bytes("4001 78 7f" + "e0 1e"));          // name "x", value length 127 + 0x60 + 0x1e << 7 = 4063
        byte[] value = new byte[valueLength];
        Arrays.fill(value, (byte) 'v');
        block.put(value);
        for (int i = 0; i < 10_000; i++) {
            block.put((byte) 0xbe);
        }
        block.flip();
        HpackDecoder d = new HpackDecoder(4096, 16 * 1024);
        DecodedHeaders h = decodeBuffer(d, block);
        assertThat(h.tooLarge()).isTrue();
        assertThat(h.size()).isEqualTo(10_001L * 4096);
        assertThat(h.fields()).hasSize(4);                      // 4 x 4096 <= 16 KB, the 5th crosses it
        assertThat(h.fields()).allSatisfy(field -> assertThat(field).isSameAs(h.fields().get(0)));
        assertThat(d.table().entries()).hasSize(1);
    }

    @Test
    void literal_bombs_are_validated_but_not_materialized() {
        // Literals without indexing past the limit: still checked (a bad Huffman code fails the block) ...
        HpackDecoder d = new HpackDecoder(4096, 40);
        assertRejected(d, "0001 61 01 62  0001 61 01 62  0001 61 81 ff", "longer than 7 bits");
        // ... and counted.
        HpackDecoder d2 = new HpackDecoder(4096, 40);
        DecodedHeaders h = decode(d2, "0001 61 01 62  0001 61 01 62  0f2e 01 63");   // name index 61
        assertThat(h.tooLarge()).isTrue();
        assertThat(h.fields()).containsExactly(f("a", "b"));
        assertThat(h.size()).isEqualTo(34 + 34 + ("www-authenticate".length() + 1 + 32));
    }

    @Test
    void decoded_fields_keep_the_never_indexed_flag() {
        DecodedHeaders h = decode(decoder(), "1001 61 01 62  0001 61 01 62  4001 61 01 62");
        assertThat(h.fields()).extracting(HeaderField::sensitive).containsExactly(true, false, false);
    }

    @Test
    void works_with_direct_and_offset_buffers() {
        byte[] wire = Hex.bytes("ffff 8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d ffff");
        ByteBuffer heapSlice = ByteBuffer.wrap(wire, 2, wire.length - 4).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length - 4).put(wire, 2, wire.length - 4).flip();
        List<HeaderField> expected = List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"),
                f(":authority", "www.example.com"));
        assertThat(decodeBuffer(decoder(), heapSlice).fields()).isEqualTo(expected);
        assertThat(heapSlice.hasRemaining()).isFalse();
        assertThat(decodeBuffer(decoder(), direct).fields()).isEqualTo(expected);
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void rejects_bad_arguments() {
        assertThatThrownBy(() -> new HpackDecoder(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HpackDecoder(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder().setMaxTableSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static HpackDecoder decoder() {
        return new HpackDecoder(4096, Long.MAX_VALUE);
    }

    private static DecodedHeaders decode(HpackDecoder d, String hex) {
        return decodeBuffer(d, Hex.buffer(hex));
    }

    private static DecodedHeaders decodeBuffer(HpackDecoder d, ByteBuffer block) {
        try {
            DecodedHeaders h = d.decode(block);
            assertThat(block.hasRemaining()).isFalse();
            return h;
        } catch (HpackException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    private static void assertRejected(HpackDecoder d, String hex, String message) {
        assertThatThrownBy(() -> d.decode(Hex.buffer(hex))).isInstanceOf(HpackException.class)
                .hasMessageContaining(message);
    }
}
