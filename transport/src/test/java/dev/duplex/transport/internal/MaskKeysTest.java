package dev.duplex.transport.internal;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Masking keys must be fresh and unpredictable (RFC 6455 section 10.3). */
class MaskKeysTest {

    @Test
    void keysAreFreshAcrossBatchRefills() {
        MaskKeys keys = new MaskKeys();
        Set<Integer> seen = new HashSet<>();
        int bits = 0;
        for (int i = 0; i < 10_000; i++) {
            int k = keys.getAsInt();
            seen.add(k);
            bits |= k;
        }
        // 10,000 draws from 2^32 values: a repeat or two is possible, a pattern is not.
        assertThat(seen.size()).isGreaterThan(9_990);
        assertThat(bits).as("every bit position varies").isEqualTo(-1);
    }

    @Test
    void twoSourcesDoNotProduceTheSameSequence() {
        MaskKeys a = new MaskKeys();
        MaskKeys b = new MaskKeys();
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            if (a.getAsInt() == b.getAsInt()) {
                same++;
            }
        }
        assertThat(same).isLessThan(3);
    }
}
