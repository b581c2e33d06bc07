package dev.quarry.tools.bench;

import dev.quarry.models.embed.EmbeddingModel;
import dev.quarry.models.embed.EmbeddingOptions;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.eval.BeirDataset;
import dev.quarry.tools.eval.LatencyStats;
import dev.quarry.tools.eval.RetrievalMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Measures vector-only retrieval with each embedding variant (fp32 / quantized × window 128 / 256) on BEIR
 * collections: nDCG@10 and recall@100 of brute-force cosine search over the whole corpus, corpus embedding
 * throughput, and single-query embedding latency. Each document is embedded as {@code title + "\n" + text}
 * ({@link BeirDataset.Document#titleAndText()}), the way the local index embeds a chunk under its heading.
 * Not a test: a main class, run by hand on an otherwise idle machine.
 *
 * <p>From the repository root:
 *
 * <pre>
 * ./mvnw -B -q -pl functions/tools -am compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/benchmark.classpath -Dmdep.includeScope=runtime
 * java -cp functions/tools/target/classes:$(cat functions/tools/target/benchmark.classpath) \
 *     dev.quarry.tools.bench.EmbeddingVariantsBenchmark /work/shared/eval mini-dbpedia,mini-msmarco all-minilm-l6-v2@256,bge-small-en-v1.5-q@512,bge-small-en-v1.5-q@512:noinst
 * </pre>
 *
 * Arguments (all optional): the folder holding the collections, a comma-separated list of collections, a
 * comma-separated list of variants ({@code model-id[@window][:noinst]}, {@code :noinst} embeds queries without
 * the model's query instruction). Prints a Markdown table.
 */
public final class EmbeddingVariantsBenchmark {

    private static final int QUERY_WARMUP = 5;

    private EmbeddingVariantsBenchmark() {}

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "/work/shared/eval");
        List<String> collections = List.of((args.length > 1 ? args[1] : "mini-dbpedia,mini-msmarco").split(","));
        List<String> variants = List.of((args.length > 2
                        ? args[2]
                        : "all-minilm-l6-v2,all-minilm-l6-v2-q,bge-small-en-v1.5,bge-small-en-v1.5-q")
                .split(","));

        Map<String, BeirDataset> datasets = new LinkedHashMap<>();
        for (String name : collections) {
            datasets.put(name, BeirDataset.load(root.resolve(name)));
        }
        List<String> rows = new ArrayList<>();
        for (String variant : variants) {
            EmbeddingOptions options = parse(variant);
            long loadStart = System.nanoTime();
            try (OnnxEmbedder embedder = new OnnxEmbedder(options)) {
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                for (Map.Entry<String, BeirDataset> dataset : datasets.entrySet()) {
                    String row = run(embedder, variant, loadSeconds, dataset.getKey(), dataset.getValue());
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        System.out.println(
                "| variant | collection | queries (unjudged + no relevant, left out) | nDCG@10 | recall@100 | docs truncated"
                        + " | corpus docs/s | query p50 ms | query p95 ms | load s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(
            OnnxEmbedder embedder, String variant, double loadSeconds, String name, BeirDataset data) {
        List<String> ids = new ArrayList<>(data.corpus().keySet());
        List<String> texts = data.corpus().values().stream()
                .map(BeirDataset.Document::titleAndText)
                .map(t -> t.isBlank() ? "-" : t)
                .toList();
        long truncated = texts.stream()
                .filter(t -> embedder.countTokens(t) > embedder.maxTokens())
                .count();

        long start = System.nanoTime();
        List<float[]> vectors = embedder.embedAll(texts);
        double docsPerSecond = texts.size() / ((System.nanoTime() - start) / 1e9);

        List<String> queryIds = new ArrayList<>(data.queries().keySet());
        for (int i = 0; i < QUERY_WARMUP; i++) {
            embedder.embedQuery(data.queries().get(queryIds.get(i % queryIds.size())));
        }
        StringBuilder rows = new StringBuilder();
        boolean[] instructions = embedder.options().model().queryInstruction().isEmpty()
                ? new boolean[] {false}
                : new boolean[] {true, false};
        for (boolean instruction : instructions) {
            List<Long> latencies = new ArrayList<>();
            Map<String, List<String>> rankings = new LinkedHashMap<>();
            for (String queryId : queryIds) {
                String text = data.queries().get(queryId);
                long queryStart = System.nanoTime();
                float[] query = instruction ? embedder.embedQuery(text) : embedder.embed(text);
                latencies.add(System.nanoTime() - queryStart);
                rankings.put(queryId, top(100, query, vectors, ids));
            }
            RetrievalMetrics.Summary summary = RetrievalMetrics.evaluate(rankings, data.qrels(), 10, 100);
            LatencyStats latency = LatencyStats.ofNanos(latencies);
            rows.append(rows.length() == 0 ? "" : "\n")
                    .append(String.format(
                            "| %s%s | %s | %d (%d + %d) | %.4f | %.4f | %d/%d | %.0f | %.2f | %.2f | %.1f |",
                            variant,
                            instructions.length > 1 ? (instruction ? " +instruction" : " no instruction") : "",
                            name,
                            summary.queries(),
                            data.unjudgedQueries(),
                            summary.queriesWithoutRelevant(),
                            summary.ndcg(),
                            summary.recall(),
                            truncated,
                            texts.size(),
                            docsPerSecond,
                            latency.p50Millis(),
                            latency.p95Millis(),
                            loadSeconds));
        }
        return rows.toString();
    }

    /** Ids of the {@code k} vectors with the highest dot product (= cosine: vectors are unit length). */
    static List<String> top(int k, float[] query, List<float[]> vectors, List<String> ids) {
        double[] scores = new double[vectors.size()];
        for (int d = 0; d < vectors.size(); d++) {
            float[] v = vectors.get(d);
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += query[i] * v[i];
            }
            scores[d] = dot;
        }
        return IntStream.range(0, scores.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer d) -> -scores[d]).thenComparing(ids::get))
                .limit(k)
                .map(ids::get)
                .toList();
    }

    static EmbeddingOptions parse(String variant) {
        String spec = variant;
        boolean instruction = !spec.endsWith(":noinst");
        spec = spec.replace(":noinst", "");
        String[] parts = spec.split("@");
        EmbeddingOptions options = EmbeddingOptions.of(EmbeddingModel.ofId(parts[0]));
        if (parts.length > 1) {
            options = options.withWindow(Integer.parseInt(parts[1]));
        }
        return options.withQueryInstruction(instruction);
    }
}
