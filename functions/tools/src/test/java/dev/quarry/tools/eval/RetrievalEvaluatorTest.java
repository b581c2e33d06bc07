package dev.quarry.tools.eval;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.core.search.SearchMode;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.ingestion.extract.ExtractionLimits;
import dev.quarry.tools.eval.RetrievalEvaluator.Aggregation;
import dev.quarry.tools.eval.RetrievalEvaluator.Built;
import dev.quarry.tools.eval.RetrievalEvaluator.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrievalEvaluatorTest {

    /** Bag of words hashed into 16 dimensions, normalised: similar words make similar vectors; counts its calls. */
    static final class HashingEmbedder implements Embedder {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public List<float[]> embedAll(List<String> batch) {
            texts.addAndGet(batch.size());
            return batch.stream().map(HashingEmbedder::vector).toList();
        }

        private static float[] vector(String text) {
            float[] v = new float[16];
            for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
                if (!word.isEmpty()) {
                    v[Math.floorMod(word.hashCode(), 16)] += 1;
                }
            }
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = norm == 0 ? (i == 0 ? 1 : 0) : (float) (v[i] / Math.sqrt(norm));
            }
            return v;
        }

        @Override
        public String fingerprint() {
            return "hashing-16";
        }

        @Override
        public int dimension() {
            return 16;
        }

        @Override
        public int countTokens(String text) {
            return text.isBlank() ? 0 : text.strip().split("\\s+").length;
        }

        @Override
        public int maxTokens() {
            return 254;
        }
    }

    private static final Map<String, BeirDataset.Document> CORPUS = new LinkedHashMap<>();

    static {
        CORPUS.put("d1", new BeirDataset.Document("d1", "Volcano", "Lava flows from an erupting volcano."));
        CORPUS.put("d2", new BeirDataset.Document("d2", "Bread", "Sourdough bread rises slowly overnight."));
        CORPUS.put("d3", new BeirDataset.Document("d3", "Tides", "The moon pulls the tides of the ocean."));
    }

    private static final BeirDataset DATA = new BeirDataset(
            CORPUS,
            Map.of("q1", "erupting volcanoes lava", "q2", "sourdough bread"),
            Map.of("q1", Map.of("d1", 2), "q2", Map.of("d2", 1, "d3", 0)),
            0);

    @TempDir
    Path dir;

    private final HashingEmbedder embedder = new HashingEmbedder();
    private final RetrievalEvaluator evaluator = new RetrievalEvaluator(
            new DocumentExtractor(ExtractionLimits.defaults(), page -> ""),
            Chunker.forEmbedder(new ChunkingOptions(64, 8), embedder),
            embedder,
            KeywordAnalyzer.ENGLISH);

    private Path corpusFile() throws IOException {
        Path file = dir.resolve("tiny").resolve("corpus.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"_id\":\"d1\"}\n{\"_id\":\"d2\"}\n{\"_id\":\"d3\"}\n");
        return file;
    }

    private static Settings settings(SearchMode mode) {
        return new Settings(mode, 0.5, FusionType.RELATIVE_SCORE, Optional.empty(), 25, Aggregation.MAX);
    }

    @Test
    void should_index_through_the_ingest_pipeline_and_score_perfectly_when_each_query_finds_its_document_first()
            throws IOException {
        // given
        List<Integer> progress = new ArrayList<>();
        Built built = evaluator.index(DATA, corpusFile(), dir.resolve("cache"), true, 2, progress::add);

        // when
        RetrievalEvaluator.Result result;
        try (LuceneChunkIndex index = evaluator.open(built)) {
            result = evaluator.evaluate(DATA, built, index, settings(SearchMode.BM25));
        }

        // then every document went through extraction, chunking and embedding, and bm25 stems "volcanoes"
        assertThat(built.reused()).isFalse();
        assertThat(built.documents()).isEqualTo(3);
        assertThat(built.failed()).isZero();
        assertThat(built.chunks()).isEqualTo(3);
        assertThat(progress).hasSize(3).contains(3);
        assertThat(embedder.texts.get()).isEqualTo(3);
        assertThat(result.metrics().queries()).isEqualTo(2);
        assertThat(result.metrics().ndcg()).isEqualTo(1.0);
        assertThat(result.metrics().recall()).isEqualTo(1.0);
        assertThat(result.latency().count()).isEqualTo(2);
    }

    @Test
    void should_reuse_the_cached_index_for_the_same_corpus_embedder_analyzer_and_chunking() throws IOException {
        // given an index built once
        Path corpus = corpusFile();
        Built first = evaluator.index(DATA, corpus, dir.resolve("cache"), true, 1, n -> {});
        int embedded = embedder.texts.get();

        // when the same key asks again, and then another chunking does
        Built again = evaluator.index(DATA, corpus, dir.resolve("cache"), true, 1, n -> {});
        RetrievalEvaluator otherChunking = new RetrievalEvaluator(
                new DocumentExtractor(ExtractionLimits.defaults(), page -> ""),
                Chunker.forEmbedder(new ChunkingOptions(32, 0), embedder),
                embedder,
                KeywordAnalyzer.ENGLISH);
        Built other = otherChunking.index(DATA, corpus, dir.resolve("cache"), true, 1, n -> {});

        // then the first is reused without embedding anything, the second is a new index
        assertThat(again.reused()).isTrue();
        assertThat(again.directory()).isEqualTo(first.directory());
        assertThat(again.chunks()).isEqualTo(first.chunks());
        assertThat(other.reused()).isFalse();
        assertThat(other.directory()).isNotEqualTo(first.directory());
        assertThat(embedder.texts.get()).isEqualTo(embedded + 3);
    }

    @Test
    void should_never_embed_for_a_bm25_only_run_without_a_full_index_to_reuse() throws IOException {
        // when
        Built built = evaluator.index(DATA, corpusFile(), dir.resolve("cache"), false, 1, n -> {});

        // then
        assertThat(embedder.texts.get()).isZero();
        assertThat(built.signature().embedder()).isEqualTo(KeywordOnlyEmbedder.FINGERPRINT);
        try (LuceneChunkIndex index = evaluator.open(built)) {
            assertThat(evaluator
                            .evaluate(DATA, built, index, settings(SearchMode.BM25))
                            .metrics()
                            .ndcg())
                    .isEqualTo(1.0);
            assertThatThrownBy(() -> evaluator.evaluate(DATA, built, index, settings(SearchMode.HYBRID)))
                    .hasMessageContaining("keyword-only");
        }
    }

    @Test
    void should_let_the_reranker_reorder_the_head_and_keep_the_rest_in_retrieval_order() throws IOException {
        // given a reranker that prefers the tides document for every query
        Reranker tidesFirst = (query, passages) -> {
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = passages.get(i).contains("moon") ? 0.99f : 0.01f;
            }
            return s;
        };
        Built built = evaluator.index(DATA, corpusFile(), dir.resolve("cache"), true, 1, n -> {});

        // when
        try (LuceneChunkIndex index = evaluator.open(built)) {
            var pipeline = new dev.quarry.core.query.QueryPipeline(
                    embedder,
                    index,
                    Optional.of(tidesFirst),
                    dev.quarry.core.port.AnswerCache.NONE,
                    Optional.empty(),
                    java.util.OptionalDouble.empty());
            List<String> ranked = RetrievalEvaluator.rank(
                    pipeline,
                    "sourdough bread",
                    built.documentsSource(),
                    new Settings(
                            SearchMode.HYBRID,
                            0.5,
                            FusionType.RELATIVE_SCORE,
                            Optional.of(tidesFirst),
                            25,
                            Aggregation.MAX));

            // then
            assertThat(ranked).doesNotHaveDuplicates().startsWith("d3").contains("d2");
        }
    }

    @Test
    void should_rank_a_document_with_several_matching_chunks_higher_with_decay_aggregation() {
        // given d1's best chunk scores 0.9, d2 has two chunks of 0.8 and 0.7
        BeirDocuments documents = new BeirDocuments(DATA);
        List<SearchHit> hits = List.of(hit(0, 0, 0.9), hit(1, 0, 0.8), hit(1, 1, 0.7));

        // then max keeps the best chunk's order, decay lets d2 (0.8 + 0.35) pass d1 (0.9)
        assertThat(RetrievalEvaluator.documents(hits, Aggregation.MAX, documents))
                .containsExactly("d1", "d2");
        assertThat(RetrievalEvaluator.documents(hits, Aggregation.DECAY, documents))
                .containsExactly("d2", "d1");
    }

    @Test
    void should_write_each_corpus_document_as_markdown_with_its_title_as_heading() {
        assertThat(BeirDocuments.markdown(new BeirDataset.Document("x", " A  title ", "Body.")))
                .isEqualTo("# A title\n\nBody.");
        assertThat(BeirDocuments.markdown(new BeirDataset.Document("x", "", "Body only.")))
                .isEqualTo("Body only.");
        assertThat(BeirDocuments.markdown(new BeirDataset.Document("x", "", " ")))
                .isEqualTo("-");
    }

    private static SearchHit hit(int document, int position, double score) {
        DocumentRef ref = new DocumentRef(RetrievalEvaluator.TENANT, BeirDocuments.keyOf(document), "1");
        return new SearchHit(
                new Chunk(Chunk.idFor(ref, position), ref, ContentType.MARKDOWN, 1, 1, position, List.of(), "t"),
                score);
    }
}
