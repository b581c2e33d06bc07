package dev.quarry.tools.bench;

import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import dev.quarry.embedded.index.LuceneChunkIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the embedded Lucene index grows: a synthetic corpus ({@link SyntheticCorpus}, synthetic vectors) is
 * added up to each checkpoint, and at each one the indexing time, the index size on disk, the live heap,
 * the process RSS and the hybrid-search latency are recorded. The real embedder's throughput is measured
 * on a sample of the same chunks, so the time real vectors would take is stated next to it.
 */
public final class ScaleBench {

    /**
     * @param checkpoints document counts to stop and measure at, ascending
     * @param queries searches timed per checkpoint
     * @param embedSample chunks embedded by the real model to measure its throughput (0 to skip)
     * @param upsertBatch chunks per upsert (each upsert commits)
     * @param seed corpus seed
     */
    public record Settings(List<Integer> checkpoints, int queries, int embedSample, int upsertBatch, long seed) {
        public Settings {
            checkpoints = List.copyOf(checkpoints);
            for (int i = 0; i < checkpoints.size(); i++) {
                if (checkpoints.get(i) < 1 || (i > 0 && checkpoints.get(i) <= checkpoints.get(i - 1))) {
                    throw new IllegalArgumentException("checkpoints must be ascending and >= 1, were " + checkpoints);
                }
            }
            if (checkpoints.isEmpty() || queries < 1 || embedSample < 0 || upsertBatch < 1) {
                throw new IllegalArgumentException(
                        "need a checkpoint, queries >= 1, embedSample >= 0, upsertBatch >= 1");
            }
        }
    }

    private static final String TENANT = "bench";

    private final Optional<Embedder> embedder;

    public ScaleBench(Optional<Embedder> embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
    }

    public BenchReport run(LuceneChunkIndex index, Path indexDir, Settings settings) throws IOException {
        SyntheticCorpus corpus = new SyntheticCorpus(settings.seed());
        BenchReport report = new BenchReport(
                        "scale",
                        List.of(
                                "documents",
                                "chunks",
                                "index s",
                                "chunks/s",
                                "index MB",
                                "heap MB",
                                "RSS MB",
                                "search p50 ms",
                                "search p95 ms",
                                "search p99 ms"))
                .setting("vectors", "synthetic (clustered, 384 dims, seed " + settings.seed() + ")")
                .setting("search", "hybrid, alpha 0.8, relative score, 25 candidates")
                .setting("queries per checkpoint", settings.queries())
                .setting("upsert batch", settings.upsertBatch());
        report.note("vectors are synthetic: embedding this corpus with the real model would take the time"
                + " stated under real_embedder; the index cost does not depend on where the vectors came from");
        List<Map<String, Object>> points = new ArrayList<>();
        int documents = 0;
        long chunks = 0;
        double indexNanos = 0;
        List<EmbeddedChunk> batch = new ArrayList<>();
        for (int checkpoint : settings.checkpoints()) {
            long start = System.nanoTime();
            while (documents < checkpoint) {
                List<EmbeddedChunk> doc = corpus.embeddedChunks(TENANT, documents++);
                batch.addAll(doc);
                chunks += doc.size();
                if (batch.size() >= settings.upsertBatch() || documents == checkpoint) {
                    index.upsert(batch);
                    batch.clear();
                }
            }
            indexNanos += System.nanoTime() - start;
            double indexSeconds = indexNanos / 1e9;
            double sizeMb = Machine.directoryMb(indexDir);
            long heapMb = Machine.liveHeapMb();
            long rssMb = Machine.rssMb(Machine.selfPid());
            Percentiles search = searchLatency(index, corpus, documents, settings.queries());
            report.row(
                    documents,
                    chunks,
                    Percentiles.round(indexSeconds),
                    chunks / indexSeconds,
                    sizeMb,
                    heapMb,
                    rssMb,
                    search.p50(),
                    search.p95(),
                    search.p99());
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("documents", documents);
            point.put("chunks", chunks);
            point.put("index_seconds_cumulative", Percentiles.round(indexSeconds));
            point.put("chunks_per_second", Percentiles.round(chunks / indexSeconds));
            point.put("index_mb", sizeMb);
            point.put("live_heap_mb", heapMb);
            point.put("rss_mb", rssMb);
            point.put("search", search.toMap());
            points.add(point);
        }
        report.result("checkpoints", points);
        report.result("peak_rss_mb", Machine.peakRssMb(Machine.selfPid()));
        if (embedder.isPresent() && settings.embedSample() > 0) {
            List<String> sample = new ArrayList<>();
            for (int d = 0; sample.size() < settings.embedSample(); d++) {
                sample.addAll(corpus.chunkTexts(d));
            }
            sample = sample.subList(0, settings.embedSample());
            embedder.get().embedAll(sample.subList(0, Math.min(16, sample.size()))); // warm up
            long start = System.nanoTime();
            embedder.get().embedAll(sample);
            double rate = sample.size() / ((System.nanoTime() - start) / 1e9);
            Map<String, Object> real = new LinkedHashMap<>();
            real.put("sample_chunks", sample.size());
            real.put("chunks_per_second", Percentiles.round(rate));
            real.put("hours_for_all_chunks_on_this_machine", Percentiles.round(chunks / rate / 3600));
            report.result("real_embedder", real);
            report.note(String.format(
                    "real embedder: %.1f chunks/s on %d sample chunks -> %.1f h to embed all %d chunks here",
                    rate, sample.size(), chunks / rate / 3600, chunks));
        }
        return report;
    }

    private static Percentiles searchLatency(
            LuceneChunkIndex index, SyntheticCorpus corpus, int documents, int queries) {
        for (int q = 0; q < Math.min(20, queries); q++) { // warm up
            index.search(request(corpus, documents, q + 1_000_000));
        }
        double[] millis = new double[queries];
        for (int q = 0; q < queries; q++) {
            SearchRequest request = request(corpus, documents, q);
            long start = System.nanoTime();
            int hits = index.search(request).size();
            millis[q] = (System.nanoTime() - start) / 1e6;
            if (hits == 0) {
                throw new IllegalStateException("a search over " + documents + " documents found nothing");
            }
        }
        return Percentiles.ofMillis(millis);
    }

    private static SearchRequest request(SyntheticCorpus corpus, int documents, int q) {
        int doc = Math.floorMod(q * 104_729, documents);
        return new SearchRequest(
                TENANT,
                corpus.query(doc, q),
                corpus.queryVector(doc, q),
                SearchMode.HYBRID,
                0.8,
                FusionType.RELATIVE_SCORE,
                25,
                null);
    }
}
