package dev.quarry.local.cli;

import dev.quarry.tools.eval.LatencyStats;
import dev.quarry.tools.eval.RetrievalEvaluator.Result;
import dev.quarry.tools.eval.RetrievalMetrics;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code quarry eval} prints and writes once the queries have run; no model, no index. */
class EvalCommandTest {

    private static final int QUERIES = 40;

    /** A mode's result whose query {@code q<i>} scores {@code ndcg(i)}. */
    private static Result result(IntToDoubleFunction ndcg) {
        Map<String, Double> perQuery = new TreeMap<>();
        for (int i = 0; i < QUERIES; i++) {
            perQuery.put(String.format("q%02d", i), ndcg.applyAsDouble(i));
        }
        double mean = perQuery.values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElseThrow();
        return new Result(
                new RetrievalMetrics.Summary(10, 100, mean, 0.9, QUERIES, 0, perQuery),
                0,
                LatencyStats.ofMillis(List.of(1.0, 2.0)));
    }

    /** bm25 below every other mode on every query; hybrid equal to vector; the grid row wins 20 and loses 20. */
    private static Map<String, Result> results() {
        Map<String, Result> results = new LinkedHashMap<>();
        results.put("bm25", result(i -> 0.2));
        results.put("vector", result(i -> 0.5 + 0.01 * (i % 5)));
        results.put("hybrid", result(i -> 0.5 + 0.01 * (i % 5)));
        results.put("hybrid a=0.50 relative", result(i -> 0.5 + 0.01 * (i % 5) + (i % 2 == 0 ? 0.1 : -0.1)));
        return results;
    }

    private static String printed(Map<String, Result> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", "tiny");
        out.put("modes", EvalCommand.modes(results));
        out.put("comparisons", EvalCommand.comparisons(results));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EvalCommand.print(out, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_print_one_comparison_line_per_hybrid_row_and_leg_after_the_table_when_the_legs_ran() {
        // when
        String printed = printed(results());

        // then the table comes first, then a line per hybrid row and leg, with sane values
        assertThat(printed).contains("nDCG@10", "paired nDCG@10 (mode minus leg over the same 40 queries");
        assertThat(printed.indexOf("paired nDCG@10")).isGreaterThan(printed.indexOf("hybrid a=0.50 relative"));
        List<String> lines = printed.lines().filter(l -> l.contains(" vs ")).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .startsWith("hybrid vs bm25 ")
                .contains("+0.3200", "p=<0.001", "wins 40 ties 0 losses 0");
        assertThat(lines.get(1))
                .startsWith("hybrid vs vector ")
                .contains("+0.0000  [+0.0000, +0.0000]  p=1.000  wins 0 ties 40 losses 0");
        assertThat(lines.get(2)).startsWith("hybrid a=0.50 relative vs bm25 ").contains("wins 40 ties 0 losses 0");
        assertThat(lines.get(3))
                .startsWith("hybrid a=0.50 relative vs vector ")
                .containsPattern("[+-]0\\.0000  \\[-0\\.\\d{4}, \\+0\\.\\d{4}]  p=1\\.000  wins 20 ties 0 losses 20");
    }

    @Test
    void should_write_each_modes_per_query_ndcg_and_the_comparisons_for_the_json_file() {
        // when
        Map<String, Result> results = results();
        List<Map<String, Object>> modes = EvalCommand.modes(results);
        List<Map<String, Object>> comparisons = EvalCommand.comparisons(results);

        // then
        @SuppressWarnings("unchecked")
        Map<String, Double> vector = (Map<String, Double>) modes.get(1).get("ndcg_at_10_per_query");
        assertThat(vector).hasSize(QUERIES).containsEntry("q00", 0.5).containsEntry("q04", 0.54);
        assertThat(comparisons).hasSize(4);
        Map<String, Object> first = comparisons.get(0);
        assertThat(first)
                .containsEntry("mode", "hybrid")
                .containsEntry("against", "bm25")
                .containsEntry("queries", QUERIES)
                .containsEntry("wins", 40)
                .containsEntry("p_value_exact", false);
        assertThat((Double) first.get("mean_difference")).isBetween(0.3199, 0.3201);
        assertThat((Double) first.get("ci95_low")).isLessThanOrEqualTo((Double) first.get("mean_difference"));
        assertThat((Double) first.get("ci95_high")).isGreaterThanOrEqualTo((Double) first.get("mean_difference"));
        assertThat((Double) first.get("p_value")).isLessThan(0.001);
    }

    @Test
    void should_print_no_comparison_when_only_one_mode_ran() {
        // given
        Map<String, Result> results = new LinkedHashMap<>();
        results.put("hybrid", result(i -> 0.5));

        // when
        String printed = printed(results);

        // then
        assertThat(EvalCommand.comparisons(results)).isEmpty();
        assertThat(printed).contains("hybrid").doesNotContain("paired").doesNotContain(" vs ");
    }
}
