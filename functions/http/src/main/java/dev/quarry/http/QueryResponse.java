package dev.quarry.http;

import dev.quarry.core.model.Citation;
import dev.quarry.core.query.QueryResult;

import java.util.List;
import java.util.Locale;

/**
 * The JSON body of a query answer, shared by {@code POST /v1/query} and {@code quarry ask --json}.
 *
 * @param answer generated answer text, or null for retrieval only
 * @param citations numbered passages (all returned passages when there is no generated answer)
 * @param cache hit, miss or bypass
 * @param reranked whether the cross-encoder ordered the passages, and why not when it did not
 * @param timings milliseconds per stage
 */
public record QueryResponse(
        String answer, List<Citation> citations, String cache, Reranked reranked, QueryResult.Timings timings) {

    public record Reranked(boolean value, String reason) {}

    public static QueryResponse of(QueryResult result) {
        return new QueryResponse(
                result.answer().text(),
                result.answer().citations(),
                result.cache().name().toLowerCase(Locale.ROOT),
                new Reranked(result.reranked(), result.rerankNote()),
                result.timings());
    }
}
