package dev.quarry.local.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.cache.CacheConfig;
import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.bench.CacheBenchmark;
import dev.quarry.cache.bench.CacheBenchmark.Row;
import dev.quarry.cache.bench.CachePair;
import dev.quarry.core.embed.OnnxEmbedder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        description = "Measure the semantic answer cache on labelled question pairs against Redis"
                + " (quarkus.redis.hosts, default 127.0.0.1:6379): per threshold, store an answer for every"
                + " text_a, look up every text_b, print hit precision, recall, false-hit rate and lookup latency.")
public class CacheBenchCommand implements Callable<Integer> {

    @Option(
            names = "--pairs",
            required = true,
            paramLabel = "FILE",
            description = "JSON array of {\"text_a\", \"text_b\", \"label\": 0|1}; 1 = same question.")
    Path pairs;

    @Option(
            names = "--thresholds",
            split = ",",
            defaultValue = "0.80,0.85,0.90,0.95",
            description = "Similarity thresholds to measure (default: ${DEFAULT-VALUE}).")
    List<Double> thresholds;

    @Option(names = "--no-guard", description = "Measure without the question guard (similarity alone).")
    boolean noGuard;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as a JSON array.")
    Path json;

    @Inject
    Instance<OnnxEmbedder> embedder;

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
        CacheSettings settings = config.toSettings()
                .withTimeouts(Duration.ofSeconds(2), config.breakerOpen())
                .withGuard(config.guard() && !noGuard);
        List<Row> rows = new CacheBenchmark(redis.get(), embedder.get()).run(loaded, thresholds, settings);

        long positives = loaded.stream().filter(p -> p.label() == 1).count();
        System.out.printf(
                "%d pairs (%d paraphrases, %d near misses), guard %s, LSH %d tables x %d bits, %d probes%n",
                loaded.size(),
                positives,
                loaded.size() - positives,
                settings.guard() ? "on" : "off",
                settings.lshTables(),
                settings.lshBits(),
                settings.lshProbes());
        System.out.printf(
                "%-9s %-9s %-7s %-14s %-6s %-10s %-12s %-12s%n",
                "threshold",
                "precision",
                "recall",
                "false_hit_rate",
                "hits",
                "false_hits",
                "latency_p50",
                "latency_p95");
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Row r : rows) {
            System.out.printf(
                    "%-9.2f %-9.4f %-7.4f %-14.4f %-6d %-10d %-12.3f %-12.3f%n",
                    r.threshold(),
                    r.precision(),
                    r.recall(),
                    r.falseHitRate(),
                    r.hits(),
                    r.falseHits(),
                    r.latencyMsP50(),
                    r.latencyMsP95());
            if (r.bypasses() > 0) {
                System.out.printf("  %d lookups bypassed the cache (Redis errors or timeouts)%n", r.bypasses());
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("threshold", r.threshold());
            o.put("precision", round(r.precision()));
            o.put("recall", round(r.recall()));
            o.put("false_hit_rate", round(r.falseHitRate()));
            o.put("latency_ms_p50", round(r.latencyMsP50()));
            o.put("latency_ms_p95", round(r.latencyMsP95()));
            out.add(o);
        }
        if (json != null) {
            mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), out);
        }
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
