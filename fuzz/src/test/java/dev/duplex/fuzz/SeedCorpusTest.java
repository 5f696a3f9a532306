package dev.duplex.fuzz;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed seed files are exactly what {@link SeedCorpus} generates (findings, named crash-*, are left alone). */
class SeedCorpusTest {

    @Test
    void committedSeedsMatchTheGenerator() throws IOException {
        for (Map.Entry<String, Map<String, byte[]>> dir : SeedCorpus.all().entrySet()) {
            for (Map.Entry<String, byte[]> seed : dir.getValue().entrySet()) {
                String resource = "/" + dir.getKey() + "/" + seed.getKey();
                try (InputStream in = SeedCorpusTest.class.getResourceAsStream(resource)) {
                    assertThat(in).as(resource + " is missing; run SeedCorpus (see its javadoc)").isNotNull();
                    assertThat(in.readAllBytes()).as(resource + " is stale; run SeedCorpus").isEqualTo(seed.getValue());
                }
            }
            Path source = Path.of("src/test/resources").resolve(dir.getKey());
            if (Files.isDirectory(source)) {
                Set<String> committed = new TreeSet<>();
                try (Stream<Path> files = Files.list(source)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seed-")).forEach(committed::add);
                }
                assertThat(committed).as("seed files in " + source).isEqualTo(new TreeSet<>(dir.getValue().keySet()));
            }
        }
    }
}
