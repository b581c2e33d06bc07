package dev.quarry.cache;

import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.cache.verify.TermWeights;
import dev.quarry.cache.verify.VerifierFeatures;
import dev.quarry.cache.verify.VerifierModel;

import java.util.List;
import java.util.Optional;

/**
 * A hand-set verifier for contract tests on synthetic vectors: serves a candidate from cosine ~0.85 up
 * unless the questions differ in a number, a negation or a subject term. The shipped, learned weights are
 * measured on real data by {@code quarry bench cache}; these only make the wiring testable.
 */
public final class TestVerifiers {

    private TestVerifiers() {}

    public static VerifierModel model(String embedder) {
        int n = VerifierFeatures.NAMES.size();
        double[] mean = new double[n];
        double[] scale = new double[n];
        java.util.Arrays.fill(scale, 1);
        double[] weights = new double[n];
        weights[VerifierFeatures.NAMES.indexOf("neg_log_distance")] = 2.0;
        weights[VerifierFeatures.NAMES.indexOf("unmatched_terms")] = -10;
        weights[VerifierFeatures.NAMES.indexOf("numbers_differ")] = -20;
        weights[VerifierFeatures.NAMES.indexOf("negation_differs")] = -20;
        return new VerifierModel(
                VerifierModel.FORMAT,
                embedder,
                VerifierFeatures.NAMES,
                mean,
                scale,
                weights,
                -2.0,
                List.of(),
                TermWeights.NONE,
                0.70,
                null,
                null,
                null);
    }

    /**
     * Weights for {@code embedder} that read pair model {@code pairModel} and only it: the probability is
     * {@code σ(20 (pairScore - 0.5))}, so a pair score above one half serves.
     */
    public static VerifierModel pairModelWeights(String embedder, String pairModel) {
        List<String> names = VerifierFeatures.names(true);
        int n = names.size();
        double[] mean = new double[n];
        double[] scale = new double[n];
        java.util.Arrays.fill(scale, 1);
        double[] weights = new double[n];
        int pair = names.indexOf(VerifierFeatures.PAIR_SCORE);
        mean[pair] = 0.5;
        weights[pair] = 20;
        return new VerifierModel(
                VerifierModel.FORMAT,
                embedder,
                names,
                mean,
                scale,
                weights,
                0,
                List.of(),
                TermWeights.NONE,
                0.70,
                null,
                null,
                pairModel);
    }

    static Optional<HitVerifier> verifier() {
        return Optional.of(new HitVerifier(model("test-embedder"), CacheSettings.DEFAULT_MAX_FALSE_HIT_RATE));
    }
}
