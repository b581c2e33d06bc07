package dev.quarry.local.eval;

import dev.quarry.core.chunk.Chunker;
import dev.quarry.core.eval.BeirDataset;
import dev.quarry.core.eval.LatencyStats;
import dev.quarry.core.eval.RetrievalMetrics;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures retrieval quality of the real pipeline on a BEIR collection: every corpus document goes
 * through the chunker (title as its heading) and the embedder into a chunk index, every test query
 * through the same search (and optionally the reranker) that answers users; a document ranks where its
 * best chunk ranks.
 */
public final class RetrievalEvaluator {

    static final String TENANT = "eval";
    static final int NDCG_AT = 10;
    static final int RECALL_AT = 100;
    private static final int EMBED_BATCH = 256;

    private final Embedder embedder;
    private final Chunker chunker;

    public RetrievalEvaluator(Embedder embedder, Chunker chunker) {
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
        this.chunker = Objects.requireNonNull(chunker, "chunker must not be null");
    }

    /** How queries are run. */
    public record Settings(
            SearchMode mode, double alpha, FusionType fusion, Optional<Reranker> reranker, int rerankDepth) {}

    /** What one evaluation measured. */
    public record Result(
            RetrievalMetrics.Summary metrics,
            int unjudgedQueries,
            int documents,
            int chunks,
            double indexSeconds,
            LatencyStats latency) {}

    /** Chunks, embeds and writes the corpus into {@code index}; returns the number of chunks. */
    public int index(BeirDataset dataset, ChunkIndex index) {
        List<Chunk> pending = new ArrayList<>();
        int total = 0;
        for (BeirDataset.Document doc : dataset.corpus().values()) {
            pending.addAll(chunker.chunk(asExtracted(doc), new DocumentRef(TENANT, doc.id(), "1")));
            if (pending.size() >= EMBED_BATCH) {
                total += write(pending, index);
                pending.clear();
            }
        }
        total += write(pending, index);
        return total;
    }

    /** Indexes the corpus into {@code index} (which must be empty) and runs every judged query. */
    public Result evaluate(BeirDataset dataset, ChunkIndex index, Settings settings) {
        long start = System.nanoTime();
        int chunks = index(dataset, index);
        double indexSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, List<String>> rankings = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        for (Map.Entry<String, String> query : dataset.queries().entrySet()) {
            long t = System.nanoTime();
            rankings.put(query.getKey(), rank(query.getValue(), index, settings));
            latencies.add(System.nanoTime() - t);
        }
        return new Result(
                RetrievalMetrics.evaluate(rankings, dataset.qrels(), NDCG_AT, RECALL_AT),
                dataset.unjudgedQueries(),
                dataset.corpus().size(),
                chunks,
                indexSeconds,
                LatencyStats.ofNanos(latencies));
    }

    /** Document ids, best first, at most {@link #RECALL_AT}. */
    List<String> rank(String query, ChunkIndex index, Settings settings) {
        float[] vector = settings.mode() == SearchMode.BM25 ? null : embedder.embed(query);
        List<SearchHit> hits = index.search(new SearchRequest(
                TENANT,
                query,
                vector,
                settings.mode(),
                settings.alpha(),
                settings.fusion(),
                RECALL_AT * 2,
                SearchFilter.NONE));
        List<SearchHit> best = bestChunkPerDocument(hits);
        if (settings.reranker().isPresent() && !best.isEmpty()) {
            best = rerankHead(query, best, settings.reranker().get(), settings.rerankDepth());
        }
        return best.stream()
                .limit(RECALL_AT)
                .map(h -> h.chunk().document().key())
                .toList();
    }

    private static List<SearchHit> bestChunkPerDocument(List<SearchHit> hits) {
        Map<String, SearchHit> first = new LinkedHashMap<>();
        for (SearchHit hit : hits) {
            first.putIfAbsent(hit.chunk().document().key(), hit);
        }
        return new ArrayList<>(first.values());
    }

    /** Reorders the first {@code depth} documents by cross-encoder score; the rest keep their place. */
    private static List<SearchHit> rerankHead(String query, List<SearchHit> ranked, Reranker reranker, int depth) {
        int n = Math.min(depth, ranked.size());
        List<SearchHit> head = ranked.subList(0, n);
        float[] scores =
                reranker.score(query, head.stream().map(h -> h.chunk().text()).toList());
        List<SearchHit> rescored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rescored.add(head.get(i).withRerankScore(scores[i]));
        }
        rescored.sort(
                Comparator.comparingDouble((SearchHit h) -> h.rerankScore()).reversed());
        rescored.addAll(ranked.subList(n, ranked.size()));
        return rescored;
    }

    private int write(List<Chunk> chunks, ChunkIndex index) {
        if (chunks.isEmpty()) {
            return 0;
        }
        List<float[]> vectors =
                embedder.embedAll(chunks.stream().map(chunker::embeddingText).toList());
        List<EmbeddedChunk> embedded = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            embedded.add(new EmbeddedChunk(chunks.get(i), vectors.get(i)));
        }
        index.upsert(embedded);
        return chunks.size();
    }

    /** A corpus document as the extractor would give it: one page, the title as its heading. */
    static ExtractedDocument asExtracted(BeirDataset.Document doc) {
        ExtractedPage page = doc.title().isBlank()
                ? new ExtractedPage(1, doc.text(), PageSource.TEXT_LAYER)
                : new ExtractedPage(
                        1,
                        doc.title() + "\n\n" + doc.text(),
                        PageSource.TEXT_LAYER,
                        List.of(new ExtractedPage.Heading(1, doc.title())));
        return new ExtractedDocument(ContentType.TEXT, List.of(page), 1);
    }
}
