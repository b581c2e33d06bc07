package dev.quarry.cache.verify;

import dev.quarry.core.port.Reranker;

import java.util.Objects;

/**
 * Decides whether the nearest cached question may answer a query: the {@link VerifierModel}'s calibrated
 * probability that serving it is right, moved by what online verification learned about that entry
 * ({@link EntryObservations}), must reach {@code 1 - maxFalseHitRate}. Only the nearest candidate is ever
 * judged: a farther one is never served in its place. Weights trained with a pair model ({@link PairModels}) run
 * it on the query and the nearest question, once per judged candidate.
 */
public final class HitVerifier {

    private final VerifierModel model;
    private final double maxFalseHitRate;
    private final Reranker pairModel;

    /** A verifier whose weights read no pair model. */
    public HitVerifier(VerifierModel model, double maxFalseHitRate) {
        this(model, maxFalseHitRate, null);
    }

    /**
     * @param pairModel the pair model the weights were trained with ({@link VerifierModel#pairModel()}); null
     *     when they read none
     * @throws IllegalArgumentException when the weights need a pair model and none is given, or one is given
     *     that they do not read
     */
    public HitVerifier(VerifierModel model, double maxFalseHitRate, Reranker pairModel) {
        this.model = Objects.requireNonNull(model, "model must not be null");
        if (model.needsPairScore() != (pairModel != null)) {
            throw new IllegalArgumentException(
                    model.needsPairScore()
                            ? "verifier weights for " + model.embedder() + " were trained with pair model "
                                    + model.pairModel() + ": set quarry.cache.verifier.pair-model-dir to its directory"
                            : "verifier weights for " + model.embedder() + " read no pair model: unset"
                                    + " quarry.cache.verifier.pair-model-dir, or train weights with"
                                    + " quarry bench cache-train --pair-model DIR");
        }
        this.pairModel = pairModel;
        if (!(maxFalseHitRate > 0 && maxFalseHitRate < 1)) {
            throw new IllegalArgumentException("maxFalseHitRate must be in (0, 1), was " + maxFalseHitRate);
        }
        this.maxFalseHitRate = maxFalseHitRate;
    }

    /**
     * The verdict on one would-be hit.
     *
     * @param probability the verifier's probability that serving it is right (before the entry's offset)
     * @param adjusted that probability with the entry's offset
     * @param serve whether it is served
     * @param globallyServable whether the verifier alone (no entry offset) would serve it: online checks
     *     sample these, so an entry made stricter by a wrong outcome can also recover
     */
    public record Verdict(double probability, double adjusted, boolean serve, boolean globallyServable) {
        public static final Verdict NONE = new Verdict(0, 0, false, false);
    }

    public Verdict judge(String query, String candidate, double nearest, double second, EntryObservations seen) {
        if (nearest < model.minCosine()) {
            return new Verdict(0, 0, false, false);
        }
        double p = model.probability(
                query, candidate, nearest, second, () -> PairModels.score(pairModel, query, candidate));
        double adjusted = seen.adjust(p);
        double bar = 1 - maxFalseHitRate;
        return new Verdict(p, adjusted, adjusted >= bar, p >= bar);
    }

    public VerifierModel model() {
        return model;
    }

    public double maxFalseHitRate() {
        return maxFalseHitRate;
    }

    public String embedder() {
        return model.embedder();
    }
}
