package dev.quarry.tools.bench;

import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.eval.BeirDataset;
import dev.quarry.tools.eval.LatencyStats;

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
 * java -cp functions/tools/target/classes:$(cat functions/tools/target/benchmark.classpath) \
 *     dev.quarry.tools.bench.EmbeddingSpeedBenchmark /work/shared/eval/mini-dbpedia 500 5
 * </pre>
 *
 * Arguments (optional): a BEIR collection, texts per round, rounds, documents joined into one text (1; 5 makes
 * texts of ~300 words like scientific abstracts), models (comma-separated ids). Prints texts/s and word pieces/s.
 */
public final class EmbeddingSpeedBenchmark {

    private EmbeddingSpeedBenchmark() {}

    public static void main(String[] args) {
        BeirDataset data = BeirDataset.load(Path.of(args.length > 0 ? args[0] : "/work/shared/eval/mini-dbpedia"));
        int documents = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int join = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        List<String> models = List.of((args.length > 4
                        ? args[4]
                        : "all-minilm-l6-v2,all-minilm-l6-v2-q,bge-small-en-v1.5,bge-small-en-v1.5-q")
                .split(","));
        List<String> single = data.corpus().values().stream()
                .map(BeirDataset.Document::titleAndText)
                .filter(t -> !t.isBlank())
                .limit((long) documents * join)
                .toList();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i + join <= single.size(); i += join) {
            texts.add(String.join("\n", single.subList(i, i + join)));
        }
        List<String> queries = new ArrayList<>(data.queries().values());

        Map<String, OnnxEmbedder> embedders = new LinkedHashMap<>();
        for (String variant : models) {
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
                    entry.getValue().embedQuery(query);
                    queryNanos
                            .computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                            .add(System.nanoTime() - queryStart);
                }
            }
        }
        System.out.printf(
                "%d texts (%d documents each) x %d rounds, %d queries per round%n%n",
                texts.size(), join, rounds, queries.size());
        System.out.println(
                "| variant | texts/s (median round) | word pieces/s | texts/s (all rounds) | query p50 ms | query p95 ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (String variant : embedders.keySet()) {
            List<Double> rates = docsPerSecond.get(variant);
            LatencyStats latency = LatencyStats.ofNanos(queryNanos.get(variant));
            OnnxEmbedder embedder = embedders.get(variant);
            long pieces = texts.stream()
                    .mapToLong(t -> Math.min(embedder.countTokens(t), embedder.maxTokens()))
                    .sum();
            double median = LatencyStats.ofMillis(rates).p50Millis();
            System.out.printf(
                    "| %s | %.1f | %.0f | %s | %.2f | %.2f |%n",
                    variant,
                    median,
                    median * pieces / texts.size(),
                    rates.stream().map(r -> String.format("%.0f", r)).toList(),
                    latency.p50Millis(),
                    latency.p95Millis());
        }
        embedders.values().forEach(OnnxEmbedder::close);
    }
}
