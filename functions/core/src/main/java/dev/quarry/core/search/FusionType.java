package dev.quarry.core.search;

/** How hybrid search fuses the keyword and vector result sets; both follow Weaviate's arithmetic. */
public enum FusionType {
    /** Min-max normalised scores, weighted and summed ({@link HybridFusion#relativeScore}). */
    RELATIVE_SCORE,
    /** Reciprocal rank, {@code weight / (rank + 60)} ({@link HybridFusion#ranked}). */
    RANKED
}
