package dev.quarry.tools.bench;

import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.embedded.index.LuceneChunkIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-stage latency of the warm query path (embed, search, rerank, total; no LLM, no cache) through the
 * real {@link QueryPipeline}, at several numbers of concurrent clients.
 */
public final class QueryBench {

    /**
     * @param chunks chunks in the index, at least this many (whole documents are added)
     * @param queries measured queries per concurrency level
     * @param warmup unmeasured queries first
     * @param concurrency client counts to measure, e.g. 1 and 4
     * @param candidates candidates reranked per query
     * @param realVectors embed the corpus with the real model (slow) instead of synthetic vectors
     * @param seed corpus seed
     */
    public record Settings(
            int chunks,
            int queries,
            int warmup,
            List<Integer> concurrency,
            int candidates,
            boolean realVectors,
            long seed) {
        public Settings {
            if (chunks < 1 || queries < 1 || warmup < 0 || candidates < 1) {
                throw new IllegalArgumentException("chunks, queries and candidates must be >= 1, warmup >= 0");
            }
            concurrency = List.copyOf(concurrency);
            if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("concurrency must list client counts >= 1, was " + concurrency);
            }
        }
    }

    private static final String TENANT = "bench";

    private final Embedder embedder;
    private final Optional<Reranker> reranker;

    public QueryBench(Embedder embedder, Optional<Reranker> reranker) {
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
        this.reranker = Objects.requireNonNull(reranker, "reranker must not be null");
    }

    /** Fills {@code index} with the synthetic corpus and measures; the index should be empty. */
    public BenchReport run(LuceneChunkIndex index, Settings settings) throws InterruptedException {
        SyntheticCorpus corpus = new SyntheticCorpus(settings.seed());
        long start = System.nanoTime();
        int documents = fill(index, corpus, settings);
        double indexSeconds = (System.nanoTime() - start) / 1e9;
        long chunks = index.count(TENANT);

        QueryPipeline pipeline = new QueryPipeline(
                embedder, index, reranker, AnswerCache.NONE, Optional.empty(), OptionalDouble.empty());
        BenchReport report = new BenchReport(
                        "query",
                        List.of(
                                "clients",
                                "stage",
                                "p50 ms",
                                "p95 ms",
                                "p99 ms",
                                "mean ms",
                                "queries/s",
                                "CPU ms/query"))
                .setting("embedder", embedder.id())
                .setting("chunks", chunks)
                .setting("documents", documents)
                .setting("vectors", settings.realVectors() ? "real (" + embedder.id() + ")" : "synthetic (index only)")
                .setting("candidates", settings.candidates())
                .setting("reranker", reranker.isPresent() ? "timing model (MiniLM-L6 shape, random head)" : "none")
                .setting("queries per level", settings.queries())
                .setting("index build s", Percentiles.round(indexSeconds));
        if (!settings.realVectors()) {
            report.note("index vectors are synthetic (clustered, 384 dims); the query is embedded by the real model,"
                    + " so search latency is real, search relevance is not");
        }
        report.note("CPU ms/query is the process's CPU time over the level divided by its queries: steadier"
                + " than wall time when other work shares the machine, though onnxruntime's spinning threads"
                + " still inflate it under contention");
        if (reranker.isPresent()) {
            report.note("rerank uses a TIMING MODEL: the MiniLM-L6 encoder with a random head; its scores mean"
                    + " nothing, its cost equals ms-marco-MiniLM-L-6-v2's");
        }

        AtomicInteger next = new AtomicInteger();
        for (int i = 0; i < settings.warmup(); i++) {
            pipeline.query(request(corpus, documents, next.getAndIncrement(), settings));
        }
        List<Object> levels = new ArrayList<>();
        for (int clients : settings.concurrency()) {
            long cpuBefore = Machine.processCpuNanos();
            Measured measured = measure(pipeline, corpus, documents, settings, clients, next);
            double cpuMsPerQuery = (Machine.processCpuNanos() - cpuBefore)
                    / 1e6
                    / measured.timings().size();
            List<QueryResult.Timings> timings = measured.timings();
            double throughput = timings.size() / measured.wallSeconds();
            var level = new java.util.LinkedHashMap<String, Object>();
            level.put("clients", clients);
            level.put("queries_per_second", Percentiles.round(throughput));
            level.put("cpu_ms_per_query", Percentiles.round(cpuMsPerQuery));
            for (String stage : List.of("embed", "search", "rerank", "total")) {
                Percentiles p = Percentiles.ofMillis(timings.stream()
                        .mapToDouble(t -> switch (stage) {
                            case "embed" -> t.embedMs();
                            case "search" -> t.searchMs();
                            case "rerank" -> t.rerankMs();
                            default -> t.totalMs();
                        })
                        .toArray());
                level.put(stage, p.toMap());
                report.row(
                        clients,
                        stage,
                        p.p50(),
                        p.p95(),
                        p.p99(),
                        p.mean(),
                        stage.equals("total") ? (Object) Percentiles.round(throughput) : "",
                        stage.equals("total") ? (Object) Percentiles.round(cpuMsPerQuery) : "");
            }
            levels.add(level);
        }
        report.result("levels", levels);
        return report;
    }

    private record Measured(List<QueryResult.Timings> timings, double wallSeconds) {}

    private Measured measure(
            QueryPipeline pipeline,
            SyntheticCorpus corpus,
            int documents,
            Settings settings,
            int clients,
            AtomicInteger next)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger remaining = new AtomicInteger(settings.queries());
        List<Future<List<QueryResult.Timings>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    List<QueryResult.Timings> mine = new ArrayList<>();
                    while (remaining.getAndDecrement() > 0) {
                        QueryResult result =
                                pipeline.query(request(corpus, documents, next.getAndIncrement(), settings));
                        if (reranker.isPresent() && !result.reranked()) {
                            throw new IllegalStateException("query was not reranked: " + result.rerankNote());
                        }
                        mine.add(result.timings());
                    }
                    return mine;
                }));
            }
            List<QueryResult.Timings> all = new ArrayList<>();
            for (Future<List<QueryResult.Timings>> future : futures) {
                all.addAll(future.get());
            }
            return new Measured(all, (System.nanoTime() - start) / 1e9);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a benchmark query failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static QueryRequest request(SyntheticCorpus corpus, int documents, int i, Settings settings) {
        int doc = Math.floorMod(i * 7_919, documents);
        return new QueryRequest(
                TENANT,
                corpus.query(doc, i),
                5,
                Math.max(5, settings.candidates()),
                SearchMode.HYBRID,
                0.8,
                FusionType.RELATIVE_SCORE,
                SearchFilter.NONE,
                false,
                true);
    }

    private int fill(LuceneChunkIndex index, SyntheticCorpus corpus, Settings settings) {
        int documents = 0;
        long chunks = 0;
        List<EmbeddedChunk> batch = new ArrayList<>();
        while (chunks < settings.chunks()) {
            List<EmbeddedChunk> doc = corpus.embeddedChunks(TENANT, documents++);
            if (settings.realVectors()) {
                List<float[]> vectors = embedder.embedAll(
                        doc.stream().map(c -> c.chunk().text()).toList());
                List<EmbeddedChunk> real = new ArrayList<>(doc.size());
                for (int i = 0; i < doc.size(); i++) {
                    real.add(new EmbeddedChunk(doc.get(i).chunk(), vectors.get(i)));
                }
                doc = real;
            }
            batch.addAll(doc);
            chunks += doc.size();
            if (batch.size() >= 2_000) {
                index.upsert(batch);
                batch.clear();
            }
        }
        index.upsert(batch);
        return documents;
    }
}
