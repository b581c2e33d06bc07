package dev.quarry.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.chunk.Chunker;
import dev.quarry.core.embed.MiniLmEmbedder;
import dev.quarry.core.eval.BeirDataset;
import dev.quarry.core.pipeline.QueryConfig;
import dev.quarry.core.rerank.CrossEncoderReranker;
import dev.quarry.core.rerank.RerankOptions;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.local.eval.RetrievalEvaluator;
import dev.quarry.local.eval.RetrievalEvaluator.Result;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Dependent
@Unremovable
@Command(
        name = "eval",
        description = "Measure retrieval quality on a BEIR-format folder (corpus.jsonl, queries.jsonl,"
                + " qrels/test.tsv): indexes the corpus into a fresh index and runs every judged query.")
public class EvalCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "The BEIR-format folder.")
    Path dataset;

    @Mixin
    SearchOptions search;

    @Option(names = "--rerank", paramLabel = "MODEL_DIR", description = "Rerank with this cross-encoder.")
    Path rerankModel;

    @Option(names = "--rerank-depth", defaultValue = "25", description = "Documents reranked per query.")
    int rerankDepth;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Inject
    Instance<MiniLmEmbedder> embedder;

    @Inject
    Instance<Chunker> chunker;

    @Inject
    QueryConfig defaults;

    @Inject
    ObjectMapper mapper;

    @Override
    public Integer call() throws IOException {
        BeirDataset data = BeirDataset.load(dataset);
        SearchMode mode = search.mode(defaults);
        double a = search.alpha(defaults);
        FusionType f = search.fusion(defaults);
        Optional<CrossEncoderReranker> reranker =
                Optional.ofNullable(rerankModel).map(dir -> new CrossEncoderReranker(dir, RerankOptions.defaults()));
        Path indexDir = Files.createTempDirectory("quarry-eval-");
        Result result;
        try (LuceneChunkIndex index = new LuceneChunkIndex(
                LuceneIndexConfig.onDisk(indexDir, embedder.get().dimension()))) {
            result = new RetrievalEvaluator(embedder.get(), chunker.get())
                    .evaluate(
                            data,
                            index,
                            new RetrievalEvaluator.Settings(mode, a, f, reranker.map(r -> r), rerankDepth));
        } finally {
            reranker.ifPresent(CrossEncoderReranker::close);
            deleteRecursively(indexDir);
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset.getFileName().toString());
        out.put("mode", mode.name().toLowerCase());
        if (mode == SearchMode.HYBRID) {
            out.put("alpha", a);
            out.put("fusion", f == FusionType.RANKED ? "ranked" : "relative");
        }
        out.put("rerank", rerankModel != null);
        out.put("ndcg_at_10", round(result.metrics().ndcg()));
        out.put("recall_at_100", round(result.metrics().recall()));
        out.put("queries", result.metrics().queries());
        out.put("queries_without_relevant", result.metrics().queriesWithoutRelevant());
        out.put("documents", result.documents());
        out.put("chunks", result.chunks());
        out.put("index_seconds", round(result.indexSeconds()));
        out.put("latency_ms_p50", round(result.latency().p50Millis()));
        out.put("latency_ms_p95", round(result.latency().p95Millis()));

        out.forEach((k, v) -> System.out.printf("%-26s %s%n", k, v));
        if (json != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
        }
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
