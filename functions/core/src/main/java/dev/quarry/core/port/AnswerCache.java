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

    Optional<QueryResult> lookup(CacheKey key);

    void store(CacheKey key, QueryResult result);
}
