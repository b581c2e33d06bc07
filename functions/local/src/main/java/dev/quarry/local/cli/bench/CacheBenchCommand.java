package dev.quarry.local.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.cache.CacheConfig;
import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.verify.PairModels;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.bench.cache.BenchEmbedders;
import dev.quarry.tools.bench.cache.CacheBenchmark;
import dev.quarry.tools.bench.cache.CacheBenchmark.Point;
import dev.quarry.tools.bench.cache.CacheBenchmark.Row;
import dev.quarry.tools.bench.cache.CacheBenchmark.WrongHit;
import dev.quarry.tools.bench.cache.CacheBenchmark.WrongKind;
import dev.quarry.tools.bench.cache.CachePair;
import dev.quarry.tools.bench.cache.EmbeddingStore;
import io.quarkus.arc.Unremovable;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Dependent
@Unremovable
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        description = "Measure the semantic answer cache on labelled question pairs against Redis"
                + " (quarkus.redis.hosts, default 127.0.0.1:6379): store an answer for every text_a, look up every"
                + " text_b, print hit precision, recall, false-hit rate and lookup latency. Without --thresholds"
                + " or --max-false-hit-rates it measures the shipped defaults (the row marked default).")
public class CacheBenchCommand implements Callable<Integer> {

    @Option(
            names = "--pairs",
            required = true,
            paramLabel = "FILE",
            description = "JSON array, or JSON lines, of {\"text_a\", \"text_b\", \"label\": 0|1}; 1 = same question.")
    Path pairs;

    @Option(
            names = "--thresholds",
            split = ",",
            description = "Cosine floors of the nearest candidate to sweep (verifier at the configured"
                    + " max-false-hit-rate unless --no-verifier).")
    List<Double> thresholds;

    @Option(
            names = "--max-false-hit-rates",
            split = ",",
            description = "Verifier bounds to sweep: the precision/recall curve.")
    List<Double> maxFalseHitRates;

    @Option(names = "--no-verifier", description = "Measure the cosine floor alone (serve the nearest candidate).")
    boolean noVerifier;

    @Option(
            names = "--embedder",
            paramLabel = "ID",
            description = "Query embedder id (default: the configured one); others: " + "all-minilm-l6-v2-q,"
                    + " bge-small-en-v1.5[-q][+query-instruction].")
    String embedderId;

    @Option(
            names = "--embeddings",
            paramLabel = "DIR",
            description = "Reuse (and fill) question embeddings stored by quarry bench cache-train in DIR.")
    Path embeddings;

    @Option(
            names = "--weights",
            paramLabel = "FILE",
            description = "Verifier weights file (default: the weights shipped for the embedder).")
    Path weights;

    @Option(
            names = "--pair-model",
            paramLabel = "DIR",
            description = "The pair model (cross-encoder directory: model.onnx, tokenizer.json) the --weights were"
                    + " trained with, if any.")
    Path pairModel;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as a JSON array.")
    Path json;

    @Option(
            names = "--show-wrong",
            paramLabel = "N",
            description = "Print N wrong hits of the default row (or of the first row when none is the default),"
                    + " drawn at random with a fixed seed, with the question served and the pair's own one, so"
                    + " people can judge them: labels are noisy.")
    Integer showWrong;

    @Inject
    Instance<OnnxEmbedder> configured;

    @Inject
    Instance<Redis> redis;

    @Inject
    CacheConfig config;

    @Inject
    ObjectMapper mapper;

    @Override
    public Integer call() throws IOException {
        List<CachePair> loaded = CachePair.load(pairs);
        // A benchmark measures the cache, not the fail-open path: give Redis a generous budget and count
        // any bypass that still happens.
        CacheSettings settings = config.toSettings().withTimeouts(Duration.ofSeconds(2), config.breakerOpen());
        boolean own = embedderId == null || embedderId.equals(configured.get().id());
        Embedder embedder = own ? configured.get() : BenchEmbedders.open(embedderId, 0);
        try {
            Function<String, float[]> embed = embedder::embed;
            if (embeddings != null) {
                EmbeddingStore store = EmbeddingStore.open(embeddings, embedder.id(), embedder.dimension());
                List<String> texts = new ArrayList<>();
                loaded.forEach(p -> {
                    texts.add(p.textA());
                    texts.add(p.textB());
                });
                store.fill(texts, embedder, 1024, System.err);
                embed = store::get;
            }
            Optional<VerifierModel> model = weights != null
                    ? Optional.of(VerifierModel.read(weights).requireEmbedder(embedder.id()))
                    : VerifierModel.shipped(embedder.id());
            List<Point> points = points(settings);
            Reranker pair = pairModel == null
                    ? null
                    : PairModels.open(
                            pairModel,
                            model.orElseThrow(() -> new IllegalArgumentException(
                                    "--pair-model needs verifier weights trained with it (--weights)")));
            List<Row> rows = new CacheBenchmark(redis.get(), embed, model, pair).run(loaded, points, settings);
            print(loaded, settings, embedder.id(), model, rows);
        } finally {
            if (!own) {
                BenchEmbedders.close(embedder);
            }
        }
        return 0;
    }

    private List<Point> points(CacheSettings defaults) {
        List<Point> points = new ArrayList<>();
        boolean verifier = !noVerifier;
        if (thresholds != null) {
            for (double t : thresholds) {
                points.add(point(defaults, t, defaults.maxFalseHitRate(), verifier));
            }
        }
        if (maxFalseHitRates != null) {
            for (double rate : maxFalseHitRates) {
                points.add(point(defaults, defaults.threshold(), rate, verifier));
            }
        }
        if (points.isEmpty()) {
            points.add(point(defaults, defaults.threshold(), defaults.maxFalseHitRate(), verifier));
        }
        return points;
    }

    private static Point point(CacheSettings defaults, double threshold, double rate, boolean verifier) {
        boolean isDefault = verifier && threshold == defaults.threshold() && rate == defaults.maxFalseHitRate();
        return new Point(threshold, rate, verifier, isDefault);
    }

    private void print(
            List<CachePair> loaded,
            CacheSettings settings,
            String embedder,
            Optional<VerifierModel> model,
            List<Row> rows)
            throws IOException {
        long positives = loaded.stream().filter(p -> p.label() == 1).count();
        System.out.printf(
                "%d pairs (%d duplicates, %d others), embedder %s, verifier %s, LSH %d tables x %d bits, %d probes%n",
                loaded.size(),
                positives,
                loaded.size() - positives,
                embedder,
                noVerifier ? "off" : model.isPresent() ? "on" : "none for this embedder (exact hits only)",
                settings.lshTables(),
                settings.lshBits(),
                settings.lshProbes());
        System.out.printf(
                "%-9s %-18s %-9s %-7s %-14s %-6s %-10s %-11s %-12s %-12s %s%n",
                "threshold",
                "max_false_hit_rate",
                "precision",
                "recall",
                "false_hit_rate",
                "hits",
                "false_hits",
                "exact_other",
                "latency_p50",
                "latency_p95",
                "");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            System.out.printf(
                    "%-9.2f %-18s %-9.4f %-7.4f %-14.4f %-6d %-10d %-11d %-12.3f %-12.3f %s%n",
                    r.threshold(),
                    r.point().verifier() ? String.format("%.3f", r.point().maxFalseHitRate()) : "-",
                    r.precision(),
                    r.recall(),
                    r.falseHitRate(),
                    r.hits(),
                    r.falseHits(),
                    r.exactOtherHits(),
                    r.latencyMsP50(),
                    r.latencyMsP95(),
                    r.point().isDefault() ? "default" : "");
            if (r.bypasses() > 0) {
                System.out.printf("  %d lookups bypassed the cache (Redis errors or timeouts)%n", r.bypasses());
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("default", r.point().isDefault());
            o.put("embedder", embedder);
            o.put("verifier", r.point().verifier() && model.isPresent());
            o.put("threshold", r.threshold());
            o.put("max_false_hit_rate", r.point().verifier() ? r.point().maxFalseHitRate() : null);
            o.put("precision", round(r.precision()));
            o.put("recall", round(r.recall()));
            o.put("false_hit_rate", round(r.falseHitRate()));
            o.put("hits", r.hits());
            o.put("correct_hits", r.correctHits());
            o.put("false_hits", r.falseHits());
            o.put("exact_other_hits", r.exactOtherHits());
            o.put("wrong_non_duplicate", r.wrong(WrongKind.NON_DUPLICATE));
            o.put("wrong_another_entry", r.wrong(WrongKind.ANOTHER_ENTRY));
            o.put("latency_ms_p50", round(r.latencyMsP50()));
            o.put("latency_ms_p95", round(r.latencyMsP95()));
            out.add(o);
        }
        System.out.println("false_hit_rate: false hits over non-duplicate lookups; 1 - precision is the share of"
                + " served hits that answer another question (what max_false_hit_rate bounds per hit)."
                + " exact_other: hits on an entry holding the looked-up question itself, stored for another pair"
                + " (served by the exact path whatever the verifier says; the protocol counts them wrong).");
        if (showWrong != null && !rows.isEmpty()) {
            Row shown =
                    rows.stream().filter(r -> r.point().isDefault()).findFirst().orElse(rows.get(0));
            printWrong(shown, showWrong);
        }
        if (json != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
        }
    }

    private static void printWrong(Row row, int n) {
        List<WrongHit> sample = new ArrayList<>(row.wrongHits());
        java.util.Collections.shuffle(sample, new java.util.Random(18));
        sample = sample.subList(0, Math.min(Math.max(0, n), sample.size()));
        System.out.printf(
                "%nwrong hits at threshold %.2f, max_false_hit_rate %s: %d (%d on non-duplicate pairs, %d duplicates"
                        + " served another entry, %d exact repeats of another entry); %d of them:%n",
                row.threshold(),
                row.point().verifier() ? String.format("%.3f", row.point().maxFalseHitRate()) : "-",
                row.wrongHits().size(),
                row.wrong(WrongKind.NON_DUPLICATE),
                row.wrong(WrongKind.ANOTHER_ENTRY),
                row.wrong(WrongKind.EXACT_OTHER),
                sample.size());
        for (WrongHit w : sample) {
            System.out.printf(
                    "%s%n  asked:  %s%n  served: %s%n  own:    %s%n",
                    w.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                    w.query(),
                    w.served(),
                    w.own());
        }
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
