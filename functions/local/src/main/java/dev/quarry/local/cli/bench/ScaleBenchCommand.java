package dev.quarry.local.cli.bench;

import dev.quarry.core.port.Embedder;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.bench.BenchFiles;
import dev.quarry.tools.bench.ScaleBench;
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
        name = "scale",
        mixinStandardHelpOptions = true,
        description = "Grows a synthetic corpus (synthetic vectors) in the embedded Lucene index and reports indexing"
                + " time, index size, memory and search latency at each checkpoint.")
public class ScaleBenchCommand implements Callable<Integer> {

    @Option(
            names = "--docs",
            split = ",",
            defaultValue = "10000,100000",
            description = "Document checkpoints (default ${DEFAULT-VALUE}; ~9.5 chunks per document).")
    List<Integer> docs;

    @Option(
            names = "--queries",
            defaultValue = "200",
            description = "Searches timed per checkpoint (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(
            names = "--embed-sample",
            defaultValue = "256",
            description = "Chunks embedded by the real model to measure it (0: skip).")
    int embedSample;

    @Option(
            names = "--upsert-batch",
            defaultValue = "5000",
            description = "Chunks per upsert/commit (default ${DEFAULT-VALUE}).")
    int upsertBatch;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Build the index here (kept) instead of a temporary directory.")
    Path dir;

    @Option(names = "--short", description = "Small sizes for CI: 200 and 1,000 documents.")
    boolean quick;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    BenchOutput output;

    @Inject
    Instance<OnnxEmbedder> embedder;

    @Override
    public Integer call() throws Exception {
        ScaleBench.Settings settings = quick
                ? new ScaleBench.Settings(List.of(200, 1_000), 30, Math.min(32, embedSample), 2_000, seed)
                : new ScaleBench.Settings(docs, queries, embedSample, upsertBatch, seed);
        Path work = dir != null ? dir : Files.createTempDirectory("quarry-bench-scale-");
        Optional<Embedder> real = settings.embedSample() > 0 ? Optional.of(embedder.get()) : Optional.empty();
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(work, 384))) {
            output.emit(new ScaleBench(real).run(index, work, settings));
        } finally {
            if (dir == null) {
                BenchFiles.deleteRecursively(work);
            }
        }
        return 0;
    }
}
