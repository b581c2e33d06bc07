package dev.quarry.core.query;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.AnswerGenerator;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryResult.CacheStatus;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

public class QueryPipelineTest {

    private static final String TENANT = "acme";

    /** Returns the stored hits in order, recording every request. */
    static final class FakeIndex implements ChunkIndex {
        final List<SearchHit> hits = new ArrayList<>();
        final List<SearchRequest> requests = new ArrayList<>();

        @Override
        public void upsert(List<EmbeddedChunk> chunks) {}

        @Override
        public long deleteDocument(String tenant, String key) {
            return 0;
        }

        @Override
        public long deleteOtherVersions(DocumentRef keep) {
            return 0;
        }

        @Override
        public long deleteVersion(DocumentRef version) {
            return 0;
        }

        @Override
        public List<SearchHit> search(SearchRequest request) {
            requests.add(request);
            return hits.subList(0, Math.min(request.limit(), hits.size()));
        }

        @Override
        public long count(String tenant) {
            return hits.size();
        }
    }

    public static final class FakeEmbedder implements Embedder {
        int calls;

        @Override
        public List<float[]> embedAll(List<String> texts) {
            calls++;
            return texts.stream().map(t -> new float[] {1, 0}).toList();
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public int countTokens(String text) {
            return text.split("\\s+").length;
        }

        @Override
        public int maxTokens() {
            return 256;
        }
    }

    /** Scores a passage by whether it contains the word "relevant". */
    static final Reranker KEYWORD_RERANKER = (query, passages) -> {
        float[] scores = new float[passages.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = passages.get(i).contains("relevant") ? 0.9f : 0.1f;
        }
        return scores;
    };

    /** A cache keyed by its own corpus version (one counter for every tenant), which ingestion bumps. */
    public static class MapCache implements AnswerCache, CorpusVersion {
        final Map<String, QueryResult> entries = new HashMap<>();
        public long generation;

        @Override
        public long corpusGeneration(String tenant) {
            return current(tenant);
        }

        @Override
        public long current(String tenant) {
            return generation;
        }

        @Override
        public long bump(String tenant) {
            return ++generation;
        }

        @Override
        public Optional<QueryResult> lookup(CacheKey key) {
            return Optional.ofNullable(entries.get(id(key)));
        }

        @Override
        public void store(CacheKey key, QueryResult result) {
            entries.put(id(key), result);
        }

        private static String id(CacheKey key) {
            return key.tenant() + key.corpusGeneration() + key.normalizedQuery() + key.parameters();
        }
    }

    private final FakeIndex index = new FakeIndex();
    private final FakeEmbedder embedder = new FakeEmbedder();

    private static SearchHit hit(String key, String text, double score) {
        DocumentRef doc = new DocumentRef(TENANT, key, "v1");
        return new SearchHit(new Chunk(Chunk.idFor(doc, 0), doc, ContentType.TEXT, 1, 1, 0, List.of(), text), score);
    }

    private static QueryRequest request(String query, boolean rerank, boolean answer) {
        return new QueryRequest(
                TENANT,
                query,
                2,
                10,
                SearchMode.HYBRID,
                0.5,
                FusionType.RELATIVE_SCORE,
                SearchFilter.NONE,
                answer,
                rerank);
    }

    @Test
    void should_reorder_candidates_by_reranker_score_when_a_reranker_is_configured() {
        // given
        index.hits.addAll(List.of(
                hit("a", "first but off topic", 0.9), hit("b", "second", 0.8), hit("c", "the relevant one", 0.7)));
        QueryPipeline pipeline = new QueryPipeline(
                embedder,
                index,
                Optional.of(KEYWORD_RERANKER),
                AnswerCache.NONE,
                Optional.empty(),
                OptionalDouble.empty());

        // when
        QueryResult result = pipeline.query(request("which one is relevant?", true, true));

        // then
        assertThat(index.requests.get(0).limit())
                .as("the reranker sees all candidates")
                .isEqualTo(10);
        assertThat(result.reranked()).isTrue();
        assertThat(result.hits()).extracting(h -> h.chunk().document().key()).containsExactly("c", "a");
        assertThat(result.hits().get(0).rerankScore()).isEqualTo(0.9f);
        assertThat(result.answer().text()).isNull();
        assertThat(result.answer().citations())
                .extracting(c -> c.number() + ":" + c.documentKey())
                .containsExactly("1:c", "2:a");
    }

    @Test
    void should_drop_passages_below_the_minimum_relevance_and_keep_those_of_unknown_relevance() {
        // given a fused top hit of score 1.0 whose cosine is low, a relevant one, and a bm25-style hit
        index.hits.addAll(List.of(
                hit("off", "off topic", 1.0).withSimilarity(0.31),
                hit("on", "on topic", 0.7).withSimilarity(0.82),
                hit("unknown", "keyword only", 0.5)));
        QueryPipeline pipeline = new QueryPipeline(
                embedder, index, Optional.empty(), AnswerCache.NONE, Optional.empty(), OptionalDouble.empty());
        QueryRequest base = request("which one?", false, false);
        QueryRequest strict = new QueryRequest(
                TENANT,
                "which one?",
                3,
                10,
                SearchMode.HYBRID,
                0.5,
                FusionType.RELATIVE_SCORE,
                SearchFilter.NONE,
                false,
                false,
                0.6);

        // when
        QueryResult all = pipeline.query(base);
        QueryResult relevant = pipeline.query(strict);

        // then the relevance of each citation is the cosine, and the minimum drops only the off-topic hit
        assertThat(all.answer().citations()).extracting(c -> c.relevance()).containsExactly(0.31, 0.82);
        assertThat(relevant.hits()).extracting(h -> h.chunk().document().key()).containsExactly("on", "unknown");
    }

    @Test
    void should_say_nothing_relevant_by_returning_no_passage_when_none_reaches_the_minimum() {
        // given
        index.hits.addAll(List.of(
                hit("a", "x", 1.0).withSimilarity(0.2), hit("b", "y", 0.4).withSimilarity(0.1)));
        QueryPipeline pipeline = new QueryPipeline(
                embedder,
                index,
                Optional.of(KEYWORD_RERANKER),
                AnswerCache.NONE,
                Optional.empty(),
                OptionalDouble.empty());

        // when reranked, relevance is the reranker's probability (0.1 here), below 0.5
        QueryResult result = pipeline.query(new QueryRequest(
                TENANT,
                "nothing",
                2,
                10,
                SearchMode.HYBRID,
                0.5,
                FusionType.RELATIVE_SCORE,
                SearchFilter.NONE,
                true,
                true,
                0.5));

        // then
        assertThat(result.hits()).isEmpty();
        assertThat(result.answer().citations()).isEmpty();
    }

    @Test
    void should_report_a_bypass_when_the_cache_computed_without_being_asked() {
        // given: a cache whose server is down answers every lookup by computing, marked BYPASS
        index.hits.add(hit("a", "x", 0.9));
        AnswerCache down = new MapCache() {
            @Override
            public QueryResult lookupOrCompute(CacheKey key, java.util.function.Supplier<QueryResult> compute) {
                QueryResult computed = compute.get();
                return computed.withCache(QueryResult.CacheStatus.BYPASS, computed.timings());
            }
        };
        QueryPipeline pipeline =
                new QueryPipeline(embedder, index, Optional.empty(), down, Optional.empty(), OptionalDouble.empty());

        // when
        QueryResult result = pipeline.query(request("anything", false, false));

        // then
        assertThat(result.cache()).isEqualTo(QueryResult.CacheStatus.BYPASS);
        assertThat(result.hits()).hasSize(1);
        assertThat(index.requests).hasSize(1);
    }

    @Test
    void should_say_why_when_no_reranker_is_configured() {
        // given
        index.hits.addAll(List.of(hit("a", "x", 0.9), hit("b", "y", 0.8), hit("c", "z", 0.7)));
        QueryPipeline pipeline = new QueryPipeline(
                embedder, index, Optional.empty(), AnswerCache.NONE, Optional.empty(), OptionalDouble.empty());

        // when
        QueryResult result = pipeline.query(request("anything", true, false));

        // then
        assertThat(result.reranked()).isFalse();
        assertThat(result.rerankNote()).contains("quarry.rerank.model-dir");
        assertThat(index.requests.get(0).limit())
                .as("without a reranker only topK are fetched")
                .isEqualTo(2);
        assertThat(result.hits()).extracting(h -> h.chunk().document().key()).containsExactly("a", "b");
    }

    @Test
    void should_drop_hits_below_the_minimum_rerank_score_when_one_is_set() {
        // given
        index.hits.addAll(List.of(hit("a", "off topic", 0.9), hit("b", "relevant", 0.8)));
        QueryPipeline pipeline = new QueryPipeline(
                embedder,
                index,
                Optional.of(KEYWORD_RERANKER),
                AnswerCache.NONE,
                Optional.empty(),
                OptionalDouble.of(0.5));

        // when
        QueryResult result = pipeline.query(request("q", true, false));

        // then
        assertThat(result.hits()).extracting(h -> h.chunk().document().key()).containsExactly("b");
    }

    @Test
    void should_answer_from_cache_without_searching_when_the_same_question_is_asked_again() {
        // given
        index.hits.add(hit("a", "x", 0.9));
        MapCache cache = new MapCache();
        QueryPipeline pipeline =
                new QueryPipeline(embedder, index, Optional.empty(), cache, Optional.empty(), OptionalDouble.empty());
        QueryResult first = pipeline.query(request("What is BM25?", false, true));

        // when
        QueryResult second = pipeline.query(request("  what is bm25 ", false, true));

        // then
        assertThat(first.cache()).isEqualTo(CacheStatus.MISS);
        assertThat(second.cache()).isEqualTo(CacheStatus.HIT);
        assertThat(index.requests).hasSize(1);
        assertThat(second.hits()).isEqualTo(first.hits());
    }

    @Test
    void should_look_up_the_cache_alone_without_searching_when_asked_for_a_cached_answer() {
        // given
        index.hits.add(hit("a", "x", 0.9));
        MapCache cache = new MapCache();
        QueryPipeline pipeline =
                new QueryPipeline(embedder, index, Optional.empty(), cache, Optional.empty(), OptionalDouble.empty());

        // when / then: nothing cached yet, and the lookup searches nothing
        assertThat(pipeline.cached(request("What is BM25?", false, true))).isEmpty();
        assertThat(index.requests).isEmpty();
        QueryResult first = pipeline.query(request("What is BM25?", false, true));
        Optional<QueryResult> hit = pipeline.cached(request("what is bm25", false, true));
        assertThat(hit).map(QueryResult::cache).contains(CacheStatus.HIT);
        assertThat(hit.orElseThrow().hits()).isEqualTo(first.hits());
        assertThat(index.requests).hasSize(1);
    }

    @Test
    void should_not_serve_a_cached_answer_when_the_corpus_changed() {
        // given
        index.hits.add(hit("a", "x", 0.9));
        MapCache cache = new MapCache();
        QueryPipeline pipeline =
                new QueryPipeline(embedder, index, Optional.empty(), cache, Optional.empty(), OptionalDouble.empty());
        pipeline.query(request("What is BM25?", false, true));

        // when
        cache.bump(TENANT);
        QueryResult again = pipeline.query(request("What is BM25?", false, true));

        // then
        assertThat(again.cache()).isEqualTo(CacheStatus.MISS);
        assertThat(index.requests).hasSize(2);
    }

    @Test
    void should_keep_only_cited_passages_when_an_answer_is_generated() {
        // given
        index.hits.addAll(List.of(hit("a", "x", 0.9), hit("b", "y", 0.8)));
        AnswerGenerator generator = (question, passages) -> new AnswerGenerator.Generated("It is y [2].", List.of(2));
        QueryPipeline pipeline = new QueryPipeline(
                embedder, index, Optional.empty(), AnswerCache.NONE, Optional.of(generator), OptionalDouble.empty());

        // when
        QueryResult result = pipeline.query(request("q", false, true));

        // then
        assertThat(result.answer().text()).isEqualTo("It is y [2].");
        assertThat(result.answer().citations()).singleElement().satisfies(c -> {
            assertThat(c.number()).isEqualTo(2);
            assertThat(c.documentKey()).isEqualTo("b");
        });
    }

    @Test
    void should_not_embed_the_query_when_searching_by_keyword_only() {
        // given
        index.hits.add(hit("a", "x", 3.2));
        QueryPipeline pipeline = new QueryPipeline(
                embedder, index, Optional.empty(), AnswerCache.NONE, Optional.empty(), OptionalDouble.empty());

        // when
        pipeline.query(new QueryRequest(
                TENANT, "q", 1, 1, SearchMode.BM25, 0.5, FusionType.RANKED, SearchFilter.NONE, false, false));

        // then
        assertThat(embedder.calls).isZero();
        assertThat(index.requests.get(0).vector()).isNull();
    }

    @Test
    void should_normalise_case_whitespace_and_punctuation_when_building_cache_keys() {
        assertThat(CacheKey.normalize("  What is   BM25?! ")).isEqualTo("what is bm25");
        assertThat(CacheKey.normalize("Straße, 2024")).isEqualTo("straße 2024");
    }

    @Test
    void should_keep_symbols_that_change_the_question_when_building_cache_keys() {
        assertThat(CacheKey.normalize("Functions of preprocessor directives in C++?"))
                .isEqualTo("functions of preprocessor directives in c++")
                .isNotEqualTo(CacheKey.normalize("Functions of preprocessor directives in C?"));
        assertThat(CacheKey.normalize("What is Z+ security?")).isEqualTo("what is z+ security");
        assertThat(CacheKey.normalize("How does it compare to C#?")).isEqualTo("how does it compare to c#");
        assertThat(CacheKey.normalize("What does % mean?")).isNotEqualTo(CacheKey.normalize("What does ~ mean?"));
    }
}
