package dev.quarry.embedded.index;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.testing.ChunkIndexContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The chunk-index contract on a Lucene index on disk, plus what only the Lucene index promises. */
class LuceneChunkIndexTest extends ChunkIndexContractTest {

    private static final float[] EAST = {1, 0, 0, 0};

    @TempDir
    Path directory;

    @Override
    protected ChunkIndex createIndex(String namespace) {
        return new LuceneChunkIndex(LuceneIndexConfig.onDisk(directory.resolve("contract"), DIMENSION));
    }

    @Test
    void should_keep_chunks_across_a_reopen() {
        // given chunks written by one instance that is then closed
        Path path = directory.resolve("reopen");
        DocumentRef document = new DocumentRef("acme", "notes.txt", "v1");
        EmbeddedChunk chunk = embedded(document, 0, "the kettle is descaled monthly", EAST);
        try (LuceneChunkIndex first = new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION))) {
            first.upsert(List.of(chunk));
        }

        // when a new instance opens the same directory
        try (LuceneChunkIndex second = new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION))) {

            // then the chunk is there, searchable by both legs
            assertThat(second.count("acme")).isEqualTo(1);
            assertThat(second.search(bm25("acme", "kettle", 5)))
                    .singleElement()
                    .satisfies(hit -> assertThat(hit.chunk()).isEqualTo(chunk.chunk()));
            assertThat(second.search(vector("acme", EAST, 5))).hasSize(1);
        }
    }

    @Test
    void should_refuse_to_reopen_an_index_with_another_vector_dimension() {
        // given an index of 4-dimensional vectors
        Path path = directory.resolve("dimension");
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION))) {
            index.upsert(List.of(embedded(new DocumentRef("acme", "a.txt", "v1"), 0, "text", EAST)));
        }

        // when / then
        assertThatThrownBy(() -> new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 4-dimensional vectors but 8 were configured");
        // and the failed open released the directory
        new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION)).close();
    }

    @Test
    void should_record_its_signature_and_refuse_an_index_built_with_another_embedder_or_analyzer() {
        // given an index built with one embedder and English analysis
        Path path = directory.resolve("signature");
        IndexSignature built = new IndexSignature("bge-small-en-v1.5-q/512", KeywordAnalyzer.ENGLISH);
        try (LuceneChunkIndex index = new LuceneChunkIndex(
                LuceneIndexConfig.onDisk(path, DIMENSION, built, "./quarry ingest --reindex PATH…"))) {
            index.upsert(List.of(embedded(new DocumentRef("acme", "a.txt", "v1"), 0, "text", EAST)));
        }

        // when / then another embedder, or another analysis, is refused with both names and the fix
        IndexSignature otherModel = new IndexSignature("all-minilm-l6-v2/256", KeywordAnalyzer.ENGLISH);
        assertThatThrownBy(() -> new LuceneChunkIndex(
                        LuceneIndexConfig.onDisk(path, DIMENSION, otherModel, "./quarry ingest --reindex PATH…")))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INDEX_MISMATCH))
                .hasMessageContaining("built with embedder bge-small-en-v1.5-q/512 and keyword analyzer english")
                .hasMessageContaining("uses embedder all-minilm-l6-v2/256")
                .hasMessageContaining("./quarry ingest --reindex PATH…");
        IndexSignature otherAnalysis = new IndexSignature("bge-small-en-v1.5-q/512", KeywordAnalyzer.STANDARD);
        assertThatThrownBy(() -> new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION, otherAnalysis, "x")))
                .hasMessageContaining("keyword analyzer standard");
        // and the same signature opens it, with the chunk still there
        try (LuceneChunkIndex same = new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION, built, "x"))) {
            assertThat(same.count("acme")).isEqualTo(1);
        }
    }

    @Test
    void should_let_a_new_signature_take_over_an_empty_index() {
        // given an index whose only chunks were deleted
        Path path = directory.resolve("emptied");
        DocumentRef document = new DocumentRef("acme", "a.txt", "v1");
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION))) {
            index.upsert(List.of(embedded(document, 0, "text", EAST)));
            index.deleteDocument("acme", "a.txt");
        }

        // when / then another signature opens it and is recorded
        IndexSignature other = new IndexSignature("other/128", KeywordAnalyzer.STANDARD);
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION, other, "x"))) {
            index.upsert(List.of(embedded(document, 0, "text", EAST)));
        }
        assertThatThrownBy(() -> new LuceneChunkIndex(LuceneIndexConfig.onDisk(path, DIMENSION)))
                .hasMessageContaining("built with embedder other/128");
    }

    @Test
    void should_match_inflected_words_and_possessives_with_english_analysis_but_not_with_standard() {
        // given the same chunk in an English and a standard index
        DocumentRef document = new DocumentRef("acme", "manual.md", "v1");
        EmbeddedChunk chunk = embedded(document, 0, "Descaling the kettle's heating elements", EAST);
        IndexSignature standard = new IndexSignature("vectors-4", KeywordAnalyzer.STANDARD);
        try (LuceneChunkIndex english = new LuceneChunkIndex(LuceneIndexConfig.inMemory(DIMENSION));
                LuceneChunkIndex plain = new LuceneChunkIndex(
                        LuceneIndexConfig.inMemory(DIMENSION).withSignature(standard, "x"))) {
            english.upsert(List.of(chunk));
            plain.upsert(List.of(chunk));

            // when / then "descale kettle element" matches through stems only
            assertThat(english.search(bm25("acme", "how to descale a kettle element", 5)))
                    .hasSize(1);
            assertThat(plain.search(bm25("acme", "descale element", 5))).isEmpty();
            assertThat(plain.search(bm25("acme", "elements", 5))).hasSize(1);
        }
    }

    @Test
    void should_find_an_identifier_by_one_of_its_parts_with_english_parts_analysis_only() {
        // given an API page naming an identifier, in an English and an English-with-parts index
        DocumentRef document = new DocumentRef("acme", "fn.svprfb_gather_u32offset.html", "v1");
        EmbeddedChunk chunk = embedded(document, 0, "Function svprfb_gather_u32offset: contiguous prefetch", EAST);
        IndexSignature parts = new IndexSignature("vectors-4", KeywordAnalyzer.ENGLISH_PARTS);
        try (LuceneChunkIndex english = new LuceneChunkIndex(LuceneIndexConfig.inMemory(DIMENSION));
                LuceneChunkIndex withParts = new LuceneChunkIndex(
                        LuceneIndexConfig.inMemory(DIMENSION).withSignature(parts, "x"))) {
            english.upsert(List.of(chunk));
            withParts.upsert(List.of(chunk));

            // when / then a part of the identifier finds it only where parts are indexed; the whole name in both
            assertThat(english.search(bm25("acme", "svprfb gather", 5))).isEmpty();
            assertThat(withParts.search(bm25("acme", "svprfb gather", 5))).hasSize(1);
            assertThat(english.search(bm25("acme", "svprfb_gather_u32offset", 5)))
                    .hasSize(1);
            assertThat(withParts.search(bm25("acme", "svprfb_gather_u32offset", 5)))
                    .hasSize(1);
        }
    }

    @Test
    void should_refuse_a_second_instance_on_the_same_directory() {
        // given the contract's index holds the directory "contract" open
        // when / then
        assertThatThrownBy(() -> new LuceneChunkIndex(LuceneIndexConfig.onDisk(directory.resolve("contract"), 4)))
                .isInstanceOf(QuarryException.Transient.class)
                .hasMessageContaining("open in another process");
    }

    @Test
    void should_reject_vectors_of_the_wrong_dimension_or_without_direction() {
        DocumentRef document = new DocumentRef(tenantA(), "a.txt", "v1");
        assertThatThrownBy(() -> index().upsert(List.of(embedded(document, 0, "text", new float[] {1, 0, 0}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 3 dimensions")
                .hasMessageContaining("holds 4-dimensional vectors");
        assertThatThrownBy(() -> index().upsert(List.of(embedded(document, 0, "text", new float[4]))))
                .hasMessageContaining("all zeros");
        assertThatThrownBy(() -> index().search(vector(tenantA(), new float[] {1, 0, 0, 0, 0}, 5)))
                .hasMessageContaining("the query vector has 5 dimensions");
        assertThat(index().count(tenantA())).isZero();
    }

    @Test
    void should_ask_for_a_shorter_query_when_the_text_has_too_many_words() {
        // given a query text of 2,000 distinct words
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append("word").append(i).append(' ');
        }

        // when / then
        assertThatThrownBy(() -> index().search(bm25(tenantA(), text.toString(), 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorten it");
    }

    @Test
    void should_fuse_hybrid_scores_like_weaviate() {
        // given "both" matches the keyword (the only keyword hit) and lies at cosine 0.6 to the query;
        // "near" does not match the keyword and lies at cosine 1
        DocumentRef both = new DocumentRef(tenantA(), "both.txt", "v1");
        DocumentRef near = new DocumentRef(tenantA(), "near.txt", "v1");
        index().upsert(List.of(
                embedded(both, 0, "walrus", new float[] {0.6f, 0.8f, 0, 0}), embedded(near, 0, "seal", EAST)));

        // when alpha 0.25
        List<SearchHit> hits = index().search(hybrid(tenantA(), "walrus", EAST, 0.25, FusionType.RELATIVE_SCORE, 5));

        // then keyword: both alone -> full weight 0.75; vector: near 1 (max), both 0.6 (min)
        // both = 0.75 + 0.25 * 0 = 0.75; near = 0.25 * 1 = 0.25
        assertThat(keys(hits)).containsExactly("both.txt", "near.txt");
        assertThat(hits.get(0).score()).isCloseTo(0.75, within(1e-6));
        assertThat(hits.get(1).score()).isCloseTo(0.25, within(1e-6));
    }

    @Test
    void should_serve_searches_while_chunks_are_written_concurrently() throws Exception {
        // given two writers of 100 chunks each (batches of 10) and two searchers running until they finish
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await();
                for (int batch = 0; batch < 10; batch++) {
                    List<EmbeddedChunk> chunks = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        DocumentRef document = new DocumentRef(tenantA(), "w" + writer + "/" + batch + ".txt", "v1");
                        chunks.add(embedded(document, i, "concurrent chunk number " + i, unit(1, i, writer, 0)));
                    }
                    index().upsert(chunks);
                }
                return 100;
            }));
        }
        List<Future<Integer>> searchers = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            searchers.add(pool.submit(searchUntilDone(writing, start)));
        }

        // when
        start.countDown();
        for (Future<Integer> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        int searches = 0;
        for (Future<Integer> searcher : searchers) {
            searches += searcher.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then every write landed once and every search saw only valid, limited results
        assertThat(searches).isPositive();
        assertThat(index().count(tenantA())).isEqualTo(200);
        assertThat(index().search(bm25(tenantA(), "concurrent", 500))).hasSize(200);
    }

    private Callable<Integer> searchUntilDone(AtomicBoolean writing, CountDownLatch start) {
        return () -> {
            start.await();
            int searches = 0;
            while (writing.get() || searches == 0) {
                List<SearchHit> hits = index().search(hybrid(tenantA(), "concurrent", EAST, 0.5, FusionType.RANKED, 7));
                assertThat(hits.size()).isLessThanOrEqualTo(7);
                assertThat(hits)
                        .allSatisfy(hit ->
                                assertThat(hit.chunk().document().tenant()).isEqualTo(tenantA()));
                searches++;
            }
            return searches;
        };
    }
}
