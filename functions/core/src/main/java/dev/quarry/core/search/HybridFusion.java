package dev.quarry.core.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fuses the ranked result sets of a hybrid search (keyword and vector) into one ranking, with the same
 * arithmetic as Weaviate's server ({@code relativeScoreFusion} and {@code rankedFusion}), so the embedded
 * index and Weaviate rank alike.
 *
 * <p>Each input set is in rank order, best first, and carries each result's raw score: the BM25 score for
 * keyword results, {@code 1 - cosine distance} for vector results. In Quarry the keyword set comes first
 * with weight {@code 1 - alpha} and the vector set second with weight {@code alpha}; alpha 0 or 1 drops the
 * other leg before fusion ({@link SearchRequest#effectiveMode()}).
 *
 * <p>As in Weaviate, scores are computed in float32: raw scores are narrowed to {@code float}, and the
 * normalisation, weighting and summation happen in {@code float}. The output scores are those floats.
 *
 * <p><b>Order.</b> Higher fused score first. Fused scores closer than {@code 1e-7} are a tie, broken by the
 * higher raw score of the last set the id appeared in (again with the {@code 1e-7} tolerance, as Weaviate
 * does), then by the smaller id in string order. "Closer than 1e-7" is not transitive, so it cannot be a
 * comparator; instead the results are sorted exactly by fused score, and every maximal run of neighbours
 * whose consecutive scores differ by less than {@code 1e-7} is one tie group, re-sorted by the tie-breakers
 * (likewise for raw scores inside a group). The order therefore depends only on the fused results, never on
 * input order or sort algorithm; where Weaviate's non-transitive comparator leaves the order to its sort
 * algorithm (long chains of near-equal scores) the two may differ, which only happens within 1e-7.
 */
public final class HybridFusion {

    /** Weaviate's constant {@code k} of reciprocal rank fusion. */
    static final int RANK_CONSTANT = 60;

    /** Two scores are tied when their float32 difference squared is below this (|difference| < 1e-7). */
    private static final double TIE_SQUARED = 1e-14;

    private static final Comparator<Fused> BY_SCORE_EXACT = Comparator.comparingDouble((Fused f) -> f.score)
            .reversed()
            .thenComparing(Comparator.comparingDouble((Fused f) -> f.lastRaw).reversed())
            .thenComparing(f -> f.id);

    private static final Comparator<Fused> BY_RAW_EXACT =
            Comparator.comparingDouble((Fused f) -> f.lastRaw).reversed().thenComparing(f -> f.id);

    private static final Comparator<Fused> BY_ID = Comparator.comparing(f -> f.id);

    private HybridFusion() {}

    /**
     * Weaviate's {@code relativeScoreFusion}: per set, raw scores are min-max normalised to [0,1] and
     * multiplied by the set's weight (when all scores of a set are equal, each result gets the full weight);
     * the weighted scores are summed per id. An id missing from a set gets nothing from it; an empty set
     * contributes nothing.
     *
     * @param resultSets one list per leg, each in rank order with raw scores; none null, ids unique per list
     * @param weights one finite, non-negative weight per set
     * @return every id of every set with its fused score, best first
     */
    public static List<ScoredId> relativeScore(List<List<ScoredId>> resultSets, double[] weights) {
        validate(resultSets, weights);
        Map<String, Fused> fused = new LinkedHashMap<>();
        for (int set = 0; set < resultSets.size(); set++) {
            List<ScoredId> results = resultSets.get(set);
            if (results.isEmpty()) {
                continue;
            }
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (ScoredId result : results) {
                float raw = (float) result.score();
                min = Math.min(min, raw);
                max = Math.max(max, raw);
            }
            float weight = (float) weights[set];
            for (ScoredId result : results) {
                float raw = (float) result.score();
                float score = weight;
                if (max != min) {
                    score *= (raw - min) / (max - min);
                }
                add(fused, result.id(), score, raw);
            }
        }
        return rank(fused);
    }

    /**
     * Weaviate's {@code rankedFusion} (reciprocal rank fusion): the result at 0-based rank {@code i} of a set
     * adds {@code weight / (i + 60)} to its id. As in Weaviate the division is done in double and narrowed to
     * float32; the sum per id is in float32.
     *
     * @param resultSets one list per leg, each in rank order with raw scores; none null, ids unique per list
     * @param weights one finite, non-negative weight per set
     * @return every id of every set with its fused score, best first
     */
    public static List<ScoredId> ranked(List<List<ScoredId>> resultSets, double[] weights) {
        validate(resultSets, weights);
        Map<String, Fused> fused = new LinkedHashMap<>();
        for (int set = 0; set < resultSets.size(); set++) {
            List<ScoredId> results = resultSets.get(set);
            for (int rank = 0; rank < results.size(); rank++) {
                ScoredId result = results.get(rank);
                float score = (float) (weights[set] / (rank + RANK_CONSTANT));
                add(fused, result.id(), score, (float) result.score());
            }
        }
        return rank(fused);
    }

    private static void add(Map<String, Fused> fused, String id, float score, float raw) {
        Fused entry = fused.computeIfAbsent(id, Fused::new);
        entry.score += score;
        entry.lastRaw = raw;
    }

    private static List<ScoredId> rank(Map<String, Fused> fused) {
        List<Fused> ordered = new ArrayList<>(fused.values());
        ordered.sort(BY_SCORE_EXACT);
        forEachTieGroup(ordered, f -> f.score, group -> {
            group.sort(BY_RAW_EXACT);
            forEachTieGroup(group, f -> f.lastRaw, rawGroup -> rawGroup.sort(BY_ID));
        });
        List<ScoredId> ranked = new ArrayList<>(ordered.size());
        for (Fused entry : ordered) {
            ranked.add(new ScoredId(entry.id, entry.score));
        }
        return ranked;
    }

    /**
     * Calls {@code action} with each maximal run (of two or more) of {@code sorted} whose consecutive keys are
     * tied; the run is a view, so sorting it reorders {@code sorted} in place.
     */
    private static void forEachTieGroup(List<Fused> sorted, FloatKey key, Consumer<List<Fused>> action) {
        int start = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            boolean runContinues = i < sorted.size() && tied(key.of(sorted.get(i - 1)), key.of(sorted.get(i)));
            if (!runContinues) {
                if (i - start > 1) {
                    action.accept(sorted.subList(start, i));
                }
                start = i;
            }
        }
    }

    /** Weaviate's tie test: the float32 difference, widened, squared, below 1e-14. */
    private static boolean tied(float a, float b) {
        double difference = a - b;
        return difference * difference < TIE_SQUARED;
    }

    private static void validate(List<List<ScoredId>> resultSets, double[] weights) {
        Objects.requireNonNull(resultSets, "resultSets must not be null; pass one list per search leg");
        Objects.requireNonNull(weights, "weights must not be null; pass one weight per result set");
        if (weights.length != resultSets.size()) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries but there are "
                    + resultSets.size() + " result sets; pass exactly one weight per result set");
        }
        for (int set = 0; set < resultSets.size(); set++) {
            double weight = weights[set];
            if (!Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("weights[" + set + "] is " + weight
                        + "; pass a finite weight >= 0 (keyword 1 - alpha, vector alpha)");
            }
            List<ScoredId> results = resultSets.get(set);
            if (results == null) {
                throw new IllegalArgumentException(
                        "resultSets[" + set + "] is null; pass an empty list for a leg that found nothing");
            }
            Set<String> ids = new HashSet<>();
            for (int rank = 0; rank < results.size(); rank++) {
                ScoredId result = results.get(rank);
                if (result == null) {
                    throw new IllegalArgumentException(
                            "resultSets[" + set + "] has null at rank " + rank + "; remove it from the list");
                }
                if (!Float.isFinite((float) result.score())) {
                    throw new IllegalArgumentException("resultSets[" + set + "] has score " + result.score()
                            + " for id " + result.id() + "; pass finite raw scores within float range");
                }
                if (!ids.add(result.id())) {
                    throw new IllegalArgumentException("resultSets[" + set + "] holds id " + result.id()
                            + " more than once; pass each id at most once per result set");
                }
            }
        }
    }

    /** The running fusion state of one id. */
    private static final class Fused {
        final String id;
        float score;
        float lastRaw;

        Fused(String id) {
            this.id = id;
        }
    }

    @FunctionalInterface
    private interface FloatKey {
        float of(Fused fused);
    }
}
