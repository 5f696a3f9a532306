package dev.duplex.cli.bench;

/**
 * A log-linear histogram of non-negative {@code long} values (nanoseconds here), in the manner of
 * HdrHistogram: values below 2<sup>{@value #SUB_BITS}</sup> are counted exactly; above, every power of two is
 * split into 2<sup>{@value #SUB_BITS}</sup> equal buckets, so a reported percentile is within 1/128 (0.8%)
 * of the true value. Values above 2<sup>40</sup> (about 18 minutes in ns) are clamped.
 * <p>Not thread-safe: record on one thread, {@link #add} the per-thread histograms together once the threads
 * are done.
 */
public final class LatencyHistogram {
    static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int MAX_BITS = 40;
    private static final long MAX_VALUE = (1L << MAX_BITS) - 1;
    private static final int BUCKETS = (MAX_BITS - SUB_BITS + 1) * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;
    private double sum;

    public void record(long value) {
        long v = value < 0 ? 0 : Math.min(value, MAX_VALUE);
        counts[index(v)]++;
        total++;
        sum += v;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    /** Adds every count of {@code other} to this histogram. */
    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    public long min() {
        return total == 0 ? 0 : min;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    /**
     * The smallest recorded-bucket value such that at least {@code percent}% of the values are at or below
     * it: the upper end of that bucket, never above the largest value recorded. 0 when empty.
     */
    public long percentile(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB_COUNT) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        return (shift + 1) * SUB_COUNT + (int) ((v >>> shift) - SUB_COUNT);
    }

    static long upperBound(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int shift = index / SUB_COUNT - 1;
        long sub = index % SUB_COUNT + SUB_COUNT;
        return ((sub + 1) << shift) - 1;
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + total + ", p50=" + percentile(50) + ", p99=" + percentile(99)
                + ", max=" + max + "]";
    }
}
