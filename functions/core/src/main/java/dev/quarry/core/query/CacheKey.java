package dev.quarry.core.query;

import dev.quarry.core.model.Tenants;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

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
     * Punctuation and symbols, except those that change what is asked ({@code + # % @ & $ ~ ^ * = < > | \}):
     * "C++" is not "C", "C#" is not "C", "Z+ security" is not "Z security", "what does % mean" is not "what
     * does ~ mean".
     */
    private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}&&[^+#%@&$~^*=<>|\\\\]]+");

    /**
     * Unicode-normalised (NFKC), lower case, punctuation removed, whitespace collapsed: "What is  BM25?"
     * and "what is bm25" are the same question; digits and letters of every script are kept, and so are the
     * symbols that change what is asked ("c++", "c#", "z+").
     */
    public static String normalize(String query) {
        String text = Normalizer.normalize(query, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        text = PUNCTUATION.matcher(text).replaceAll(" ");
        return text.strip().replaceAll("\\s+", " ");
    }
}
