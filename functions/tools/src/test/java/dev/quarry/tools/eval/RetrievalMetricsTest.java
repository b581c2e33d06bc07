package dev.quarry.tools.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RetrievalMetricsTest {

    private static final Map<String, Integer> GRADED = Map.of("a", 2, "b", 1, "c", 0, "d", 2);

    @Test
    void should_compute_graded_ndcg_with_linear_gain() {
        // given ranking b(1) c(0) a(2) x(unjudged)
        List<String> ranked = List.of("b", "c", "a", "x");

        // when
        double ndcg = RetrievalMetrics.ndcgAt(10, ranked, GRADED);

        // then
        // DCG  = 1/log2(2) + 0/log2(3) + 2/log2(4) + 0/log2(5) = 1 + 0 + 1 + 0 = 2
        // IDCG = grades 2,2,1: 2/log2(2) + 2/log2(3) + 1/log2(4) = 2 + 1.2618595 + 0.5 = 3.7618595
        // nDCG = 2 / 3.7618595 = 0.5316520
        assertThat(ndcg).isCloseTo(0.5316520, within(1e-6));
    }

    @Test
    void should_cut_both_rankings_at_k() {
        // given
        List<String> ranked = List.of("b", "c", "a");

        // when
        double ndcg = RetrievalMetrics.ndcgAt(2, ranked, GRADED);

        // then
        // DCG@2  = 1/log2(2) + 0 = 1
        // IDCG@2 = 2/log2(2) + 2/log2(3) = 3.2618595
        // nDCG@2 = 1 / 3.2618595 = 0.3065736
        assertThat(ndcg).isCloseTo(0.3065736, within(1e-6));
    }

    @Test
    void should_score_one_for_an_ideal_ranking_whatever_the_order_of_ties() {
        // a and d both have grade 2: either order is ideal
        assertThat(RetrievalMetrics.ndcgAt(10, List.of("a", "d", "b"), GRADED)).isCloseTo(1.0, within(1e-12));
        assertThat(RetrievalMetrics.ndcgAt(10, List.of("d", "a", "b", "c"), GRADED))
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void should_count_a_document_ranked_twice_once() {
        // given a ranked twice; distinct top 2 = a, d
        List<String> ranked = List.of("a", "a", "d");
        Map<String, Integer> graded = Map.of("a", 1, "d", 1);

        // then DCG@2 = 1 + 1/log2(3) = IDCG@2 -> 1
        assertThat(RetrievalMetrics.ndcgAt(2, ranked, graded)).isCloseTo(1.0, within(1e-12));
        assertThat(RetrievalMetrics.recallAt(2, ranked, graded)).isEqualTo(1.0);
    }

    @Test
    void should_score_zero_when_no_judged_document_is_relevant() {
        // given only a grade-0 judgment
        Map<String, Integer> graded = Map.of("c", 0);

        // then
        assertThat(RetrievalMetrics.ndcgAt(10, List.of("c"), graded)).isZero();
        assertThat(RetrievalMetrics.recallAt(10, List.of("c"), graded)).isZero();
        assertThat(RetrievalMetrics.ndcgAt(10, List.of(), GRADED)).isZero();
    }

    @Test
    void should_compute_recall_over_documents_graded_above_zero() {
        // given relevant = a, b, d (c has grade 0)
        List<String> ranked = List.of("b", "c", "a", "x");

        // then
        // @2: b of {a,b,d} = 1/3; @10: b and a = 2/3
        assertThat(RetrievalMetrics.recallAt(2, ranked, GRADED)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(RetrievalMetrics.recallAt(10, ranked, GRADED)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void should_average_over_queries_with_relevant_documents_and_report_the_others() {
        // given q2 has no relevant document, q4 has no ranking (counts as empty)
        Map<String, Map<String, Integer>> qrels = Map.of(
                "q1", Map.of("a", 1),
                "q2", Map.of("b", 0),
                "q3", Map.of("c", 1),
                "q4", Map.of("e", 1));
        Map<String, List<String>> rankings = Map.of("q1", List.of("a"), "q2", List.of("b"), "q3", List.of("x", "c"));

        // when
        RetrievalMetrics.Summary summary = RetrievalMetrics.evaluate(rankings, qrels, 10, 100);

        // then
        // nDCG: q1 = 1, q3 = (1/log2(3)) / 1 = 0.6309298, q4 = 0 -> mean (1 + 0.6309298 + 0) / 3 = 0.5436433
        // recall@100: q1 = 1, q3 = 1, q4 = 0 -> 2/3
        assertThat(summary.queries()).isEqualTo(3);
        assertThat(summary.queriesWithoutRelevant()).isEqualTo(1);
        assertThat(summary.ndcg()).isCloseTo(0.5436433, within(1e-6));
        assertThat(summary.recall()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void should_keep_each_evaluated_querys_ndcg_by_id_in_id_order_when_averaging() {
        // given q2 has no relevant document, q4 has no ranking (counts as empty)
        Map<String, Map<String, Integer>> qrels = Map.of(
                "q3", Map.of("c", 1),
                "q1", Map.of("a", 1),
                "q2", Map.of("b", 0),
                "q4", Map.of("e", 1));
        Map<String, List<String>> rankings = Map.of("q1", List.of("a"), "q2", List.of("b"), "q3", List.of("x", "c"));

        // when
        RetrievalMetrics.Summary summary = RetrievalMetrics.evaluate(rankings, qrels, 10, 100);

        // then q2 is left out, the others keep their own score, and their mean is the summary's
        assertThat(summary.ndcgByQuery()).containsOnlyKeys("q1", "q3", "q4");
        assertThat(List.copyOf(summary.ndcgByQuery().keySet())).containsExactly("q1", "q3", "q4");
        assertThat(summary.ndcgByQuery().get("q1")).isEqualTo(1.0);
        assertThat(summary.ndcgByQuery().get("q3")).isCloseTo(0.6309298, within(1e-6));
        assertThat(summary.ndcgByQuery().get("q4")).isEqualTo(0.0);
        assertThat(summary.ndcgByQuery().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow())
                .isCloseTo(summary.ndcg(), within(1e-12));
    }

    @Test
    void should_reject_a_cut_off_below_one() {
        assertThatThrownBy(() -> RetrievalMetrics.ndcgAt(0, List.of(), GRADED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be >= 1");
    }
}
