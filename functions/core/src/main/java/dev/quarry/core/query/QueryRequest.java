package dev.quarry.core.query;

import dev.quarry.core.model.Tenants;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;

import java.util.Objects;

/**
 * A question to answer from one tenant's corpus.
 *
 * @param tenant the tenant; the search, its filters and the cache key are scoped to it
 * @param query the question, trimmed, not blank
 * @param topK how many passages to return (after reranking)
 * @param candidates how many hybrid-search candidates the reranker sees
 * @param mode which retrieval legs to use
 * @param alpha vector weight for hybrid search, in [0,1]
 * @param fusion fusion arithmetic for hybrid search
 * @param filter restrictions applied in the index
 * @param answer whether to generate an answer (false: retrieval only)
 * @param rerank whether to rerank the candidates with the cross-encoder
 * @param minRelevance drop passages whose {@link dev.quarry.core.model.SearchHit#relevance()} is below this
 *     (a passage of unknown relevance, bm25 without reranking, is kept); null keeps every passage
 */
public record QueryRequest(
        String tenant,
        String query,
        int topK,
        int candidates,
        SearchMode mode,
        double alpha,
        FusionType fusion,
        SearchFilter filter,
        boolean answer,
        boolean rerank,
        Double minRelevance) {

    public QueryRequest {
        Tenants.canonical(tenant, "tenant");
        Objects.requireNonNull(query, "query must not be null");
        query = query.strip();
        if (query.isEmpty()) {
            throw new IllegalArgumentException("query must not be blank");
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < query.length()
                    && Character.isLowSurrogate(query.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("query holds an unpaired surrogate (\\u" + Integer.toHexString(c)
                        + ") at position " + i + ": send valid Unicode text");
            }
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, was " + topK);
        }
        if (candidates < topK) {
            throw new IllegalArgumentException("candidates (" + candidates + ") must be >= topK (" + topK + ")");
        }
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(fusion, "fusion must not be null");
        filter = filter == null ? SearchFilter.NONE : filter;
        if (minRelevance != null && !(minRelevance >= -1 && minRelevance <= 1)) {
            throw new IllegalArgumentException("minRelevance must be within -1..1, was " + minRelevance);
        }
    }

    /** A request that keeps every passage, whatever its relevance. */
    public QueryRequest(
            String tenant,
            String query,
            int topK,
            int candidates,
            SearchMode mode,
            double alpha,
            FusionType fusion,
            SearchFilter filter,
            boolean answer,
            boolean rerank) {
        this(tenant, query, topK, candidates, mode, alpha, fusion, filter, answer, rerank, null);
    }
}
