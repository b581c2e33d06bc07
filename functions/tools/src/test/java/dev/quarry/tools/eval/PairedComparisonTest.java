package dev.quarry.tools.eval;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PairedComparisonTest {

    private static final int DRAWS = PairedComparison.DRAWS;
    private static final long SEED = PairedComparison.SEED;

    @Test
    void should_give_p_2_over_2_to_the_n_when_every_one_of_five_queries_improves_by_the_same_amount() {
        // given a beats b by 0.1 on each of 5 queries: of the 2^5 = 32 sign assignments only all-plus and all-minus
        // reach |sum| = 0.5
        double[] a = {0.6, 0.7, 0.8, 0.9, 1.0};
        double[] b = {0.5, 0.6, 0.7, 0.8, 0.9};

        // when
        PairedComparison.Result result = PairedComparison.of(a, b, DRAWS, SEED);

        // then
        assertThat(result.exact()).isTrue();
        assertThat(result.pValue()).isCloseTo(2.0 / 32, within(1e-12));
        assertThat(result.meanDifference()).isCloseTo(0.1, within(1e-12));
        assertThat(result.ciLow()).isCloseTo(0.1, within(1e-12));
        assertThat(result.ciHigh()).isCloseTo(0.1, within(1e-12));
        assertThat(result.wins()).isEqualTo(5);
        assertThat(result.ties()).isZero();
        assertThat(result.losses()).isZero();
    }

    @Test
    void should_count_only_the_assignments_at_least_as_extreme_when_differences_are_unequal() {
        // given differences 1, 2, 3: the 8 signed sums are +-6, +-4, +-2, 0, 0; only +-6 reach the observed 6
        double[] a = {1, 2, 3};
        double[] b = {0, 0, 0};

        // when
        PairedComparison.Result result = PairedComparison.of(a, b, DRAWS, SEED);

        // then
        assertThat(result.pValue()).isCloseTo(2.0 / 8, within(1e-12));
        assertThat(result.meanDifference()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void should_give_difference_0_p_1_and_all_ties_when_both_settings_score_the_same() {
        // given 40 queries (too many to enumerate: random flips) with equal scores
        double[] same = new double[40];
        for (int i = 0; i < same.length; i++) {
            same[i] = (i % 7) / 7.0;
        }

        // when
        PairedComparison.Result result = PairedComparison.of(same, same.clone(), DRAWS, SEED);

        // then
        assertThat(result.exact()).isFalse();
        assertThat(result.meanDifference()).isZero();
        assertThat(result.ciLow()).isZero();
        assertThat(result.ciHigh()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.ties()).isEqualTo(40);
        assertThat(result.wins()).isZero();
        assertThat(result.losses()).isZero();
    }

    @Test
    void should_give_the_smallest_sampled_p_when_all_40_queries_improve() {
        // given every one of 40 queries improves: a random flip reaching the observed sum needs all 40 signs kept
        // (chance 2^-40), so no flip of 10,000 does and p = (0 + 1) / (10,000 + 1)
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < 40; i++) {
            b[i] = 0.5;
            a[i] = 0.5 + 0.01 * (1 + i % 3);
        }

        // when
        PairedComparison.Result result = PairedComparison.of(a, b, DRAWS, SEED);

        // then
        assertThat(result.exact()).isFalse();
        assertThat(result.pValue()).isCloseTo(1.0 / (DRAWS + 1), within(1e-15));
        assertThat(result.ciLow()).isGreaterThan(0);
        assertThat(result.wins()).isEqualTo(40);
    }

    @Test
    void should_give_p_1_and_a_zero_mean_when_gains_and_losses_cancel_exactly() {
        // given 20 queries gain x and 20 lose the same x: the observed sum is 0, which every flip reaches
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < 20; i++) {
            double x = 0.05 * (1 + i % 4);
            a[2 * i] = 0.5 + x;
            b[2 * i] = 0.5;
            a[2 * i + 1] = 0.5;
            b[2 * i + 1] = 0.5 + x;
        }

        // when
        PairedComparison.Result result = PairedComparison.of(a, b, DRAWS, SEED);

        // then
        assertThat(result.meanDifference()).isCloseTo(0, within(1e-12));
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.ciLow()).isLessThan(0);
        assertThat(result.ciHigh()).isGreaterThan(0);
        assertThat(result.wins()).isEqualTo(20);
        assertThat(result.losses()).isEqualTo(20);
    }

    @Test
    void should_mirror_the_mean_and_interval_and_keep_p_when_the_two_settings_swap() {
        // given
        double[][] pair = noisyPair(40, 0.02, 3);

        // when
        PairedComparison.Result ab = PairedComparison.of(pair[0], pair[1], DRAWS, SEED);
        PairedComparison.Result ba = PairedComparison.of(pair[1], pair[0], DRAWS, SEED);

        // then
        assertThat(ba.meanDifference()).isCloseTo(-ab.meanDifference(), within(1e-12));
        assertThat(ba.ciLow()).isCloseTo(-ab.ciHigh(), within(1e-12));
        assertThat(ba.ciHigh()).isCloseTo(-ab.ciLow(), within(1e-12));
        assertThat(ba.pValue()).isEqualTo(ab.pValue());
        assertThat(ba.wins()).isEqualTo(ab.losses());
        assertThat(ba.losses()).isEqualTo(ab.wins());
    }

    @Test
    void should_put_the_mean_inside_a_95_percent_interval_of_sensible_width_when_queries_disagree() {
        // given differences of mean ~0.02 with per-query spread 0.1 over 40 queries: standard error ~0.1/sqrt(40)
        double[][] pair = noisyPair(40, 0.02, 5);

        // when
        PairedComparison.Result result = PairedComparison.of(pair[0], pair[1], DRAWS, SEED);

        // then the interval holds the mean and spans about 2 x 1.96 standard errors of the differences
        assertThat(result.ciLow()).isLessThan(result.meanDifference());
        assertThat(result.ciHigh()).isGreaterThan(result.meanDifference());
        double se = standardError(pair[0], pair[1]);
        assertThat(result.ciHigh() - result.ciLow()).isCloseTo(2 * 1.96 * se, within(0.25 * 2 * 1.96 * se));
    }

    @Test
    void should_take_the_extreme_resample_means_as_the_interval_when_two_differences_are_0_and_1() {
        // given differences {0, 1}: resample means are 0 (1/4), 0.5 (1/2), 1 (1/4), so the 2.5th and 97.5th
        // percentiles are 0 and 1
        double[] interval = PairedComparison.bootstrapInterval(new double[] {0, 1}, DRAWS, SEED);

        // then
        assertThat(interval).containsExactly(0.0, 1.0);
    }

    @Test
    void should_sample_close_to_the_exact_p_when_random_flips_stand_in_for_enumeration() {
        // given 12 differences: 4,096 assignments, enumerated exactly; 10,000 random flips should land close
        double[] d = {0.12, -0.03, 0.05, 0.0, 0.2, -0.1, 0.07, 0.01, -0.02, 0.15, 0.04, -0.06};

        // when
        double exact = PairedComparison.exactSignFlipP(d);
        double sampled = PairedComparison.randomSignFlipP(d, DRAWS, SEED);

        // then (binomial standard error of a sampled p near 0.2 is 0.004)
        assertThat(exact).isBetween(0.01, 0.99);
        assertThat(sampled).isCloseTo(exact, within(0.02));
    }

    @Test
    void should_enumerate_only_while_every_assignment_fits_in_the_draws() {
        assertThat(PairedComparison.exactIsAffordable(13, 10_000)).isTrue();
        assertThat(PairedComparison.exactIsAffordable(14, 10_000)).isFalse();
        assertThat(PairedComparison.exactIsAffordable(40, Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void should_give_the_same_result_whatever_order_the_queries_come_in() {
        // given the same per-query scores inserted in two orders
        double[][] pair = noisyPair(30, 0.01, 11);
        Map<String, Double> a1 = new LinkedHashMap<>();
        Map<String, Double> b1 = new LinkedHashMap<>();
        Map<String, Double> a2 = new LinkedHashMap<>();
        Map<String, Double> b2 = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            a1.put("q" + i, pair[0][i]);
            b1.put("q" + i, pair[1][i]);
        }
        for (int i = 29; i >= 0; i--) {
            a2.put("q" + i, pair[0][i]);
            b2.put("q" + (29 - i), pair[1][29 - i]);
        }

        // when
        PairedComparison.Result first = PairedComparison.of(a1, b1);
        PairedComparison.Result second = PairedComparison.of(a2, b2);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(first.queries()).isEqualTo(30);
    }

    @Test
    void should_print_one_compact_line_with_signed_values() {
        // given
        PairedComparison.Result result = new PairedComparison.Result(40, -0.0055, -0.031, 0.019, 0.68, false, 9, 22, 9);

        // when
        String line = result.summary();

        // then
        assertThat(line).isEqualTo("-0.0055  [-0.0310, +0.0190]  p=0.680  wins 9 ties 22 losses 9");
        assertThat(new PairedComparison.Result(40, 0.1, 0.05, 0.15, 9.999e-5, false, 40, 0, 0).summary())
                .contains("p=<0.001");
    }

    @Test
    void should_reject_inputs_that_do_not_pair_up() {
        assertThatThrownBy(() -> PairedComparison.of(new double[] {1, 2}, new double[] {1}, DRAWS, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a has 2 and b 1");
        assertThatThrownBy(() -> PairedComparison.of(new double[0], new double[0], DRAWS, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one query");
        assertThatThrownBy(() -> PairedComparison.of(new double[] {Double.NaN}, new double[] {1}, DRAWS, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> PairedComparison.of(new double[] {1}, new double[] {1}, 0, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("draws must be >= 1");
        assertThatThrownBy(() -> PairedComparison.of(Map.of("q1", 1.0, "q2", 0.5), Map.of("q1", 1.0, "q3", 0.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same queries")
                .hasMessageContaining("only in a: q2")
                .hasMessageContaining("only in b: q3");
        assertThatThrownBy(() -> PairedComparison.of(null, Map.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("a must not be null");
    }

    /** Two score vectors whose differences have mean {@code shift} and spread 0.1, some of them ties. */
    private static double[][] noisyPair(int n, double shift, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = random.nextDouble();
            a[i] = i % 5 == 0 ? b[i] : b[i] + shift + 0.1 * random.nextGaussian();
        }
        return new double[][] {a, b};
    }

    private static double standardError(double[] a, double[] b) {
        int n = a.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += (a[i] - b[i]) / n;
        }
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += Math.pow(a[i] - b[i] - mean, 2) / n;
        }
        return Math.sqrt(var / n);
    }
}
