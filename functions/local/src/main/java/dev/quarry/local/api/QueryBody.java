package dev.quarry.local.api;

import dev.quarry.core.model.ContentType;
import dev.quarry.core.search.SearchMode;

/**
 * The JSON body of {@code POST /v1/query}; absent fields take the {@code quarry.query.*} defaults.
 *
 * @param query the question (required, 1..2000 characters after trimming)
 * @param topK passages to return, 1..50
 * @param candidates candidates for the reranker, topK..200
 * @param mode bm25, vector or hybrid
 * @param alpha vector weight of hybrid search, 0..1
 * @param fusion relativeScore or ranked
 * @param filters restrictions
 * @param answer whether to generate an answer
 * @param rerank whether to rerank
 */
public record QueryBody(
        String query,
        Integer topK,
        Integer candidates,
        SearchMode mode,
        Double alpha,
        String fusion,
        Filters filters,
        Boolean answer,
        Boolean rerank) {

    /** Restricts the search: a document key prefix and a content type. */
    public record Filters(String keyPrefix, ContentType contentType) {}
}
