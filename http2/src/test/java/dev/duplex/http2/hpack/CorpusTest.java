package dev.duplex.http2.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The hpack-test-case corpus ({@code shared/data/hpack-test-case}, see its README.md and ORIGIN.md): every story of
 * every encoder's folder decoded case by case with one decoder per story and compared with the expected headers;
 * then the headers of {@code raw-data} encoded with {@link HpackEncoder} and decoded back.
 */
class CorpusTest {
    private static final List<String> ENCODERS = List.of(
            "nghttp2", "go-hpack", "python-hpack", "swift-nio-hpack-huffman", "nghttp2-change-table-size");

    /**
     * The corpus: {@code shared/data/hpack-test-case} in the closest ancestor of the module directory that has it
     * (here the checkout's parent folder; in CI a copy of {@code shared/} beside the clone). Fails if none has it.
     */
    static Path corpus() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve("hpack-test-case");
            if (Files.isDirectory(candidate.resolve("raw-data"))) {
                return candidate;
            }
        }
        return fail("hpack-test-case corpus not found: no folder shared/data/hpack-test-case (with raw-data/) in "
                + start + " or any of its ancestors");
    }

    @Test
    void the_corpus_has_every_encoder_folder() throws IOException {
        for (String encoder : ENCODERS) {
            assertThat(stories(corpus().resolve(encoder))).as(encoder).hasSizeGreaterThanOrEqualTo(30);
        }
        assertThat(stories(corpus().resolve("raw-data"))).hasSizeGreaterThanOrEqualTo(30);
    }

    @TestFactory
    Stream<DynamicTest> decodes_every_story_of_every_encoder() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String encoder : ENCODERS) {
            for (Path story : stories(corpus().resolve(encoder))) {
                tests.add(DynamicTest.dynamicTest(encoder + "/" + story.getFileName(), () -> decodeStory(story)));
            }
        }
        return tests.stream();
    }

    private static void decodeStory(Path story) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        List<Map<String, Object>> cases = cases(story);
        assertThat(cases).isNotEmpty();
        int decoded = 0;
        for (Map<String, Object> c : cases) {
            Object tableSize = c.get("header_table_size");
            if (tableSize != null) {
                decoder.setMaxTableSize(((Long) tableSize).intValue());
            }
            String wire = (String) c.get("wire");
            assertThat(wire).as("wire of case %s", c.get("seqno")).isNotNull();
            DecodedHeaders h = decoder.decode(ByteBuffer.wrap(Hex.bytes(wire)));
            List<HeaderField> expected = headers(c);
            assertThat(names(h.fields())).as("%s case %s", story, c.get("seqno")).isEqualTo(names(expected));
            assertThat(h.size()).isEqualTo(expected.stream().mapToLong(HeaderField::size).sum());
            assertThat(h.tooLarge()).isFalse();
            assertThat(decoder.table().size()).isLessThanOrEqualTo(decoder.table().maxSize());
            decoded++;
        }
        assertThat(decoded).isEqualTo(cases.size());
    }

    @TestFactory
    Stream<DynamicTest> round_trips_raw_data() throws IOException {
        return stories(corpus().resolve("raw-data")).stream()
                .map(story -> DynamicTest.dynamicTest("raw-data/" + story.getFileName(), () -> roundTrip(story, false)));
    }

    @TestFactory
    Stream<DynamicTest> round_trips_raw_data_with_table_size_changes() throws IOException {
        return stories(corpus().resolve("raw-data")).stream()
                .map(story -> DynamicTest.dynamicTest("raw-data/" + story.getFileName(), () -> roundTrip(story, true)));
    }

    /** Encodes each case with one encoder, decodes with one decoder; optionally both see table size changes. */
    private static void roundTrip(Path story, boolean changeTableSize) throws HpackException {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        Random random = new Random(story.getFileName().toString().hashCode());
        ByteBuffer out = ByteBuffer.allocate(64);
        long raw = 0;
        for (Map<String, Object> c : cases(story)) {
            if (changeTableSize && random.nextInt(4) == 0) {
                // The peer (our decoder) advertises a new size; the encoder gets it before its next block and the
                // peer's ACK reaches the decoder side before that block too. Sometimes two changes in a row.
                int size = random.nextInt(5000);
                encoder.setMaxTableSize(size);
                decoder.setMaxTableSize(size);
                if (random.nextBoolean()) {
                    size = random.nextInt(5000);
                    encoder.setMaxTableSize(size);
                    decoder.setMaxTableSize(size);
                }
            }
            List<HeaderField> fields = headers(c);
            out.clear();
            out = encoder.encode(fields, out);
            out.flip();
            DecodedHeaders h = decoder.decode(out);
            assertThat(out.hasRemaining()).isFalse();
            assertThat(names(h.fields())).isEqualTo(names(fields));
            assertThat(decoder.table().entries()).isEqualTo(encoder.table().entries());
            raw += fields.stream().mapToLong(f -> f.name().length() + f.value().length()).sum();
        }
        assertThat(raw).isPositive();
    }

    /** Compares names and values (the sensitive flag is not in the corpus). */
    private static List<String> names(List<HeaderField> fields) {
        return fields.stream().map(f -> f.name() + ": " + f.value()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(Path story) {
        try {
            Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(story, StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) json.get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The case's headers; JSON text is turned into octets as UTF-8, then into ISO-8859-1 strings (one char per octet). */
    @SuppressWarnings("unchecked")
    private static List<HeaderField> headers(Map<String, Object> c) {
        List<HeaderField> fields = new ArrayList<>();
        for (Object o : (List<Object>) c.get("headers")) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                fields.add(new HeaderField(octets(e.getKey()), octets((String) e.getValue())));
            }
        }
        return fields;
    }

    private static String octets(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static List<Path> stories(Path folder) throws IOException {
        assertThat(folder).isDirectory();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("story_\\d+\\.json")).sorted().toList();
        }
    }
}
