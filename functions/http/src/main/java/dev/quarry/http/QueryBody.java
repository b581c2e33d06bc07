package dev.quarry.http;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.query.QueryParameters;
import dev.quarry.core.query.QueryRequests;
import dev.quarry.core.search.SearchMode;

import java.time.Instant;

/**
 * The JSON body of {@code POST /v1/query}; absent fields take the {@code quarry.query.*} defaults. Unknown
 * fields are refused.
 *
 * @param query the question (required, 1..2000 characters after trimming)
 * @param topK passages to return, 1..50
 * @param candidates hybrid-search candidates for the reranker, topK..200
 * @param mode bm25, vector or hybrid
 * @param alpha vector weight of hybrid search, 0..1
 * @param fusion relative-score or ranked
 * @param filters restrictions
 * @param answer whether to generate an answer (default true)
 * @param rerank whether to rerank (default true)
 * @param minRelevance drop passages less relevant than this (default quarry.query.min-relevance, none): relevance is
 *     the reranker's probability when reranked, else the embedding cosine; no passage left means nothing relevant
 *     was found
 */
public record QueryBody(
        String query,
        Integer topK,
        Integer candidates,

        @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)
        SearchMode mode,

        Double alpha,
        String fusion,
        Filters filters,
        Boolean answer,
        Boolean rerank,
        Double minRelevance) {

    /** The parameters this body gives, for {@link QueryRequests#of}. */
    public QueryParameters parameters() {
        Filters f = filters == null ? new Filters(null, null, null, null) : filters;
        return new QueryParameters(
                query,
                topK,
                candidates,
                mode,
                alpha,
                fusion == null ? null : QueryRequests.fusion(fusion),
                f.keyPrefix(),
                f.contentType(),
                f.indexedAfter(),
                f.indexedBefore(),
                answer,
                rerank,
                minRelevance);
    }

    /**
     * Restricts the search; every given restriction applies.
     *
     * @param keyPrefix only documents whose key starts with this
     * @param contentType only documents of this format
     * @param indexedAfter only passages indexed at or after this instant (ISO-8601)
     * @param indexedBefore only passages indexed before this instant (ISO-8601)
     */
    public record Filters(
            String keyPrefix,

            @JsonFormat(with = JsonFormat.Feature.ACCEPT_CASE_INSENSITIVE_VALUES)
            ContentType contentType,

            Instant indexedAfter,
            Instant indexedBefore) {}
}
