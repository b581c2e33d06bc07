package dev.quarry.cache.verify;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.Objects;

/**
 * How rare each word is among questions: document frequencies of Snowball stems over the questions the
 * verifier was trained on, for the IDF-weighted features ({@link VerifierFeatures}). A word asked about
 * rarely ("barnacles", "ssc", "z+") weighs more than a frequent one ("best", "way") when it is in one
 * question only. Stems seen in fewer than {@code minDf} questions are not stored and count as seen once.
 *
 * @param documents the number of questions counted
 * @param minDf the smallest document frequency stored
 * @param df stem → number of questions holding it
 */
public record TermWeights(
        @JsonProperty("documents") int documents,
        @JsonProperty("min_df") int minDf,
        @JsonProperty("df") Map<String, Integer> df) {

    public static final TermWeights NONE = new TermWeights(1, 1, Map.of());

    public TermWeights {
        if (documents < 1) {
            throw new IllegalArgumentException("documents must be at least 1, was " + documents);
        }
        df = Map.copyOf(Objects.requireNonNull(df, "df must not be null"));
    }

    /** {@code ln((documents + 1) / (df + 1))}: 0 for a stem in every question, largest for unseen ones. */
    public double idf(String stem) {
        Integer n = df.get(stem);
        return Math.log((documents + 1.0) / ((n == null ? 1 : n) + 1.0));
    }
}
