package dev.quarry.core.query;

import dev.quarry.core.model.Answer;
import dev.quarry.core.model.SearchHit;

import java.util.List;

/**
 * The outcome of a query.
 *
 * @param answer the answer text (null when retrieval only) and its numbered citations
 * @param hits the passages, best first, after reranking
 * @param cache whether the cache answered
 * @param reranked whether the cross-encoder reordered the hits
 * @param rerankNote why the hits were not reranked; null when they were
 * @param timings time spent per stage
 */
public record QueryResult(
        Answer answer, List<SearchHit> hits, CacheStatus cache, boolean reranked, String rerankNote, Timings timings) {

    public QueryResult {
        hits = List.copyOf(hits);
    }

    public QueryResult withCache(CacheStatus status, Timings newTimings) {
        return new QueryResult(answer, hits, status, reranked, rerankNote, newTimings);
    }

    public enum CacheStatus {
        HIT,
        MISS,
        BYPASS
    }

    /** Milliseconds per stage; a stage that did not run is 0. */
    public record Timings(double embedMs, double searchMs, double rerankMs, double generateMs, double totalMs) {
        public static final Timings NONE = new Timings(0, 0, 0, 0, 0);
    }
}
