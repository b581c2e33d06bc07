package dev.quarry.core.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HybridFusionTest {

    private static final double CLOSE = 1e-6;

    // keyword leg (BM25) and vector leg (1 - distance), shared by the hand-computed cases
    private static final List<ScoredId> KEYWORD = List.of(hit("a", 4.0), hit("b", 2.0), hit("c", 1.0));
    private static final List<ScoredId> VECTOR = List.of(hit("b", 0.9), hit("d", 0.7), hit("a", 0.5));

    @Test
    void should_normalise_weight_and_sum_relative_scores() {
        // given alpha 0.75: keyword weight 0.25, vector weight 0.75
        double[] weights = {0.25, 0.75};

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(KEYWORD, VECTOR), weights);

        // then
        // keyword min 1, max 4: a 0.25*(4-1)/3 = 0.25, b 0.25*(2-1)/3 = 0.083333, c 0.25*0/3 = 0
        // vector min 0.5, max 0.9: b 0.75*0.4/0.4 = 0.75, d 0.75*0.2/0.4 = 0.375, a 0
        // sums: b 0.833333, d 0.375, a 0.25, c 0 (c and d each miss one set and get nothing from it)
        assertThat(ids(fused)).containsExactly("b", "d", "a", "c");
        assertThat(fused.get(0).score()).isCloseTo(0.833333, within(CLOSE));
        assertThat(fused.get(1).score()).isCloseTo(0.375, within(CLOSE));
        assertThat(fused.get(2).score()).isCloseTo(0.25, within(CLOSE));
        assertThat(fused.get(3).score()).isZero();
    }

    @Test
    void should_add_weight_over_rank_plus_60_in_ranked_fusion() {
        // given alpha 0.75: keyword weight 0.25, vector weight 0.75
        double[] weights = {0.25, 0.75};

        // when
        List<ScoredId> fused = HybridFusion.ranked(List.of(KEYWORD, VECTOR), weights);

        // then
        // b: 0.25/(1+60) + 0.75/(0+60) = 0.0040984 + 0.0125    = 0.0165984
        // a: 0.25/(0+60) + 0.75/(2+60) = 0.0041667 + 0.0120968 = 0.0162634
        // d:               0.75/(1+60) =                         0.0122951
        // c: 0.25/(2+60)               =                         0.0040323
        assertThat(ids(fused)).containsExactly("b", "a", "d", "c");
        assertThat(fused.get(0).score()).isCloseTo(0.0165984, within(CLOSE));
        assertThat(fused.get(1).score()).isCloseTo(0.0162634, within(CLOSE));
        assertThat(fused.get(2).score()).isCloseTo(0.0122951, within(CLOSE));
        assertThat(fused.get(3).score()).isCloseTo(0.0040323, within(CLOSE));
    }

    @Test
    void should_compute_relative_scores_in_float32() {
        // given a weight and scores that float32 cannot represent exactly
        List<ScoredId> set = List.of(hit("x", 0.7), hit("z", 0.3), hit("y", 0.1));

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(set), new double[] {0.3});

        // then z = 0.3f * ((0.3f - 0.1f) / (0.7f - 0.1f)), computed in float as Weaviate does
        float expected = 0.3f * ((0.3f - 0.1f) / (0.7f - 0.1f));
        assertThat(fused.get(1).id()).isEqualTo("z");
        assertThat(fused.get(1).score()).isEqualTo((double) expected);
    }

    @Test
    void should_compute_ranked_contributions_in_double_then_sum_in_float32() {
        // given
        List<ScoredId> keyword = List.of(hit("a", 1.0));
        List<ScoredId> vector = List.of(hit("b", 0.5), hit("a", 0.4));

        // when
        List<ScoredId> fused = HybridFusion.ranked(List.of(keyword, vector), new double[] {0.3, 0.7});

        // then a = float(0.3 / 60) + float(0.7 / 61), the sum in float
        float expected = (float) (0.3 / 60) + (float) (0.7 / 61);
        assertThat(fused.get(0).id()).isEqualTo("a");
        assertThat(fused.get(0).score()).isEqualTo((double) expected);
    }

    @Test
    void should_give_full_weight_to_a_single_result_set() {
        // given a keyword leg with one result (min == max)
        List<ScoredId> keyword = List.of(hit("only", 3.2));

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(keyword, List.of()), new double[] {0.4, 0.6});

        // then it gets the whole keyword weight: 0.4
        assertThat(fused).hasSize(1);
        assertThat(fused.get(0).score()).isCloseTo(0.4, within(CLOSE));
    }

    @Test
    void should_give_full_weight_to_each_result_of_an_equal_score_set_and_order_by_id() {
        // given three equal BM25 scores, listed in reverse id order
        List<ScoredId> keyword = List.of(hit("c", 2.0), hit("b", 2.0), hit("a", 2.0));

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(keyword), new double[] {0.6});

        // then each gets 0.6; fused and raw scores tie, so the smaller id comes first
        assertThat(ids(fused)).containsExactly("a", "b", "c");
        assertThat(fused).allSatisfy(hit -> assertThat(hit.score()).isCloseTo(0.6, within(CLOSE)));
    }

    @Test
    void should_ignore_an_empty_set_and_return_nothing_for_no_results() {
        // given an empty keyword leg
        List<ScoredId> vector = List.of(hit("a", 0.9), hit("b", 0.1));

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(List.of(), vector), new double[] {0.5, 0.5});

        // then a = 0.5 * 0.8/0.8 = 0.5, b = 0.5 * 0/0.8 = 0
        assertThat(ids(fused)).containsExactly("a", "b");
        assertThat(fused.get(0).score()).isCloseTo(0.5, within(CLOSE));
        assertThat(HybridFusion.relativeScore(List.of(List.of(), List.of()), new double[] {0.5, 0.5}))
                .isEmpty();
        assertThat(HybridFusion.ranked(List.of(List.of(), List.of()), new double[] {0.5, 0.5}))
                .isEmpty();
    }

    @Test
    void should_break_an_exact_tie_by_the_raw_score_of_the_last_set() {
        // given equal weights and mirrored ranks: a = 0.5/60 + 0.5/61 = b exactly (float addition commutes)
        List<ScoredId> keyword = List.of(hit("a", 5.0), hit("b", 4.0));
        List<ScoredId> vector = List.of(hit("b", 0.9), hit("a", 0.8));

        // when
        List<ScoredId> fused = HybridFusion.ranked(List.of(keyword, vector), new double[] {0.5, 0.5});

        // then b wins: its raw score in the last set (vector, 0.9) beats a's (0.8)
        assertThat(fused.get(0).score()).isEqualTo(fused.get(1).score());
        assertThat(ids(fused)).containsExactly("b", "a");
    }

    @Test
    void should_treat_fused_scores_closer_than_1e_7_as_a_tie() {
        // given keyword raw scores top 2, p 1.0000001, q 1, bottom 0 -> normalised by (raw - 0) / 2:
        // p 0.50000006, q 0.5: 6e-8 apart, a tie. The vector leg has weight 0 (adds nothing) but is the
        // last set both appeared in: q raw 0.9 beats p raw 0.8
        List<ScoredId> keyword = List.of(hit("top", 2.0), hit("p", 1.0000001), hit("q", 1.0), hit("bottom", 0));
        List<ScoredId> vector = List.of(hit("q", 0.9), hit("p", 0.8));

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(keyword, vector), new double[] {1, 0});

        // then q ranks above p although its fused score is lower
        assertThat(fused.get(2).score()).isGreaterThan(fused.get(1).score());
        assertThat(ids(fused)).containsExactly("top", "q", "p", "bottom");
    }

    @Test
    void should_not_treat_fused_scores_2e_7_apart_as_a_tie() {
        // given p normalised 1.0000004 / 2 = 0.5000002, q 0.5: 2e-7 apart
        List<ScoredId> keyword = List.of(hit("top", 2.0), hit("p", 1.0000004), hit("q", 1.0), hit("bottom", 0));
        List<ScoredId> vector = List.of(hit("q", 0.9), hit("p", 0.8));

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(keyword, vector), new double[] {1, 0});

        // then the fused score decides
        assertThat(ids(fused)).containsExactly("top", "p", "q", "bottom");
    }

    @Test
    void should_keep_keyword_order_when_alpha_is_zero_and_vector_order_when_alpha_is_one() {
        // given weights for alpha 0 (keyword 1, vector 0) and alpha 1 (keyword 0, vector 1)
        double[] alphaZero = {1.0, 0.0};
        double[] alphaOne = {0.0, 1.0};

        // when
        List<ScoredId> keywordOnly = HybridFusion.relativeScore(List.of(KEYWORD, VECTOR), alphaZero);
        List<ScoredId> vectorOnly = HybridFusion.relativeScore(List.of(KEYWORD, VECTOR), alphaOne);

        // then the weighted leg decides the order; ids only in the other leg score 0 and come last
        // alpha 0: a 1, b 1/3, c 0, d 0 -> tie c/d broken by raw of last set: c 1.0 (keyword), d 0.7
        assertThat(ids(keywordOnly)).containsExactly("a", "b", "c", "d");
        // alpha 1: b 1, d 0.5, a 0, c 0 -> tie a/c broken by raw of last set: a 0.5, c 1.0
        assertThat(ids(vectorOnly)).containsExactly("b", "d", "c", "a");
    }

    @Test
    void should_not_throw_on_long_chains_of_near_equal_scores() {
        // given 1,000 scores drawn from 1,000 steps of 1e-9 (a range of 1e-6, ten times the tie tolerance,
        // so near-equal scores chain into each other) and a clear winner; sorting these with a comparator
        // that calls |a - b| < 1e-7 equal breaks TimSort's contract
        Random random = new Random(42);
        List<ScoredId> set = new ArrayList<>();
        for (int k = 0; k < 1_000; k++) {
            set.add(hit("id-" + k, random.nextInt(1_000) * 1e-9));
        }
        set.add(hit("winner", 1.0));
        assertThatThrownBy(() -> new ArrayList<>(set).sort(naiveToleranceComparator()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("general contract");

        // when
        List<ScoredId> fused = HybridFusion.relativeScore(List.of(set), new double[] {1.0});

        // then the chain is one tie group: its raw scores chain too, so it is ordered by id
        assertThat(fused.get(0).id()).isEqualTo("winner");
        List<String> rest = ids(fused.subList(1, fused.size()));
        List<String> sorted = new ArrayList<>(rest);
        Collections.sort(sorted);
        assertThat(rest).isEqualTo(sorted);
    }

    @Test
    void should_rank_the_same_regardless_of_input_order_of_ids_with_equal_scores() {
        // given the same results in two orders
        List<ScoredId> one = List.of(hit("b", 1.0), hit("a", 1.0), hit("c", 2.0));
        List<ScoredId> two = List.of(hit("c", 2.0), hit("a", 1.0), hit("b", 1.0));

        // when / then
        assertThat(HybridFusion.relativeScore(List.of(one), new double[] {1}))
                .isEqualTo(HybridFusion.relativeScore(List.of(two), new double[] {1}));
    }

    @Test
    void should_reject_invalid_arguments_by_name() {
        List<List<ScoredId>> twoSets = List.of(KEYWORD, VECTOR);
        assertThatThrownBy(() -> HybridFusion.relativeScore(null, new double[0]))
                .hasMessageContaining("resultSets");
        assertThatThrownBy(() -> HybridFusion.ranked(twoSets, null)).hasMessageContaining("weights");
        assertThatThrownBy(() -> HybridFusion.ranked(twoSets, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one weight per result set");
        assertThatThrownBy(() -> HybridFusion.ranked(twoSets, new double[] {0.5, -0.1}))
                .hasMessageContaining("weights[1]");
        assertThatThrownBy(() -> HybridFusion.relativeScore(twoSets, new double[] {Double.NaN, 0.5}))
                .hasMessageContaining("weights[0]");
        assertThatThrownBy(() -> HybridFusion.relativeScore(Arrays.asList(KEYWORD, null), new double[] {1, 1}))
                .hasMessageContaining("resultSets[1]")
                .hasMessageContaining("empty list");
        assertThatThrownBy(() ->
                        HybridFusion.relativeScore(List.of(List.of(hit("a", 1), hit("a", 2))), new double[] {1}))
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> HybridFusion.relativeScore(List.of(List.of(hit("a", Double.NaN))), new double[] {1}))
                .hasMessageContaining("finite");
        assertThatCode(() -> HybridFusion.relativeScore(List.of(), new double[0]))
                .doesNotThrowAnyException();
    }

    private static Comparator<ScoredId> naiveToleranceComparator() {
        return (x, y) -> Math.abs(x.score() - y.score()) < 1e-7
                ? x.id().compareTo(y.id())
                : Double.compare(y.score(), x.score());
    }

    private static ScoredId hit(String id, double score) {
        return new ScoredId(id, score);
    }

    private static List<String> ids(List<ScoredId> hits) {
        return hits.stream().map(ScoredId::id).toList();
    }
}
