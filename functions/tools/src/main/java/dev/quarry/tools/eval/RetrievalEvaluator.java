package dev.quarry.tools.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.extract.DocumentExtractor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Measures retrieval quality of the served path on a BEIR collection.
 *
 * <p><b>Indexing</b> is the ingest path itself: every corpus document is a Markdown file ({@link BeirDocuments})
 * that {@link IngestPipeline} reads, extracts (the title becomes the level-1 heading), chunks, embeds and writes,
 * on {@code workers} threads at once (each embedding call also runs its texts on every core). The index is kept
 * in a cache directory keyed by the corpus bytes, the embedder, the keyword analyzer, the chunking and the index
 * format ({@link EvalIndexKey}), so the modes of one run, and later runs, share it. A bm25-only run reuses a full
 * index when one exists and otherwise builds a keyword-only one that never runs the model.
 *
 * <p><b>Queries</b> go through {@link QueryPipeline} (no answer cache, no generation): each judged query asks for
 * the best {@value #CHUNK_HITS} chunks; a document ranks where its best chunk ranks.
 */
public final class RetrievalEvaluator {

    static final String TENANT = "eval";
    static final int NDCG_AT = 10;
    static final int RECALL_AT = 100;
    /** Chunks asked for per query: enough for {@value #RECALL_AT} distinct documents in practice. */
    static final int CHUNK_HITS = 2 * RECALL_AT;
    /** Chunks written to Lucene per commit while an evaluation index is built. */
    static final int WRITE_BATCH = 2048;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUILD_FILE = "build.json";

    private final DocumentExtractor extractor;
    private final Chunker chunker;
    private final Embedder embedder;
    private final KeywordAnalyzer analyzer;

    /**
     * @param extractor the served extractor
     * @param chunker the chunker of the configuration under test
     * @param embedder the served embedder (its fingerprint keys the cache)
     * @param analyzer the keyword analyzer
     */
    public RetrievalEvaluator(
            DocumentExtractor extractor, Chunker chunker, Embedder embedder, KeywordAnalyzer analyzer) {
        this.extractor = Objects.requireNonNull(extractor, "extractor must not be null");
        this.chunker = Objects.requireNonNull(chunker, "chunker must not be null");
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer must not be null");
    }

    /** How queries are run and documents ranked. */
    public record Settings(
            SearchMode mode,
            double alpha,
            FusionType fusion,
            Optional<Reranker> reranker,
            int rerankDepth,
            Aggregation aggregation) {

        public Settings {
            Objects.requireNonNull(mode, "mode must not be null");
            Objects.requireNonNull(fusion, "fusion must not be null");
            Objects.requireNonNull(reranker, "reranker must not be null");
            Objects.requireNonNull(aggregation, "aggregation must not be null");
        }
    }

    /**
     * How chunk hits become a document ranking: {@code MAX} ranks a document by its best chunk (what a user sees
     * first); {@code DECAY} adds the scores of a document's retrieved chunks halved per place ({@code s1 + s2/2 +
     * s3/4 …}), so a document several of whose chunks match climbs.
     */
    public enum Aggregation {
        MAX,
        DECAY
    }

    /** An evaluation index on disk and how it came to be. */
    public record Built(
            Path directory,
            IndexSignature signature,
            boolean reused,
            int documents,
            int failed,
            long chunks,
            double seconds,
            BeirDocuments documentsSource) {}

    /** What one mode measured. */
    public record Result(RetrievalMetrics.Summary metrics, int unjudgedQueries, LatencyStats latency) {}

    /**
     * The evaluation index of {@code dataset}: the cached one when its key matches, else built now through the
     * ingest pipeline.
     *
     * @param corpusFile the corpus file the dataset was read from (its bytes key the cache)
     * @param cacheRoot where cached indexes live
     * @param vectors whether the index must hold real vectors (false: a keyword-only index may do)
     * @param workers documents processed at once
     * @param progress called with the number of documents done after each one
     */
    public Built index(
            BeirDataset dataset, Path corpusFile, Path cacheRoot, boolean vectors, int workers, IntConsumer progress) {
        BeirDocuments documents = new BeirDocuments(dataset);
        IndexSignature full = new IndexSignature(embedder.fingerprint(), analyzer);
        EvalIndexKey fullKey = EvalIndexKey.of(corpusFile, full, chunker.options());
        Path fullDir = cacheRoot.resolve(fullKey.directoryName());
        if (Files.exists(fullDir.resolve(BUILD_FILE))) {
            return reused(fullDir, full, documents);
        }
        if (!vectors) {
            IndexSignature keywordOnly = new IndexSignature(KeywordOnlyEmbedder.FINGERPRINT, analyzer);
            Path dir = cacheRoot.resolve(
                    EvalIndexKey.of(corpusFile, keywordOnly, chunker.options()).directoryName());
            if (Files.exists(dir.resolve(BUILD_FILE))) {
                return reused(dir, keywordOnly, documents);
            }
            return build(dir, keywordOnly, new KeywordOnlyEmbedder(embedder), documents, workers, progress);
        }
        return build(fullDir, full, embedder, documents, workers, progress);
    }

    private Built build(
            Path dir,
            IndexSignature signature,
            Embedder indexEmbedder,
            BeirDocuments documents,
            int workers,
            IntConsumer progress) {
        deleteRecursively(dir);
        long start = System.nanoTime();
        EvalStatusStore statuses = new EvalStatusStore();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long chunks;
        try (LuceneChunkIndex lucene = open(dir, signature)) {
            FreshIndexWriter writer = new FreshIndexWriter(lucene, WRITE_BATCH);
            IngestPipeline pipeline = new IngestPipeline(
                    documents,
                    extractor,
                    chunker,
                    indexEmbedder,
                    writer,
                    statuses,
                    CorpusVersion.NONE,
                    Long.MAX_VALUE,
                    Clock.systemUTC());
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
            try {
                List<Future<?>> jobs = new ArrayList<>(documents.size());
                for (int i = 0; i < documents.size(); i++) {
                    IngestJob job = IngestJob.index(documents.ref(TENANT, i));
                    jobs.add(pool.submit(() -> {
                        DocumentStatus status = pipeline.process(job);
                        if (status.state() != State.INDEXED) {
                            failed.incrementAndGet();
                        }
                        progress.accept(done.incrementAndGet());
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while indexing " + dir, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(
                        "indexing failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            writer.flush();
            chunks = lucene.count(TENANT);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode build = JSON.createObjectNode()
                .put("signature", signature.encode())
                .put("documents", documents.size())
                .put("failed", failed.get())
                .put("chunks", chunks)
                .put("seconds", seconds);
        try {
            JSON.writerWithDefaultPrettyPrinter()
                    .writeValue(dir.resolve(BUILD_FILE).toFile(), build);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(BUILD_FILE), e);
        }
        return new Built(dir, signature, false, documents.size(), failed.get(), chunks, seconds, documents);
    }

    private static Built reused(Path dir, IndexSignature signature, BeirDocuments documents) {
        try {
            var build = JSON.readTree(dir.resolve(BUILD_FILE).toFile());
            return new Built(
                    dir,
                    signature,
                    true,
                    build.path("documents").asInt(),
                    build.path("failed").asInt(),
                    build.path("chunks").asLong(),
                    build.path("seconds").asDouble(),
                    documents);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + dir.resolve(BUILD_FILE), e);
        }
    }

    /** Opens a built evaluation index for searching. */
    public LuceneChunkIndex open(Built built) {
        return open(built.directory(), built.signature());
    }

    private LuceneChunkIndex open(Path dir, IndexSignature signature) {
        return new LuceneChunkIndex(LuceneIndexConfig.onDisk(
                dir.resolve("index"), embedder.dimension(), signature, "delete " + dir + " (quarry eval --no-cache)"));
    }

    /** Runs every judged query of {@code dataset} through the query pipeline over {@code index}. */
    public Result evaluate(BeirDataset dataset, Built built, LuceneChunkIndex index, Settings settings) {
        return evaluate(dataset, built, index, settings, done -> {});
    }

    /**
     * Runs every judged query of {@code dataset} through the query pipeline over {@code index}, telling {@code
     * progress} how many queries are done after each one.
     */
    public Result evaluate(
            BeirDataset dataset, Built built, LuceneChunkIndex index, Settings settings, IntConsumer progress) {
        if (settings.mode() != SearchMode.BM25
                && built.signature().embedder().equals(KeywordOnlyEmbedder.FINGERPRINT)) {
            throw new IllegalArgumentException("a keyword-only index answers bm25 only; build a full index");
        }
        QueryPipeline pipeline = new QueryPipeline(
                embedder, index, settings.reranker(), AnswerCache.NONE, Optional.empty(), OptionalDouble.empty());
        Map<String, List<String>> rankings = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        for (Map.Entry<String, String> query : dataset.queries().entrySet()) {
            long t = System.nanoTime();
            rankings.put(query.getKey(), rank(pipeline, query.getValue(), built.documentsSource(), settings));
            latencies.add(System.nanoTime() - t);
            progress.accept(latencies.size());
        }
        return new Result(
                RetrievalMetrics.evaluate(rankings, dataset.qrels(), NDCG_AT, RECALL_AT),
                dataset.unjudgedQueries(),
                LatencyStats.ofNanos(latencies));
    }

    /** Corpus ids, best first, at most {@link #RECALL_AT}. */
    static List<String> rank(QueryPipeline pipeline, String query, BeirDocuments documents, Settings settings) {
        List<SearchHit> retrieved =
                pipeline.query(request(query, settings, false, CHUNK_HITS)).hits();
        List<String> ranked = new ArrayList<>();
        if (settings.reranker().isPresent()) {
            int depth = Math.max(1, settings.rerankDepth());
            List<SearchHit> reranked =
                    pipeline.query(request(query, settings, true, depth)).hits();
            ranked.addAll(documents(reranked, Aggregation.MAX, documents));
        }
        for (String id : documents(retrieved, settings.aggregation(), documents)) {
            if (!ranked.contains(id)) {
                ranked.add(id);
            }
        }
        return ranked.subList(0, Math.min(RECALL_AT, ranked.size()));
    }

    private static QueryRequest request(String query, Settings settings, boolean rerank, int hits) {
        return new QueryRequest(
                TENANT,
                query,
                hits,
                hits,
                settings.mode(),
                settings.alpha(),
                settings.fusion(),
                SearchFilter.NONE,
                false,
                rerank);
    }

    /** The corpus ids of {@code hits}' documents, ranked by {@code aggregation}. */
    static List<String> documents(List<SearchHit> hits, Aggregation aggregation, BeirDocuments documents) {
        Map<String, double[]> scores = new LinkedHashMap<>(); // id -> {aggregate, chunks seen}
        for (SearchHit hit : hits) {
            String id = documents.idOf(hit.chunk().document().key());
            if (id == null) {
                continue;
            }
            double score = hit.rerankScore() != null ? hit.rerankScore() : hit.score();
            double[] entry = scores.get(id);
            if (entry == null) {
                scores.put(id, new double[] {score, 1});
            } else if (aggregation == Aggregation.DECAY) {
                entry[0] += score * Math.pow(0.5, entry[1]);
                entry[1]++;
            }
        }
        if (aggregation == Aggregation.MAX) {
            return new ArrayList<>(scores.keySet()); // hits are best first: first seen is best
        }
        List<String> ids = new ArrayList<>(scores.keySet());
        ids.sort(Comparator.comparingDouble((String id) -> -scores.get(id)[0]));
        return ids;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
