package dev.quarry.tools.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latency percentiles by the nearest-rank method (always an observed sample), in milliseconds.
 *
 * @param count samples
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param mean arithmetic mean
 * @param max largest sample
 */
public record Percentiles(int count, double p50, double p95, double p99, double mean, double max) {

    /** Percentiles of samples in milliseconds; throws if there are none. */
    public static Percentiles ofMillis(double[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no samples: measure at least one call");
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length,
                rank(sorted, 50),
                rank(sorted, 95),
                rank(sorted, 99),
                Arrays.stream(sorted).average().orElseThrow(),
                sorted[sorted.length - 1]);
    }

    static double rank(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** For JSON: the values rounded to 0.01 ms. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        map.put("p50_ms", round(p50));
        map.put("p95_ms", round(p95));
        map.put("p99_ms", round(p99));
        map.put("mean_ms", round(mean));
        map.put("max_ms", round(max));
        return map;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
