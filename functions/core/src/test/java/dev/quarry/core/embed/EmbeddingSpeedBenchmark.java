package dev.quarry.core.embed;

import dev.quarry.core.eval.BeirDataset;
import dev.quarry.core.eval.LatencyStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the speed of the embedding variants fairly on a shared, busy machine: all variants are loaded
 * at once and take turns on the same slice of documents for several rounds, so a burst of load from other
 * processes hits every variant; the median round is reported. Not a test: a main class, run by hand.
 *
 * <pre>
 * java -cp functions/core/target/classes:functions/core/target/test-classes:$(cat functions/core/target/benchmark.classpath) \
 *     dev.quarry.core.embed.EmbeddingSpeedBenchmark /work/shared/eval/mini-dbpedia 500 5
 * </pre>
 *
 * Arguments (optional): a BEIR collection, documents per round, rounds.
 */
public final class EmbeddingSpeedBenchmark {

    private EmbeddingSpeedBenchmark() {}

    public static void main(String[] args) {
        BeirDataset data = BeirDataset.load(Path.of(args.length > 0 ? args[0] : "/work/shared/eval/mini-dbpedia"));
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<String> texts = data.corpus().values().stream()
                .map(BeirDataset.Document::titleAndText)
                .filter(t -> !t.isBlank())
                .limit(documents)
                .toList();
        List<String> queries = new ArrayList<>(data.queries().values());

        Map<String, OnnxEmbedder> embedders = new LinkedHashMap<>();
        for (String variant :
                List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v1.5", "bge-small-en-v1.5-q")) {
            embedders.put(variant, new OnnxEmbedder(EmbeddingVariantsBenchmark.parse(variant)));
        }
        Map<String, List<Double>> docsPerSecond = new LinkedHashMap<>();
        Map<String, List<Long>> queryNanos = new LinkedHashMap<>();
        embedders.forEach((variant, embedder) -> embedder.embedAll(texts.subList(0, 20)));
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, OnnxEmbedder> entry : embedders.entrySet()) {
                long start = System.nanoTime();
                entry.getValue().embedAll(texts);
                double rate = texts.size() / ((System.nanoTime() - start) / 1e9);
                docsPerSecond
                        .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(rate);
                for (String query : queries) {
                    long queryStart = System.nanoTime();
                    entry.getValue().embed(query);
                    queryNanos
                            .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                            .add(System.nanoTime() - queryStart);
                }
            }
        }
        System.out.printf("%d documents x %d rounds, %d queries per round%n%n", texts.size(), rounds, queries.size());
        System.out.println("| variant | docs/s (median round) | docs/s (all rounds) | query p50 ms | query p95 ms |");
        System.out.println("|---|---|---|---|---|");
        for (String variant : embedders.keySet()) {
            List<Double> rates = docsPerSecond.get(variant);
            LatencyStats latency = LatencyStats.ofNanos(queryNanos.get(variant));
            System.out.printf(
                    "| %s | %.0f | %s | %.2f | %.2f |%n",
                    variant,
                    LatencyStats.ofMillis(rates).p50Millis(),
                    rates.stream().map(r -> String.format("%.0f", r)).toList(),
                    latency.p50Millis(),
                    latency.p95Millis());
        }
        embedders.values().forEach(OnnxEmbedder::close);
    }
}
