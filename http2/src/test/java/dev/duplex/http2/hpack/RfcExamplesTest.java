package dev.duplex.http2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 7541 Appendix C: integers (C.1), single representations (C.2), and request and response
 * sequences with and without Huffman coding (C.3 to C.6), decoded with the table contents after each block, and
 * encoded to the same octets wherever the example's choices are this encoder's.
 */
class RfcExamplesTest {

    // ---- C.1 integer representation ----

    @Test
    void c1_1_encodes_10_with_a_5_bit_prefix() throws HpackException {
        assertInteger(5, 10, "0a");
    }

    @Test
    void c1_2_encodes_1337_with_a_5_bit_prefix() throws HpackException {
        assertInteger(5, 1337, "1f9a0a");
    }

    @Test
    void c1_3_encodes_42_starting_at_an_octet_boundary() throws HpackException {
        assertInteger(8, 42, "2a");
    }

    private static void assertInteger(int prefix, int value, String hex) throws HpackException {
        ByteBuffer out = ByteBuffer.allocate(8);
        HpackInteger.encode(out, 0, prefix, value);
        assertThat(Hex.of(out)).isEqualTo(hex);
        assertThat(HpackInteger.encodedLength(prefix, value)).isEqualTo(hex.length() / 2);
        ByteBuffer in = Hex.buffer(hex);
        assertThat(HpackInteger.decode(in, in.get() & 0xff, prefix)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    // ---- C.2 header field representations ----

    @Test
    void c2_1_literal_with_indexing() throws HpackException {
        String wire = "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572";
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        assertThat(decoder.decode(Hex.buffer(wire)).fields()).containsExactly(f("custom-key", "custom-header"));
        assertTable(decoder.table(), 55, f("custom-key", "custom-header"));

        HpackEncoder encoder = new HpackEncoder(4096, false);
        assertEncodes(encoder, List.of(f("custom-key", "custom-header")), wire);
        assertTable(encoder.table(), 55, f("custom-key", "custom-header"));
    }

    @Test
    void c2_2_literal_without_indexing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        DecodedHeaders h = decoder.decode(Hex.buffer("040c 2f73 616d 706c 652f 7061 7468"));
        assertThat(h.fields()).containsExactly(f(":path", "/sample/path"));
        assertThat(h.fields().get(0).sensitive()).isFalse();
        assertTable(decoder.table(), 0);
    }

    @Test
    void c2_3_literal_never_indexed() throws HpackException {
        String wire = "1008 7061 7373 776f 7264 0673 6563 7265 74";
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        DecodedHeaders h = decoder.decode(Hex.buffer(wire));
        assertThat(h.fields()).containsExactly(new HeaderField("password", "secret", true));
        assertThat(h.fields().get(0).sensitive()).isTrue();
        assertThat(h.size()).isEqualTo(8 + 6 + 32);
        assertTable(decoder.table(), 0);

        HpackEncoder encoder = new HpackEncoder(4096, false);
        assertEncodes(encoder, List.of(new HeaderField("password", "secret", true)), wire);
        assertTable(encoder.table(), 0);
    }

    @Test
    void c2_4_indexed_field() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        assertThat(decoder.decode(Hex.buffer("82")).fields()).containsExactly(f(":method", "GET"));
        assertTable(decoder.table(), 0);
        assertEncodes(new HpackEncoder(), List.of(f(":method", "GET")), "82");
    }

    // ---- C.3 / C.4 requests, without and with Huffman coding ----

    private static final List<List<HeaderField>> REQUESTS = List.of(
            List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"), f(":authority", "www.example.com")),
            List.of(f(":method", "GET"), f(":scheme", "http"), f(":path", "/"), f(":authority", "www.example.com"),
                    f("cache-control", "no-cache")),
            List.of(f(":method", "GET"), f(":scheme", "https"), f(":path", "/index.html"),
                    f(":authority", "www.example.com"), f("custom-key", "custom-value")));

    private static final List<String> C3 = List.of(
            "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "8286 84be 5808 6e6f 2d63 6163 6865",
            "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");

    private static final List<String> C4 = List.of(
            "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
            "8286 84be 5886 a8eb 1064 9cbf",
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");

    /** Table after each request: sizes and entries, newest first. */
    private static void assertRequestTable(DynamicTable t, int request) {
        HeaderField authority = f(":authority", "www.example.com");
        HeaderField noCache = f("cache-control", "no-cache");
        switch (request) {
            case 0 -> assertTable(t, 57, authority);
            case 1 -> assertTable(t, 110, noCache, authority);
            default -> assertTable(t, 164, f("custom-key", "custom-value"), noCache, authority);
        }
    }

    @Test
    void c3_requests_without_huffman() throws HpackException {
        checkSequence(REQUESTS, C3, 4096, false, RfcExamplesTest::assertRequestTable);
    }

    @Test
    void c4_requests_with_huffman() throws HpackException {
        checkSequence(REQUESTS, C4, 4096, true, RfcExamplesTest::assertRequestTable);
    }

    // ---- C.5 / C.6 responses with a 256-octet table: eviction ----

    private static final String DATE1 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private static final String DATE2 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private static final String LOCATION = "https://www.example.com";
    private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    private static final List<List<HeaderField>> RESPONSES = List.of(
            List.of(f(":status", "302"), f("cache-control", "private"), f("date", DATE1), f("location", LOCATION)),
            List.of(f(":status", "307"), f("cache-control", "private"), f("date", DATE1), f("location", LOCATION)),
            List.of(f(":status", "200"), f("cache-control", "private"), f("date", DATE2), f("location", LOCATION),
                    f("content-encoding", "gzip"), f("set-cookie", COOKIE)));

    private static final List<String> C5 = List.of(
            "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32"
                    + "3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "4803 3330 37c1 c0bf",
            "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"
                    + "7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178"
                    + "2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");

    private static final List<String> C6 = List.of(
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
                    + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
            "4883 640e ffc1 c0bf",
            "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
                    + "e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07");

    private static void assertResponseTable(DynamicTable t, int response) {
        switch (response) {
            case 0 -> assertTable(t, 222, f("location", LOCATION), f("date", DATE1), f("cache-control", "private"),
                    f(":status", "302"));
            case 1 -> assertTable(t, 222, f(":status", "307"), f("location", LOCATION), f("date", DATE1),
                    f("cache-control", "private"));
            default -> assertTable(t, 215, f("set-cookie", COOKIE), f("content-encoding", "gzip"), f("date", DATE2));
        }
    }

    @Test
    void c5_responses_without_huffman_evict() throws HpackException {
        checkSequence(RESPONSES, C5, 256, false, RfcExamplesTest::assertResponseTable);
    }

    @Test
    void c6_responses_with_huffman_evict() throws HpackException {
        checkSequence(RESPONSES, C6, 256, true, RfcExamplesTest::assertResponseTable);
    }

    @Test
    void entry_sizes_in_the_examples_follow_section_4_1() {
        assertThat(f(":authority", "www.example.com").size()).isEqualTo(57);
        assertThat(f("set-cookie", COOKIE).size()).isEqualTo(98);
        assertThat(f("date", DATE1).size()).isEqualTo(65);
    }

    interface TableCheck {
        void check(DynamicTable table, int block);
    }

    /** Decodes and encodes the sequence with one decoder and one encoder (each sharing context across blocks). */
    private static void checkSequence(List<List<HeaderField>> lists, List<String> wires, int tableSize,
            boolean huffman, TableCheck tableCheck) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(tableSize, Long.MAX_VALUE);
        HpackEncoder encoder = new HpackEncoder(tableSize, huffman);
        for (int i = 0; i < wires.size(); i++) {
            DecodedHeaders h = decoder.decode(Hex.buffer(wires.get(i)));
            assertThat(h.fields()).as("block %d", i).containsExactlyElementsOf(lists.get(i));
            assertThat(h.tooLarge()).isFalse();
            assertThat(h.size()).isEqualTo(lists.get(i).stream().mapToLong(HeaderField::size).sum());
            tableCheck.check(decoder.table(), i);

            assertEncodes(encoder, lists.get(i), wires.get(i));
            tableCheck.check(encoder.table(), i);
        }
    }

    private static void assertEncodes(HpackEncoder encoder, List<HeaderField> fields, String wire) {
        ByteBuffer out = encoder.encode(fields, ByteBuffer.allocate(16));
        assertThat(Hex.of(out)).isEqualTo(wire.replace(" ", ""));
    }

    static void assertTable(DynamicTable table, long size, HeaderField... newestFirst) {
        List<HeaderField> expected = new ArrayList<>(List.of(newestFirst));
        assertThat(table.entries()).as("%s", table).containsExactlyElementsOf(expected);
        assertThat(table.size()).as("%s", table).isEqualTo(size);
        assertThat(table.length()).isEqualTo(newestFirst.length);
    }

    static HeaderField f(String name, String value) {
        return new HeaderField(name, value);
    }
}
