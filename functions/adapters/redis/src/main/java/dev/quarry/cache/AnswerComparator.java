package dev.quarry.cache;

import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.search.Similarity;

import java.util.List;
import java.util.Objects;

/**
 * Online verification's judge: whether a freshly computed answer agrees with the cached one it would have
 * been served instead. Retrieval-only results (no answer text) agree when they return the same passages in
 * the same order; generated answers agree when their texts are equal or, with an embedder, when their
 * embeddings are at least {@code minCosine} alike (an LLM rarely words one answer twice the same way).
 */
@FunctionalInterface
public interface AnswerComparator {

    boolean agree(QueryResult cached, QueryResult fresh);

    /** Exact: same passages, and the same answer text. */
    AnswerComparator EXACT =
            (cached, fresh) -> samePassages(cached, fresh) && Objects.equals(text(cached), text(fresh));

    /** Same passages for retrieval-only results; answer texts compared by embedding cosine. */
    static AnswerComparator byEmbedding(Embedder embedder, double minCosine) {
        Objects.requireNonNull(embedder, "embedder must not be null");
        return (cached, fresh) -> {
            String a = text(cached);
            String b = text(fresh);
            if (a == null || b == null) {
                return a == null && b == null && samePassages(cached, fresh);
            }
            if (a.equals(b)) {
                return true;
            }
            List<float[]> vectors = embedder.embedAll(List.of(a, b));
            return Similarity.cosine(vectors.get(0), vectors.get(1)) >= minCosine;
        };
    }

    private static String text(QueryResult r) {
        String t = r.answer() == null ? null : r.answer().text();
        return t == null || t.isBlank() ? null : t;
    }

    private static boolean samePassages(QueryResult cached, QueryResult fresh) {
        return ids(cached.hits()).equals(ids(fresh.hits()));
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(h -> h.chunk().id()).toList();
    }
}
