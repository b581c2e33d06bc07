package dev.quarry.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.KeywordConfig;
import dev.quarry.core.search.SearchMode;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingConfig;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.ingestion.extract.DocumentExtractor;
import dev.quarry.local.LocalConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.rerank.CrossEncoderReranker;
import dev.quarry.models.rerank.RerankOptions;
import dev.quarry.tools.bench.Machine;
import dev.quarry.tools.eval.BeirDataset;
import dev.quarry.tools.eval.PairedComparison;
import dev.quarry.tools.eval.RetrievalEvaluator;
import dev.quarry.tools.eval.RetrievalEvaluator.Aggregation;
import dev.quarry.tools.eval.RetrievalEvaluator.Built;
import dev.quarry.tools.eval.RetrievalEvaluator.Result;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "eval",
        description = "Measure retrieval quality on a BEIR-format folder (corpus.jsonl, queries.jsonl,"
                + " qrels/test.tsv) through the served ingest and query pipelines: the corpus is indexed once"
                + " (cached under quarry.local.data-dir/eval-cache, keyed by corpus, embedder, analyzer and"
                + " chunking) and every judged query runs in each mode (bm25, vector and hybrid unless --mode)."
                + " Each hybrid row is then compared with each leg that ran, query by query: the mean nDCG@10"
                + " difference, its 95%% bootstrap interval, a sign-flip test's p-value and wins/ties/losses.",
        footer = {
            "",
            "Example: a BEIR dataset such as SciFact (the first run indexes the corpus, later runs reuse it)",
            "  ./quarry eval --dataset ~/beir/scifact --mode hybrid --alphas 0.5,0.8"
        })
public class EvalCommand implements Callable<Integer> {

    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "DIR",
            description = "The BEIR-format folder (corpus.jsonl, queries.jsonl, qrels/test.tsv).")
    Path dataset;

    @Option(names = "--mode", paramLabel = "bm25|vector|hybrid", description = "Only this mode (default: all three).")
    SearchMode mode;

    @Mixin
    SearchOptions search;

    @Spec
    CommandSpec spec;

    @Option(names = "--rerank", paramLabel = "MODEL_DIR", description = "Rerank with this cross-encoder.")
    Path rerankModel;

    @Option(
            names = "--rerank-depth",
            defaultValue = "25",
            paramLabel = "N",
            description = "Chunks per query the --rerank model reorders (default: ${DEFAULT-VALUE}).")
    int rerankDepth;

    @Option(
            names = "--max-tokens",
            description = "Chunk size in word pieces (default: quarry.chunking.max-tokens); small values make"
                    + " short documents span several chunks.")
    Integer maxTokens;

    @Option(names = "--overlap-tokens", description = "Chunk overlap (default: quarry.chunking.overlap-tokens).")
    Integer overlapTokens;

    @Option(
            names = "--aggregate",
            defaultValue = "max",
            description = "How chunk hits rank documents: max (best chunk, as users see it) or decay (chunk"
                    + " scores summed, halved per place) (default: ${DEFAULT-VALUE}).")
    String aggregate;

    @Option(
            names = "--alphas",
            split = ",",
            description = "Also run hybrid at each of these alphas (e.g. 0.3,0.5,0.7) on the same index.")
    List<Double> alphas;

    @Option(
            names = "--fusions",
            split = ",",
            converter = FusionConverter.class,
            description = "Fusions for --alphas (default: the --fusion in use).")
    List<FusionType> fusions;

    @Option(names = "--workers", description = "Documents indexed at once (default: one per core).")
    Integer workers;

    @Option(names = "--no-cache", description = "Build a fresh index and delete it afterwards.")
    boolean noCache;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    /** The single-leg modes a hybrid row is compared against. */
    private static final List<String> LEGS = List.of("bm25", "vector");

    @Inject
    Instance<OnnxEmbedder> embedder;

    @Inject
    Instance<DocumentExtractor> extractor;

    @Inject
    ChunkingConfig chunking;

    @Inject
    KeywordConfig keyword;

    @Inject
    QueryConfig defaults;

    @Inject
    LocalConfig local;

    @Inject
    ObjectMapper mapper;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        long cpuStart = Machine.processCpuNanos();
        check();
        BeirDataset data = BeirDataset.load(dataset);
        List<SearchMode> modes =
                mode == null ? List.of(SearchMode.BM25, SearchMode.VECTOR, SearchMode.HYBRID) : List.of(mode);
        double alpha = search.alpha(defaults);
        FusionType fusion = search.fusion(defaults);
        Aggregation aggregation = Aggregation.valueOf(aggregate.toUpperCase(Locale.ROOT));
        OnnxEmbedder model = embedder.get();
        ChunkingOptions configured = chunking.toOptions(model.maxTokens());
        int max = maxTokens == null ? configured.maxTokens() : maxTokens;
        ChunkingOptions chunkingOptions = new ChunkingOptions(
                max,
                overlapTokens != null
                        ? overlapTokens
                        : maxTokens == null
                                ? configured.overlapTokens()
                                : ChunkingOptions.fitting(max).overlapTokens());
        RetrievalEvaluator evaluator = new RetrievalEvaluator(
                extractor.get(), Chunker.forEmbedder(chunkingOptions, model), model, keyword.analyzer());
        Path cacheRoot = noCache
                ? Files.createTempDirectory("quarry-eval-")
                : local.dataDir().resolve("eval-cache");
        boolean vectors = modes.stream().anyMatch(m -> m != SearchMode.BM25);
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;

        ProgressBar progress =
                new ProgressBar(System.err, "documents", data.corpus().size());
        long indexCpuStart = Machine.processCpuNanos();
        Built built =
                evaluator.index(data, dataset.resolve("corpus.jsonl"), cacheRoot, vectors, threads, progress::update);
        double indexCpuSeconds = (Machine.processCpuNanos() - indexCpuStart) / 1e9;
        progress.finish();
        Optional<CrossEncoderReranker> reranker =
                Optional.ofNullable(rerankModel).map(dir -> new CrossEncoderReranker(dir, RerankOptions.defaults()));
        Map<String, Result> results = new LinkedHashMap<>();
        try (LuceneChunkIndex index = evaluator.open(built)) {
            for (SearchMode mode : modes) {
                String name = mode.name().toLowerCase(Locale.ROOT);
                results.put(
                        name,
                        evaluate(
                                evaluator,
                                data,
                                built,
                                index,
                                name,
                                settings(mode, alpha, fusion, reranker, aggregation)));
            }
            for (FusionType f : fusions == null ? List.of(fusion) : fusions) {
                for (double a : alphas == null ? List.<Double>of() : alphas) {
                    results.put(
                            String.format(
                                    Locale.ROOT, "hybrid a=%.2f %s", a, f == FusionType.RANKED ? "ranked" : "relative"),
                            evaluate(
                                    evaluator,
                                    data,
                                    built,
                                    index,
                                    String.format(Locale.ROOT, "hybrid alpha %.2f", a),
                                    settings(SearchMode.HYBRID, a, f, reranker, aggregation)));
                }
            }
        } finally {
            reranker.ifPresent(CrossEncoderReranker::close);
            if (noCache) {
                deleteRecursively(cacheRoot);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (Machine.processCpuNanos() - cpuStart) / 1e9;
        Map<String, Object> out = report(
                data,
                built,
                chunkingOptions,
                alpha,
                fusion,
                aggregation,
                results,
                seconds,
                cpuSeconds,
                indexCpuSeconds);
        print(out, System.out);
        if (json != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
        }
        return 0;
    }

    /** Runs every judged query in one setting, saying which and showing the queries' progress. */
    private static Result evaluate(
            RetrievalEvaluator evaluator,
            BeirDataset data,
            Built built,
            LuceneChunkIndex index,
            String label,
            RetrievalEvaluator.Settings settings) {
        System.err.printf("eval: %d judged queries, %s ...%n", data.qrels().size(), label);
        ProgressBar queries =
                new ProgressBar(System.err, "queries", data.queries().size());
        Result result = evaluator.evaluate(data, built, index, settings, queries::update);
        queries.finish();
        return result;
    }

    /** Refuses a dataset that is not there and values out of range before any model loads. */
    private void check() {
        CommandLine cli = spec.commandLine();
        for (String part : List.of("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")) {
            if (!Files.isRegularFile(dataset.resolve(part))) {
                throw new ParameterException(
                        cli,
                        "--dataset " + dataset + " is not a BEIR-format folder: " + part + " is missing (a BEIR"
                                + " dataset holds corpus.jsonl, queries.jsonl and qrels/test.tsv)");
            }
        }
        search.check(cli);
        if (rerankDepth < 1) {
            throw new ParameterException(cli, "--rerank-depth must be at least 1, was " + rerankDepth);
        }
        if (rerankModel != null && !Files.isDirectory(rerankModel)) {
            throw new ParameterException(cli, "--rerank " + rerankModel + " is not a folder holding a model");
        }
        if (!List.of("max", "decay").contains(aggregate.toLowerCase(Locale.ROOT))) {
            throw new ParameterException(cli, "--aggregate must be max or decay, was " + aggregate);
        }
        if (alphas != null && alphas.stream().anyMatch(a -> !(a >= 0 && a <= 1))) {
            throw new ParameterException(cli, "--alphas must each be between 0 and 1, were " + alphas);
        }
    }

    private RetrievalEvaluator.Settings settings(
            SearchMode mode,
            double alpha,
            FusionType fusion,
            Optional<CrossEncoderReranker> reranker,
            Aggregation aggregation) {
        return new RetrievalEvaluator.Settings(
                mode, alpha, fusion, reranker.map(Reranker.class::cast), rerankDepth, aggregation);
    }

    private Map<String, Object> report(
            BeirDataset data,
            Built built,
            ChunkingOptions chunkingOptions,
            double alpha,
            FusionType fusion,
            Aggregation aggregation,
            Map<String, Result> results,
            double seconds,
            double cpuSeconds,
            double indexCpuSeconds) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", dataset.getFileName().toString());
        out.put("embedder", embedder.get().fingerprint());
        out.put("query_prefix", embedder.get().options().queryPrefix());
        out.put("analyzer", keyword.analyzer().id());
        out.put("chunking", chunkingOptions.maxTokens() + "/" + chunkingOptions.overlapTokens());
        out.put("alpha", alpha);
        out.put("fusion", fusion == FusionType.RANKED ? "ranked" : "relative");
        out.put("aggregation", aggregation.name().toLowerCase(Locale.ROOT));
        out.put("rerank", rerankModel != null);
        out.put("documents", built.documents());
        out.put("documents_failed", built.failed());
        out.put("chunks", built.chunks());
        out.put("index", built.reused() ? "reused " + built.directory() : "built " + built.directory());
        out.put("index_seconds", round(built.seconds()));
        out.put("index_chunks_per_second", round(built.chunks() / Math.max(built.seconds(), 1e-9)));
        out.put("index_cpu_seconds", round(indexCpuSeconds));
        out.put("modes", modes(results));
        out.put("comparisons", comparisons(results));
        out.put("wall_seconds", round(seconds));
        // CPU time is what a busy machine does not inflate much: on an idle machine the wall time is about
        // cpu_seconds / cores (indexing keeps every core busy); the load average says how busy it was.
        out.put("cpu_seconds", round(cpuSeconds));
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average", Machine.loadAverage());
        return out;
    }

    /** One row per mode: its means, query counts, latency and nDCG@10 of each query by id. */
    static List<Map<String, Object>> modes(Map<String, Result> results) {
        List<Map<String, Object>> modes = new ArrayList<>();
        for (Map.Entry<String, Result> entry : results.entrySet()) {
            Result result = entry.getValue();
            Map<String, Object> mode = new LinkedHashMap<>();
            mode.put("mode", entry.getKey());
            mode.put("ndcg_at_10", round(result.metrics().ndcg()));
            mode.put("recall_at_100", round(result.metrics().recall()));
            mode.put("queries", result.metrics().queries());
            mode.put("queries_unjudged", result.unjudgedQueries());
            mode.put("queries_without_relevant", result.metrics().queriesWithoutRelevant());
            mode.put("latency_ms_p50", round(result.latency().p50Millis()));
            mode.put("latency_ms_p95", round(result.latency().p95Millis()));
            Map<String, Double> perQuery = new LinkedHashMap<>();
            result.metrics().ndcgByQuery().forEach((id, ndcg) -> perQuery.put(id, round(ndcg)));
            mode.put("ndcg_at_10_per_query", perQuery);
            modes.add(mode);
        }
        return modes;
    }

    /**
     * The paired comparisons of nDCG@10 ({@link PairedComparison}): the default hybrid row and each {@code --alphas}
     * row against each leg (bm25, vector) that ran, over the same queries.
     */
    static List<Map<String, Object>> comparisons(Map<String, Result> results) {
        List<Map<String, Object>> comparisons = new ArrayList<>();
        for (Map.Entry<String, Result> row : results.entrySet()) {
            if (!row.getKey().startsWith("hybrid")) {
                continue;
            }
            for (String leg : LEGS) {
                Result against = results.get(leg);
                if (against == null) {
                    continue;
                }
                PairedComparison.Result c = PairedComparison.of(
                        row.getValue().metrics().ndcgByQuery(),
                        against.metrics().ndcgByQuery());
                Map<String, Object> comparison = new LinkedHashMap<>();
                comparison.put("mode", row.getKey());
                comparison.put("against", leg);
                comparison.put("metric", "ndcg_at_10");
                comparison.put("queries", c.queries());
                comparison.put("mean_difference", c.meanDifference());
                comparison.put("ci95_low", c.ciLow());
                comparison.put("ci95_high", c.ciHigh());
                comparison.put("p_value", c.pValue());
                comparison.put("p_value_exact", c.exact());
                comparison.put("wins", c.wins());
                comparison.put("ties", c.ties());
                comparison.put("losses", c.losses());
                comparison.put("summary", c.summary());
                comparisons.add(comparison);
            }
        }
        return comparisons;
    }

    static void print(Map<String, Object> out, PrintStream stdout) {
        out.forEach((k, v) -> {
            if (!k.equals("modes") && !k.equals("comparisons")) {
                stdout.printf("%-24s %s%n", k, v);
            }
        });
        stdout.println();
        stdout.printf(
                "%-24s %10s %13s %8s %10s %10s%n", "mode", "nDCG@10", "recall@100", "queries", "p50 ms", "p95 ms");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> modes = (List<Map<String, Object>>) out.get("modes");
        for (Map<String, Object> mode : modes) {
            stdout.printf(
                    "%-24s %10.4f %13.4f %8s %10.1f %10.1f%n",
                    mode.get("mode"),
                    (Double) mode.get("ndcg_at_10"),
                    (Double) mode.get("recall_at_100"),
                    mode.get("queries"),
                    (Double) mode.get("latency_ms_p50"),
                    (Double) mode.get("latency_ms_p95"));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> comparisons = (List<Map<String, Object>>) out.get("comparisons");
        if (comparisons == null || comparisons.isEmpty()) {
            return;
        }
        stdout.println();
        stdout.printf(
                "paired nDCG@10 (mode minus leg over the same %s queries; 95%% bootstrap CI, %,d resamples;"
                        + " sign-flip p; per-query wins/ties/losses)%n",
                comparisons.get(0).get("queries"), PairedComparison.DRAWS);
        for (Map<String, Object> comparison : comparisons) {
            stdout.printf(
                    "%-34s %s%n",
                    comparison.get("mode") + " vs " + comparison.get("against"), comparison.get("summary"));
        }
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
