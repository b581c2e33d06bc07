package dev.quarry.tools.bench.cache;

import dev.quarry.cache.verify.PairModels;
import dev.quarry.core.port.Reranker;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A pair model for verifier training ({@code quarry bench cache-train --pair-model DIR}), with its scores kept:
 * the same query and nearest question meet in many simulated caches and curves.
 *
 * @see PairModels
 */
public final class PairScores {

    private final String id;
    private final Reranker model;
    private final Map<String, Double> scores = new HashMap<>();

    /**
     * @param id the SHA-256 of the model file ({@link PairModels#id}), recorded in the weights
     * @param model the pair model
     */
    public PairScores(String id, Reranker model) {
        this.id = Objects.requireNonNull(id, "id must not be null");
        this.model = Objects.requireNonNull(model, "model must not be null");
    }

    public String id() {
        return id;
    }

    public Reranker model() {
        return model;
    }

    /** The model's score of the two normalised questions. */
    public double score(String query, String candidate) {
        return scores.computeIfAbsent(query + '\u0000' + candidate, k -> PairModels.score(model, query, candidate));
    }
}
