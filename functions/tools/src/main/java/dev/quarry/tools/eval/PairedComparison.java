package dev.quarry.tools.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Whether one ranking setting beats another on the same queries by more than chance: the per-query differences
 * {@code a[i] - b[i]} of a metric (nDCG@10 in {@code quarry eval}), their mean, a percentile bootstrap confidence
 * interval of that mean, a two-sided paired randomization (sign-flip) test and per-query wins, ties and losses.
 *
 * <ul>
 *   <li><b>Bootstrap</b>: {@code resamples} times, draw n differences with replacement and take their mean; the
 *       interval is the 2.5th and 97.5th percentiles of those means (linear interpolation between order
 *       statistics).
 *   <li><b>Sign-flip test</b>: under the null hypothesis that both settings are exchangeable on every query, each
 *       difference is as likely to have the other sign. The p-value is the share of sign assignments whose mean
 *       is at least as far from 0 as the observed one. When {@code 2^n <= flips} every assignment is enumerated
 *       (the p-value is exact); otherwise {@code flips} random assignments are drawn and the p-value is {@code
 *       (hits + 1) / (flips + 1)}, which never claims 0 from a finite sample.
 *   <li>A difference within {@value #TIE} of 0 is a tie (equal rankings give exactly equal metrics).
 * </ul>
 *
 * <p>Both draws use a fixed seed, so the same inputs always print the same interval and p-value. The code is short
 * and hand-written: no statistics library is a direct dependency of Quarry (commons-math3 arrives only through
 * POI, and has neither test).
 */
public final class PairedComparison {

    /** Bootstrap resamples and random sign flips used by {@link #of(Map, Map)}. */
    public static final int DRAWS = 10_000;
    /** The fixed seed of {@link #of(Map, Map)}: the same inputs always give the same interval and p-value. */
    public static final long SEED = 17L;
    /** Per-query differences within this of 0 count as ties. */
    public static final double TIE = 1e-12;

    private PairedComparison() {}

    /**
     * The comparison of two settings' per-query values, each keyed by query id.
     *
     * @param queries the number of paired queries
     * @param meanDifference the mean of {@code a - b}
     * @param ciLow the lower end of the 95% bootstrap interval of the mean difference
     * @param ciHigh the upper end of the 95% bootstrap interval of the mean difference
     * @param pValue the two-sided sign-flip p-value
     * @param exact whether the p-value enumerated every sign assignment
     * @param wins queries where {@code a} scores higher
     * @param ties queries where both score the same
     * @param losses queries where {@code b} scores higher
     */
    public record Result(
            int queries,
            double meanDifference,
            double ciLow,
            double ciHigh,
            double pValue,
            boolean exact,
            int wins,
            int ties,
            int losses) {

        /** One line, e.g. {@code -0.0055  [-0.0310, +0.0190]  p=0.680  wins 9 ties 22 losses 9}. */
        public String summary() {
            return String.format(
                    Locale.ROOT,
                    "%+.4f  [%+.4f, %+.4f]  p=%s  wins %d ties %d losses %d",
                    meanDifference,
                    ciLow,
                    ciHigh,
                    formatP(pValue),
                    wins,
                    ties,
                    losses);
        }
    }

    /** {@code p=0.680}; below 0.001 as {@code <0.001}. */
    static String formatP(double p) {
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /**
     * Compares {@code a} against {@code b} query by query with {@value #DRAWS} draws and seed {@value #SEED}.
     * Queries are paired by id in id order, so the map's iteration order does not change the result.
     *
     * @throws IllegalArgumentException when the two maps do not hold the same query ids, or hold none
     */
    public static Result of(Map<String, Double> a, Map<String, Double> b) {
        Objects.requireNonNull(a, "a must not be null");
        Objects.requireNonNull(b, "b must not be null");
        if (!a.keySet().equals(b.keySet())) {
            TreeSet<String> onlyA = new TreeSet<>(a.keySet());
            onlyA.removeAll(b.keySet());
            TreeSet<String> onlyB = new TreeSet<>(b.keySet());
            onlyB.removeAll(a.keySet());
            throw new IllegalArgumentException("a paired comparison needs the same queries on both sides; only in a: "
                    + first(onlyA) + ", only in b: " + first(onlyB));
        }
        TreeSet<String> ids = new TreeSet<>(a.keySet());
        double[] x = new double[ids.size()];
        double[] y = new double[ids.size()];
        int i = 0;
        for (String id : ids) {
            x[i] = Objects.requireNonNull(a.get(id), "a has no value for query " + id);
            y[i] = Objects.requireNonNull(b.get(id), "b has no value for query " + id);
            i++;
        }
        return of(x, y, DRAWS, SEED);
    }

    /**
     * Compares {@code a[i]} against {@code b[i]}.
     *
     * @param draws bootstrap resamples, and random sign flips when exact enumeration would take more
     * @param seed the seed of both draws
     * @throws IllegalArgumentException when the arrays differ in length, are empty, hold a value that is not
     *     finite, or {@code draws < 1}
     */
    public static Result of(double[] a, double[] b, int draws, long seed) {
        Objects.requireNonNull(a, "a must not be null");
        Objects.requireNonNull(b, "b must not be null");
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "a and b must pair one value per query, but a has " + a.length + " and b " + b.length);
        }
        if (a.length == 0) {
            throw new IllegalArgumentException("a paired comparison needs at least one query, got none");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be >= 1, was " + draws);
        }
        double[] d = new double[a.length];
        int wins = 0;
        int ties = 0;
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException(
                        "values must be finite numbers, but query " + i + " has " + a[i] + " and " + b[i]);
            }
            d[i] = a[i] - b[i];
            if (Math.abs(d[i]) <= TIE) {
                ties++;
            } else if (d[i] > 0) {
                wins++;
            }
        }
        double[] interval = bootstrapInterval(d, draws, seed);
        boolean exact = exactIsAffordable(d.length, draws);
        double p = exact ? exactSignFlipP(d) : randomSignFlipP(d, draws, seed);
        return new Result(d.length, mean(d), interval[0], interval[1], p, exact, wins, ties, d.length - wins - ties);
    }

    /** The 95% percentile bootstrap interval of the mean of {@code d}. */
    static double[] bootstrapInterval(double[] d, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = d.length;
        double[] means = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new double[] {percentile(means, 0.025), percentile(means, 0.975)};
    }

    /** Whether all {@code 2^n} sign assignments fit in {@code draws}. */
    static boolean exactIsAffordable(int n, int draws) {
        return n < 31 && (1L << n) <= draws;
    }

    /** The two-sided p-value over all {@code 2^n} sign assignments. */
    static double exactSignFlipP(double[] d) {
        double observed = Math.abs(sum(d));
        long assignments = 1L << d.length;
        long hits = 0;
        for (long mask = 0; mask < assignments; mask++) {
            double s = 0;
            for (int i = 0; i < d.length; i++) {
                s += (mask & (1L << i)) != 0 ? -d[i] : d[i];
            }
            if (atLeastAsExtreme(s, observed)) {
                hits++;
            }
        }
        return (double) hits / assignments;
    }

    /** The two-sided p-value over {@code flips} random sign assignments, {@code (hits + 1) / (flips + 1)}. */
    static double randomSignFlipP(double[] d, int flips, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double observed = Math.abs(sum(d));
        long hits = 0;
        for (int f = 0; f < flips; f++) {
            double s = 0;
            for (double x : d) {
                s += random.nextBoolean() ? x : -x;
            }
            if (atLeastAsExtreme(s, observed)) {
                hits++;
            }
        }
        return (hits + 1.0) / (flips + 1.0);
    }

    /** Sums of the same terms in another order can differ in the last bits: those count as equal. */
    private static boolean atLeastAsExtreme(double flippedSum, double observedAbsSum) {
        return Math.abs(flippedSum) >= observedAbsSum - 1e-9 * Math.max(1, observedAbsSum);
    }

    private static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    private static double sum(double[] d) {
        double s = 0;
        for (double x : d) {
            s += x;
        }
        return s;
    }

    private static double mean(double[] d) {
        return sum(d) / d.length;
    }

    private static String first(TreeSet<String> ids) {
        return ids.isEmpty() ? "none" : ids.first() + (ids.size() > 1 ? " and " + (ids.size() - 1) + " more" : "");
    }
}
