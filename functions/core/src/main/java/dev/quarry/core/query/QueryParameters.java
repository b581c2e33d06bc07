package dev.quarry.core.query;

import dev.quarry.core.model.ContentType;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;

import java.time.Instant;

/**
 * What a caller asked for, before defaults and bounds: the HTTP API's JSON body and the command line's options
 * both become one of these, and {@link QueryRequests#of} turns it into a {@link QueryRequest}. Every field may be
 * null (not given); parameter names are the HTTP API's.
 *
 * @param query the question
 * @param topK passages to return
 * @param candidates hybrid-search candidates the reranker sees
 * @param mode bm25, vector or hybrid
 * @param alpha vector weight of hybrid search
 * @param fusion how the legs of hybrid search are fused (names: {@link QueryRequests#fusion})
 * @param keyPrefix only documents whose key starts with this
 * @param contentType only documents of this format
 * @param indexedAfter only passages indexed at or after this instant
 * @param indexedBefore only passages indexed before this instant
 * @param answer whether to generate an answer
 * @param rerank whether to rerank
 * @param minRelevance drop passages less relevant than this
 */
public record QueryParameters(
        String query,
        Integer topK,
        Integer candidates,
        SearchMode mode,
        Double alpha,
        FusionType fusion,
        String keyPrefix,
        ContentType contentType,
        Instant indexedAfter,
        Instant indexedBefore,
        Boolean answer,
        Boolean rerank,
        Double minRelevance) {

    /** Only the question; everything else takes its default. */
    public static QueryParameters question(String query) {
        return new QueryParameters(query, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
