package dev.quarry.tools.eval;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Latency percentiles by the nearest-rank method: the p-th percentile of n sorted samples is the sample at
 * 1-based rank {@code ceil(p / 100 * n)}, so it is always an observed value.
 *
 * @param count the number of samples
 * @param p50Millis the median
 * @param p95Millis the 95th percentile
 * @param meanMillis the arithmetic mean
 * @param maxMillis the largest sample
 */
public record LatencyStats(int count, double p50Millis, double p95Millis, double meanMillis, double maxMillis) {

    /** Statistics of samples in nanoseconds, reported in milliseconds. */
    public static LatencyStats ofNanos(Collection<Long> nanos) {
        Objects.requireNonNull(nanos, "nanos must not be null");
        double[] millis = nanos.stream().mapToDouble(n -> n / 1_000_000.0).toArray();
        return of(millis);
    }

    /** Statistics of samples in milliseconds. */
    public static LatencyStats ofMillis(Collection<? extends Number> millis) {
        Objects.requireNonNull(millis, "millis must not be null");
        return of(millis.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100) of {@code sorted} (ascending, not empty). */
    static double percentile(double[] sorted, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("p must be in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static LatencyStats of(double[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples: measure at least one call");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new LatencyStats(
                sorted.length,
                percentile(sorted, 50),
                percentile(sorted, 95),
                Arrays.stream(sorted).average().orElseThrow(),
                sorted[sorted.length - 1]);
    }
}
