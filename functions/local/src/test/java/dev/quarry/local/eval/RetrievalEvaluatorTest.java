package dev.quarry.local.eval;

import dev.quarry.core.chunk.Chunker;
import dev.quarry.core.chunk.ChunkingOptions;
import dev.quarry.core.eval.BeirDataset;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetrievalEvaluatorTest {

    /** Bag of words hashed into 16 dimensions, normalised: similar words make similar vectors. */
    static final class HashingEmbedder implements Embedder {
        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(HashingEmbedder::vector).toList();
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
        public int dimension() {
            return 16;
        }

        @Override
        public int countTokens(String text) {
            return text.split("\\s+").length;
        }

        @Override
        public int maxTokens() {
            return 254;
        }
    }

    private static final BeirDataset DATA = new BeirDataset(
            Map.of(
                    "d1", new BeirDataset.Document("d1", "Volcano", "Lava flows from an erupting volcano."),
                    "d2", new BeirDataset.Document("d2", "Bread", "Sourdough bread rises slowly overnight."),
                    "d3", new BeirDataset.Document("d3", "Tides", "The moon pulls the tides of the ocean.")),
            Map.of("q1", "erupting volcano lava", "q2", "sourdough bread"),
            Map.of("q1", Map.of("d1", 2), "q2", Map.of("d2", 1, "d3", 0)),
            0);

    private final HashingEmbedder embedder = new HashingEmbedder();
    private final Chunker chunker = Chunker.forEmbedder(new ChunkingOptions(64, 8), embedder);

    @Test
    void should_score_perfectly_when_every_query_finds_its_document_first() {
        // given
        RetrievalEvaluator evaluator = new RetrievalEvaluator(embedder, chunker);
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.inMemory(16))) {
            // when
            RetrievalEvaluator.Result result = evaluator.evaluate(
                    DATA,
                    index,
                    new RetrievalEvaluator.Settings(
                            SearchMode.BM25, 0, FusionType.RELATIVE_SCORE, Optional.empty(), 25));

            // then
            assertThat(result.metrics().queries()).isEqualTo(2);
            assertThat(result.metrics().ndcg()).isEqualTo(1.0);
            assertThat(result.metrics().recall()).isEqualTo(1.0);
            assertThat(result.documents()).isEqualTo(3);
            assertThat(result.chunks()).isEqualTo(3);
            assertThat(result.latency().count()).isEqualTo(2);
        }
    }

    @Test
    void should_rank_documents_by_their_best_chunk_and_let_the_reranker_reorder_the_head() {
        // given: a reranker that prefers the tides document for every query
        Reranker tidesFirst = (query, passages) -> {
            float[] s = new float[passages.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = passages.get(i).contains("moon") ? 0.99f : 0.01f;
            }
            return s;
        };
        RetrievalEvaluator evaluator = new RetrievalEvaluator(embedder, chunker);
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.inMemory(16))) {
            evaluator.index(DATA, index);

            // when
            List<String> ranked = evaluator.rank(
                    "sourdough bread",
                    index,
                    new RetrievalEvaluator.Settings(
                            SearchMode.HYBRID, 0.5, FusionType.RELATIVE_SCORE, Optional.of(tidesFirst), 25));

            // then
            assertThat(ranked).doesNotHaveDuplicates().startsWith("d3");
            assertThat(ranked).contains("d2");
        }
    }
}
