package dev.quarry.core.search;

/** Which retrieval legs a search uses. */
public enum SearchMode {
    /** Keyword search only (BM25). */
    BM25,
    /** Vector search only (cosine similarity of embeddings). */
    VECTOR,
    /** Both legs, fused by {@link HybridFusion}. */
    HYBRID
}
