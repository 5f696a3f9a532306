package dev.duplex.benchmarks;

import dev.duplex.cli.bench.LatencyHistogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench tool's log-linear histogram against exact percentiles of the same values. */
class LatencyHistogramTest {

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(100)).isEqualTo(100);
        assertThat(h.min()).isEqualTo(1);
        assertThat(h.mean()).isEqualTo(50.5);
    }

    @Test
    void percentilesAreWithinOnePercentOfExact() {
        SplittableRandom random = new SplittableRandom(7);
        long[] values = new long[100_000];
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // log-uniform from 1 us to 1 s, in ns
            values[i] = (long) Math.pow(10, 3 + 6 * random.nextDouble());
            (i % 2 == 0 ? a : b).record(values[i]);
        }
        a.add(b);
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) a.percentile(p)).as("p%s", p).isBetween(exact * 0.999, exact * 1.01);
        }
        assertThat(a.count()).isEqualTo(values.length);
        assertThat(a.max()).isEqualTo(values[values.length - 1]);
        assertThat(a.percentile(100)).isEqualTo(values[values.length - 1]);
    }

    @Test
    void emptyIsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(99)).isZero();
        assertThat(h.max()).isZero();
        assertThat(h.min()).isZero();
    }
}
