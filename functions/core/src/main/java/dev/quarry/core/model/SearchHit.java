package dev.quarry.core.model;

import java.util.Objects;

/**
 * A retrieved chunk with its scores.
 *
 * @param chunk the chunk
 * @param score the retrieval score that ranked it: fused score for hybrid search, BM25 score for keyword
 *     search, {@code 1 - cosine distance} for vector search. A ranking score only: relative-score fusion gives
 *     the best hit of every search about 1.0, however unrelated the question.
 * @param rerankScore the cross-encoder probability in [0,1], or {@code null} when not reranked
 * @param similarity the cosine similarity of the query's and the chunk's embeddings in [-1,1], or {@code null}
 *     when the search had no query vector (bm25)
 */
public record SearchHit(Chunk chunk, double score, Double rerankScore, Double similarity) {

    public SearchHit {
        Objects.requireNonNull(chunk, "chunk must not be null");
    }

    public SearchHit(Chunk chunk, double score) {
        this(chunk, score, null, null);
    }

    public SearchHit(Chunk chunk, double score, Double rerankScore) {
        this(chunk, score, rerankScore, null);
    }

    public SearchHit withRerankScore(double value) {
        return new SearchHit(chunk, score, value, similarity);
    }

    public SearchHit withSimilarity(double value) {
        return new SearchHit(chunk, score, rerankScore, value);
    }

    /**
     * How relevant the chunk is to the question, on a scale that does not depend on the other hits: the
     * cross-encoder's probability when the hits were reranked, else the embedding cosine; {@code null} when
     * neither is known (bm25 without reranking).
     */
    public Double relevance() {
        return rerankScore != null ? rerankScore : similarity;
    }
}
