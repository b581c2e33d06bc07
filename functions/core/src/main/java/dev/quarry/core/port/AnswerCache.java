package dev.quarry.core.port;

import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.query.QueryResult.CacheStatus;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remembers answers so that a repeated (or, for a semantic cache, paraphrased) question is not paid for
 * twice. Keys carry the tenant and its corpus generation, read from the tenant's {@link CorpusVersion} (which
 * ingestion bumps): an entry never crosses tenants and is never served after the corpus changed. The in-memory and
 * the Redis cache pass {@code dev.quarry.testing.AnswerCacheContractTest}.
 */
public interface AnswerCache {

    /**
     * The tenant's current corpus generation as this cache reads it from its {@link CorpusVersion}, part of every
     * key built for it. A cache that cannot read it may return a negative number: keys with it are never served
     * nor stored.
     */
    long corpusGeneration(String tenant);

    Optional<QueryResult> lookup(CacheKey key);

    void store(CacheKey key, QueryResult result);

    /**
     * Answers {@code key} from the cache, or runs {@code compute} and stores what it returns. The result's
     * {@link QueryResult#cache()} says which: {@link CacheStatus#HIT} (served from the cache, timings as
     * stored), {@link CacheStatus#MISS} (computed, as {@code compute} returned it), or {@link
     * CacheStatus#BYPASS} (computed because the cache could not be asked). A shared cache overrides this to
     * let concurrent identical misses compute once; this default does a plain lookup, compute, store.
     */
    default QueryResult lookupOrCompute(CacheKey key, Supplier<QueryResult> compute) {
        Optional<QueryResult> cached = lookup(key);
        if (cached.isPresent()) {
            return cached.get().withCache(CacheStatus.HIT, cached.get().timings());
        }
        QueryResult result = compute.get();
        store(key, result);
        return result;
    }

    /** A cache that never answers: for callers that run without one. */
    AnswerCache NONE = new AnswerCache() {
        @Override
        public long corpusGeneration(String tenant) {
            return 0;
        }

        @Override
        public Optional<QueryResult> lookup(CacheKey key) {
            return Optional.empty();
        }

        @Override
        public void store(CacheKey key, QueryResult result) {}
    };
}
