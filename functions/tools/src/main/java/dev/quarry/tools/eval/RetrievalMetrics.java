package dev.quarry.tools.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Ranking metrics as BEIR computes them with pytrec_eval ({@code ndcg_cut}, {@code recall}).
 *
 * <ul>
 *   <li>Gain is the relevance grade itself (linear, not {@code 2^grade - 1}); grades of 0 or below give no
 *       gain and do not count as relevant.
 *   <li>The discount of rank {@code r} (1-based) is {@code log2(r + 1)}.
 *   <li>The ideal ranking orders all judged grades of the query, highest first, cut at {@code k}.
 *   <li>A document id ranked twice counts once, at its first rank.
 *   <li>A query without any relevant document scores 0 here; {@link #evaluate} leaves such queries out of
 *       the means and reports how many it left out (pytrec_eval has nothing to score for them).
 * </ul>
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {}

    /** nDCG@k of one ranking; 0 when no judged document has a grade above 0. */
    public static double ndcgAt(int k, List<String> ranked, Map<String, Integer> graded) {
        requireArguments(k, ranked, graded);
        double dcg = 0;
        List<String> distinct = distinctTop(k, ranked);
        for (int i = 0; i < distinct.size(); i++) {
            dcg += gain(graded.get(distinct.get(i))) / log2(i + 2);
        }
        List<Integer> ideal = new ArrayList<>();
        for (Integer grade : graded.values()) {
            if (grade != null && grade > 0) {
                ideal.add(grade);
            }
        }
        ideal.sort((a, b) -> Integer.compare(b, a));
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Recall@k: relevant documents (grade above 0) in the first k, over all relevant; 0 when none is. */
    public static double recallAt(int k, List<String> ranked, Map<String, Integer> graded) {
        requireArguments(k, ranked, graded);
        long relevant = relevantCount(graded);
        if (relevant == 0) {
            return 0;
        }
        long found = distinctTop(k, ranked).stream()
                .filter(id -> gain(graded.get(id)) > 0)
                .count();
        return (double) found / relevant;
    }

    /** The number of judged documents with a grade above 0. */
    public static long relevantCount(Map<String, Integer> graded) {
        return graded.values().stream().filter(g -> g != null && g > 0).count();
    }

    /**
     * Mean nDCG@{@code ndcgK} and recall@{@code recallK} over the queries of {@code qrels} that have at least
     * one relevant document; a query of the qrels without a ranking counts as an empty ranking.
     */
    public static Summary evaluate(
            Map<String, List<String>> rankings, Map<String, Map<String, Integer>> qrels, int ndcgK, int recallK) {
        Objects.requireNonNull(rankings, "rankings must not be null");
        Objects.requireNonNull(qrels, "qrels must not be null");
        double ndcgSum = 0;
        double recallSum = 0;
        int evaluated = 0;
        int withoutRelevant = 0;
        Map<String, Double> ndcgByQuery = new TreeMap<>();
        for (Map.Entry<String, Map<String, Integer>> query : qrels.entrySet()) {
            if (relevantCount(query.getValue()) == 0) {
                withoutRelevant++;
                continue;
            }
            List<String> ranked = rankings.getOrDefault(query.getKey(), List.of());
            double ndcg = ndcgAt(ndcgK, ranked, query.getValue());
            ndcgByQuery.put(query.getKey(), ndcg);
            ndcgSum += ndcg;
            recallSum += recallAt(recallK, ranked, query.getValue());
            evaluated++;
        }
        return new Summary(
                ndcgK,
                recallK,
                evaluated == 0 ? 0 : ndcgSum / evaluated,
                evaluated == 0 ? 0 : recallSum / evaluated,
                evaluated,
                withoutRelevant,
                Collections.unmodifiableMap(ndcgByQuery));
    }

    /**
     * Mean metrics over the evaluated queries.
     *
     * @param ndcgK the cut-off of nDCG
     * @param recallK the cut-off of recall
     * @param ndcg mean nDCG@ndcgK
     * @param recall mean recall@recallK
     * @param queries the number of queries the means are over
     * @param queriesWithoutRelevant queries of the qrels left out because none of their judgments is above 0
     * @param ndcgByQuery nDCG@ndcgK of each evaluated query by query id, in id order: what a paired comparison
     *     of two settings ({@link PairedComparison}) needs
     */
    public record Summary(
            int ndcgK,
            int recallK,
            double ndcg,
            double recall,
            int queries,
            int queriesWithoutRelevant,
            Map<String, Double> ndcgByQuery) {

        public Summary {
            Objects.requireNonNull(ndcgByQuery, "ndcgByQuery must not be null");
        }
    }

    private static List<String> distinctTop(int k, List<String> ranked) {
        List<String> top = new ArrayList<>(Math.min(k, ranked.size()));
        Set<String> seen = new HashSet<>();
        for (String id : ranked) {
            if (top.size() == k) {
                break;
            }
            if (seen.add(id)) {
                top.add(id);
            }
        }
        return top;
    }

    private static double gain(Integer grade) {
        return grade == null || grade <= 0 ? 0 : grade;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }

    private static void requireArguments(int k, List<String> ranked, Map<String, Integer> graded) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        Objects.requireNonNull(ranked, "ranked must not be null");
        Objects.requireNonNull(graded, "graded must not be null");
    }
}
