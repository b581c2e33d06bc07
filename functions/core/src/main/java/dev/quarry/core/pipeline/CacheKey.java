package dev.quarry.core.pipeline;

import java.util.Objects;

/**
 * What identifies a cached answer.
 *
 * @param tenant the tenant; entries never cross tenants
 * @param corpusGeneration the tenant's corpus generation when the answer was computed; a new generation
 *     makes older entries unreachable
 * @param normalizedQuery the query text normalised for exact matching (case, whitespace, punctuation)
 * @param parameters a canonical rendering of every request parameter that changes the answer
 * @param queryVector the query embedding, for semantic lookups; may be null for exact-only caches
 */
public record CacheKey(
        String tenant, long corpusGeneration, String normalizedQuery, String parameters, float[] queryVector) {

    public CacheKey {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(normalizedQuery, "normalizedQuery must not be null");
        Objects.requireNonNull(parameters, "parameters must not be null");
    }
}
