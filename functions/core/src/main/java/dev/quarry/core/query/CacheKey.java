package dev.quarry.core.query;

import dev.quarry.core.model.Tenants;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * What identifies a cached answer.
 *
 * @param tenant the tenant; entries never cross tenants
 * @param corpusGeneration the tenant's corpus generation when the answer was computed; a new generation
 *     makes older entries unreachable
 * @param normalizedQuery the query text normalised for exact matching, see {@link #normalize(String)}
 * @param parameters a canonical rendering of every request parameter that changes the answer
 * @param queryVector the query embedding, for semantic lookups; may be null for exact-only caches
 */
public record CacheKey(
        String tenant, long corpusGeneration, String normalizedQuery, String parameters, float[] queryVector) {

    public CacheKey {
        Tenants.canonical(tenant, "tenant");
        Objects.requireNonNull(normalizedQuery, "normalizedQuery must not be null");
        Objects.requireNonNull(parameters, "parameters must not be null");
    }

    /** The key of {@code request} in {@code generation}. */
    public static CacheKey of(QueryRequest request, long generation, float[] queryVector) {
        String parameters = "topK=" + request.topK()
                + ";candidates=" + request.candidates()
                + ";mode=" + request.mode()
                + ";alpha=" + request.alpha()
                + ";fusion=" + request.fusion()
                + ";filter=" + request.filter()
                + ";answer=" + request.answer()
                + ";rerank=" + request.rerank()
                + (request.minRelevance() == null ? "" : ";minRelevance=" + request.minRelevance());
        return new CacheKey(request.tenant(), generation, normalize(request.query()), parameters, queryVector);
    }

    /**
     * Unicode-normalised (NFKC), lower case, punctuation removed, whitespace collapsed: "What is  BM25?"
     * and "what is bm25" are the same question; digits and letters of every script are kept.
     */
    public static String normalize(String query) {
        String text = Normalizer.normalize(query, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        text = text.replaceAll("[\\p{P}\\p{S}]+", " ");
        return text.strip().replaceAll("\\s+", " ");
    }
}
