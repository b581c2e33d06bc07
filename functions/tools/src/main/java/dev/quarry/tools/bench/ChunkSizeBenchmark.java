package dev.quarry.tools.bench;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.chunk.ChunkingOptions;
import dev.quarry.models.embed.EmbeddingOptions;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.eval.BeirDataset;
import dev.quarry.tools.eval.RetrievalMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures vector-only retrieval when BEIR documents go through the {@link Chunker}: each document becomes a
 * one-page document whose title is its level-1 heading, each chunk is embedded as {@link
 * Chunker#embeddingText(Chunk)} (so {@code "title\n\npassage"}), and a document scores the best cosine of its
 * chunks (max-passage). Compares chunk sizes with 15 % overlap on the default embedding model. Documents
 * shorter than the chunk size are one chunk whatever the size, so only longer documents make a difference.
 * Not a test: a main class, run by hand.
 *
 * <p>From the repository root (see {@code EmbeddingVariantsBenchmark} for building the class path):
 *
 * <pre>
 * java -cp functions/tools/target/classes:$(cat functions/tools/target/benchmark.classpath) \
 *     dev.quarry.tools.bench.ChunkSizeBenchmark /work/shared/eval mini-dbpedia,mini-msmarco 64,128,200
 * </pre>
 */
public final class ChunkSizeBenchmark {

    private ChunkSizeBenchmark() {}

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : "/work/shared/eval");
        List<String> collections = List.of((args.length > 1 ? args[1] : "mini-dbpedia,mini-msmarco").split(","));
        List<Integer> sizes = Arrays.stream((args.length > 2 ? args[2] : "64,128,200").split(","))
                .map(Integer::parseInt)
                .toList();
        List<String> rows = new ArrayList<>();
        try (OnnxEmbedder embedder = new OnnxEmbedder(EmbeddingOptions.DEFAULTS)) {
            for (String name : collections) {
                BeirDataset data = BeirDataset.load(root.resolve(name));
                for (int size : sizes) {
                    String row = run(embedder, name, data, size);
                    System.out.println(row);
                    rows.add(row);
                }
            }
        }
        System.out.println();
        System.out.println(
                "| collection | max tokens / overlap | chunks | docs split | nDCG@10 | recall@100 | chunks/s |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(OnnxEmbedder embedder, String name, BeirDataset data, int size) {
        ChunkingOptions options = new ChunkingOptions(size, size * 15 / 100);
        Chunker chunker = Chunker.forEmbedder(options, embedder);
        List<String> texts = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        Map<String, Integer> chunksPerDoc = new HashMap<>();
        for (BeirDataset.Document doc : data.corpus().values()) {
            String title = doc.title().strip();
            List<ExtractedPage.Heading> headings =
                    title.isEmpty() ? List.of() : List.of(new ExtractedPage.Heading(1, title));
            String text = title.isEmpty() ? doc.text() : title + "\n\n" + doc.text();
            ExtractedDocument extracted = new ExtractedDocument(
                    ContentType.TEXT, List.of(new ExtractedPage(1, text, PageSource.TEXT_LAYER, headings)), 1);
            List<Chunk> chunks = chunker.chunk(extracted, new DocumentRef("bench", doc.id(), "1"));
            if (chunks.isEmpty() && !title.isEmpty()) { // a title without text: embed the title
                texts.add(title);
                owners.add(doc.id());
            }
            for (Chunk chunk : chunks) {
                texts.add(chunker.embeddingText(chunk));
                owners.add(doc.id());
            }
            chunksPerDoc.put(doc.id(), Math.max(1, chunks.size()));
        }
        long start = System.nanoTime();
        List<float[]> vectors = embedder.embedAll(texts);
        double chunksPerSecond = texts.size() / ((System.nanoTime() - start) / 1e9);

        Map<String, List<String>> rankings = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : data.queries().entrySet()) {
            float[] q = embedder.embed(query.getValue());
            Map<String, Double> best = new HashMap<>();
            for (int i = 0; i < vectors.size(); i++) {
                double score = dot(q, vectors.get(i));
                best.merge(owners.get(i), score, Math::max);
            }
            rankings.put(
                    query.getKey(),
                    best.entrySet().stream()
                            .sorted(Map.Entry.<String, Double>comparingByValue()
                                    .reversed()
                                    .thenComparing(Map.Entry.comparingByKey()))
                            .limit(100)
                            .map(Map.Entry::getKey)
                            .toList());
        }
        RetrievalMetrics.Summary summary = RetrievalMetrics.evaluate(rankings, data.qrels(), 10, 100);
        long split = chunksPerDoc.values().stream().filter(n -> n > 1).count();
        return String.format(
                "| %s | %d / %d | %d | %d | %.4f | %.4f | %.0f |",
                name,
                options.maxTokens(),
                options.overlapTokens(),
                texts.size(),
                split,
                summary.ndcg(),
                summary.recall(),
                chunksPerSecond);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
