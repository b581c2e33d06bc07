package dev.quarry.local.cli.bench;

import dev.quarry.core.port.Reranker;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.rerank.CrossEncoderReranker;
import dev.quarry.models.rerank.RerankConfig;
import dev.quarry.tools.bench.BenchFiles;
import dev.quarry.tools.bench.QueryBench;
import dev.quarry.tools.bench.TimingCrossEncoder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = "Per-stage latency p50/p95/p99 (embed, search, rerank, total; LLM excluded) of the warm query"
                + " path at 1 and N concurrent clients, on a fresh synthetic index, reranking with a TIMING MODEL"
                + " (MiniLM-L6-shaped cross-encoder with a random head) unless --rerank-model is given.")
public class QueryBenchCommand implements Callable<Integer> {

    @Option(names = "--chunks", defaultValue = "10000", description = "Chunks in the index (default ${DEFAULT-VALUE}).")
    int chunks;

    @Option(
            names = "--queries",
            defaultValue = "200",
            description = "Measured queries per level (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(
            names = "--clients",
            split = ",",
            defaultValue = "1,4",
            description = "Concurrent clients per level (default ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(
            names = "--candidates",
            defaultValue = "25",
            description = "Candidates reranked (default ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--real-vectors", description = "Embed the corpus with the real model (slow: ~100 chunks/s).")
    boolean realVectors;

    @Option(
            names = "--rerank-model",
            paramLabel = "DIR",
            description = "A real cross-encoder directory instead of the timing model.")
    Path rerankModel;

    @Option(names = "--no-rerank", description = "Measure without a reranker.")
    boolean noRerank;

    @Option(names = "--short", description = "Small sizes for CI: 1,000 chunks, 20 queries.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    BenchOutput output;

    @Inject
    Instance<OnnxEmbedder> embedder;

    @Inject
    RerankConfig rerankConfig;

    @Override
    public Integer call() throws Exception {
        QueryBench.Settings settings = quick
                ? new QueryBench.Settings(1_000, 20, 3, List.of(1, 2), candidates, realVectors, seed)
                : new QueryBench.Settings(chunks, queries, 10, clients, candidates, realVectors, seed);
        Path work = Files.createTempDirectory("quarry-bench-query-");
        Optional<CrossEncoderReranker> reranker = Optional.empty();
        try {
            if (!noRerank) {
                Path dir = rerankModel != null ? rerankModel : TimingCrossEncoder.writeTo(BenchFiles.timingModelDir());
                reranker = Optional.of(new CrossEncoderReranker(dir, rerankConfig.options()));
            }
            try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(
                    work.resolve("index"), embedder.get().dimension()))) {
                output.emit(new QueryBench(embedder.get(), reranker.map(Reranker.class::cast)).run(index, settings));
            }
        } finally {
            reranker.ifPresent(CrossEncoderReranker::close);
            BenchFiles.deleteRecursively(work);
        }
        return 0;
    }
}
