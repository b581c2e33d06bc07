package dev.quarry.core.port;

import dev.quarry.core.pipeline.CacheKey;
import dev.quarry.core.pipeline.QueryResult;

import java.util.Optional;

/**
 * Remembers answers so that a repeated (or, for a semantic cache, paraphrased) question is not paid for
 * twice. Keys carry the tenant and its corpus generation: an entry never crosses tenants and is never
 * served after the corpus changed.
 */
public interface AnswerCache {

    /** The tenant's current corpus generation, part of every key built for it. */
    long corpusGeneration(String tenant);

    /** Called by ingestion after a tenant's corpus changed: later lookups no longer see older entries. */
    void corpusChanged(String tenant);

    Optional<QueryResult> lookup(CacheKey key);

    void store(CacheKey key, QueryResult result);

    /** A cache that never answers: for callers that run without one. */
    AnswerCache NONE = new AnswerCache() {
        @Override
        public long corpusGeneration(String tenant) {
            return 0;
        }

        @Override
        public void corpusChanged(String tenant) {}

        @Override
        public Optional<QueryResult> lookup(CacheKey key) {
            return Optional.empty();
        }

        @Override
        public void store(CacheKey key, QueryResult result) {}
    };
}
