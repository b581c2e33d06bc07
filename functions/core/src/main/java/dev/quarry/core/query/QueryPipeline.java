package dev.quarry.core.query;

import dev.quarry.core.model.Answer;
import dev.quarry.core.model.Citation;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.AnswerGenerator;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryResult.CacheStatus;
import dev.quarry.core.query.QueryResult.Timings;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Answers a question: cache lookup, query embedding, search, rerank, answer generation, cache store.
 * Depends only on ports; every optional stage says in the result whether it ran.
 */
public final class QueryPipeline {

    private final Embedder embedder;
    private final ChunkIndex index;
    private final Optional<Reranker> reranker;
    private final AnswerCache cache;
    private final Optional<AnswerGenerator> generator;
    private final OptionalDouble minRerankScore;

    /**
     * @param reranker the cross-encoder, or empty to return hits in retrieval order
     * @param cache the answer cache ({@link AnswerCache#NONE} for none)
     * @param generator the LLM, or empty for retrieval-only answers
     * @param minRerankScore drop reranked hits below this probability, or empty to keep all
     */
    public QueryPipeline(
            Embedder embedder,
            ChunkIndex index,
            Optional<Reranker> reranker,
            AnswerCache cache,
            Optional<AnswerGenerator> generator,
            OptionalDouble minRerankScore) {
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
        this.index = Objects.requireNonNull(index, "index must not be null");
        this.reranker = Objects.requireNonNull(reranker, "reranker must not be null: pass Optional.empty()");
        this.cache = Objects.requireNonNull(cache, "cache must not be null: pass AnswerCache.NONE");
        this.generator = Objects.requireNonNull(generator, "generator must not be null: pass Optional.empty()");
        this.minRerankScore = Objects.requireNonNull(minRerankScore, "minRerankScore must not be null");
    }

    /** A question embedded once: what a cache lookup and a full query both start from. */
    public record Prepared(QueryRequest request, float[] vector, double embedMs) {}

    /** Embeds the question (unless the search is pure BM25). */
    public Prepared prepare(QueryRequest request) {
        long t = System.nanoTime();
        float[] vector = request.mode() == SearchMode.BM25 ? null : embedder.embedQuery(request.query());
        return new Prepared(request, vector, millisSince(t));
    }

    /**
     * The cached answer to {@code request}, if the cache holds one: embeds the query and looks it up, nothing
     * else. Lets a server answer hits without queueing them behind misses, whose search and rerank cost
     * hundreds of times more; on a miss, {@link #query(Prepared)} continues from the same embedding.
     */
    public Optional<QueryResult> cached(QueryRequest request) {
        return cached(prepare(request));
    }

    public Optional<QueryResult> cached(Prepared prepared) {
        long start = System.nanoTime();
        return cache.lookup(key(prepared)).map(hit -> hit(hit, prepared, start));
    }

    public QueryResult query(QueryRequest request) {
        return query(prepare(request));
    }

    /**
     * Answers a prepared question: cache (with stampede control), else search, rerank and answer. The tenant's
     * corpus generation is read now, not when the question was prepared, so a query that waited in a queue
     * while the corpus changed never takes an older answer.
     */
    public QueryResult query(Prepared prepared) {
        long start = System.nanoTime();
        QueryResult result = cache.lookupOrCompute(key(prepared), () -> compute(prepared, start));
        return result.cache() == CacheStatus.HIT ? hit(result, prepared, start) : result;
    }

    private CacheKey key(Prepared prepared) {
        QueryRequest request = prepared.request();
        return CacheKey.of(request, cache.corpusGeneration(request.tenant()), prepared.vector());
    }

    /** A cached answer with this request's timings: the embedding and the lookup. */
    private static QueryResult hit(QueryResult cached, Prepared prepared, long start) {
        double embedMs = prepared.embedMs();
        return cached.withCache(CacheStatus.HIT, new Timings(embedMs, 0, 0, 0, embedMs + millisSince(start)));
    }

    /** Search, rerank and answer: the work a cache hit saves. */
    private QueryResult compute(Prepared prepared, long start) {
        QueryRequest request = prepared.request();
        float[] vector = prepared.vector();
        double embedMs = prepared.embedMs();
        long t = System.nanoTime();
        int limit = request.rerank() && reranker.isPresent() ? request.candidates() : request.topK();
        List<SearchHit> hits = index.search(new SearchRequest(
                request.tenant(),
                request.query(),
                vector,
                request.mode(),
                request.alpha(),
                request.fusion(),
                limit,
                request.filter()));
        double searchMs = millisSince(t);

        t = System.nanoTime();
        String rerankNote = rerankNote(request, hits);
        if (rerankNote == null) {
            hits = rerank(request.query(), hits);
        }
        hits = relevant(hits.subList(0, Math.min(request.topK(), hits.size())), request.minRelevance());
        double rerankMs = rerankNote == null ? millisSince(t) : 0;

        t = System.nanoTime();
        Answer answer = answer(request, hits);
        double generateMs = request.answer() && generator.isPresent() && !hits.isEmpty() ? millisSince(t) : 0;

        return new QueryResult(
                answer,
                hits,
                CacheStatus.MISS,
                rerankNote == null,
                rerankNote,
                new Timings(embedMs, searchMs, rerankMs, generateMs, embedMs + millisSince(start)));
    }

    /** The hits at least {@code min} relevant (hits of unknown relevance stay); all of them when min is null. */
    private static List<SearchHit> relevant(List<SearchHit> hits, Double min) {
        if (min == null) {
            return hits;
        }
        return hits.stream()
                .filter(hit -> hit.relevance() == null || hit.relevance() >= min)
                .toList();
    }

    private String rerankNote(QueryRequest request, List<SearchHit> hits) {
        if (!request.rerank()) {
            return "disabled by request";
        }
        if (reranker.isEmpty()) {
            return "no reranker model configured (quarry.rerank.model-dir)";
        }
        if (hits.isEmpty()) {
            return "no candidates";
        }
        return null;
    }

    private List<SearchHit> rerank(String query, List<SearchHit> candidates) {
        List<String> passages = candidates.stream().map(h -> h.chunk().text()).toList();
        float[] scores = reranker.orElseThrow().score(query, passages);
        List<SearchHit> reranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (minRerankScore.isEmpty() || scores[i] >= minRerankScore.getAsDouble()) {
                reranked.add(candidates.get(i).withRerankScore(scores[i]));
            }
        }
        // Stable sort: equal probabilities keep their retrieval order.
        reranked.sort(
                Comparator.comparingDouble((SearchHit h) -> h.rerankScore()).reversed());
        return reranked;
    }

    private Answer answer(QueryRequest request, List<SearchHit> hits) {
        if (!request.answer() || generator.isEmpty() || hits.isEmpty()) {
            return new Answer(null, citations(hits, null));
        }
        AnswerGenerator.Generated generated = generator.get().generate(request.query(), hits);
        return new Answer(generated.text(), citations(hits, generated.citedNumbers()));
    }

    /** Numbers the hits 1..n; with {@code cited} given, keeps only those the answer cites. */
    private static List<Citation> citations(List<SearchHit> hits, List<Integer> cited) {
        List<Citation> citations = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            int number = i + 1;
            if (cited == null || cited.contains(number)) {
                citations.add(Citation.of(number, hits.get(i)));
            }
        }
        return citations;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
