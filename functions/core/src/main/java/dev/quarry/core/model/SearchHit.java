package dev.quarry.core.model;

import java.util.Objects;

/**
 * A retrieved chunk with its scores.
 *
 * @param chunk the chunk
 * @param score the retrieval score that ranked it: fused score for hybrid search, BM25 score for keyword
 *     search, {@code 1 - cosine distance} for vector search
 * @param rerankScore the cross-encoder probability in [0,1], or {@code null} when not reranked
 */
public record SearchHit(Chunk chunk, double score, Double rerankScore) {

    public SearchHit {
        Objects.requireNonNull(chunk, "chunk must not be null");
    }

    public SearchHit(Chunk chunk, double score) {
        this(chunk, score, null);
    }

    public SearchHit withRerankScore(double value) {
        return new SearchHit(chunk, score, value);
    }
}
