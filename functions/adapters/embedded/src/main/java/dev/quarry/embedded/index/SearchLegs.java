package dev.quarry.embedded.index;

import dev.quarry.core.model.SearchHit;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.core.search.ScoredId;
import dev.quarry.core.search.Similarity;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keyword and vector legs of one search, run on one searcher so that the document numbers they collect
 * stay valid until {@link #hits} loads the chunks. Each leg returns chunk ids with Weaviate's raw scores:
 * BM25 for the keyword leg, cosine similarity ({@code 1 - cosine distance}) for the vector leg.
 */
final class SearchLegs {

    private static final Set<String> ID_FIELD = Set.of(ChunkDocuments.ID);

    private final IndexSearcher searcher;
    private final KeywordAnalyzer analyzer;
    private final Map<String, Integer> docsById = new HashMap<>();

    SearchLegs(IndexSearcher searcher, KeywordAnalyzer analyzer) {
        this.searcher = searcher;
        this.analyzer = analyzer;
    }

    List<ScoredId> keyword(String text, Query scope, int count) throws IOException {
        try {
            Optional<Query> query = ChunkQueries.keyword(analyzer.queryTerms(text), scope);
            return query.isEmpty() ? List.of() : collect(query.get(), count, score -> score);
        } catch (IndexSearcher.TooManyClauses e) {
            // every term becomes a clause
            throw new IllegalArgumentException(
                    "the query text has too many words for keyword search; shorten it to fewer than "
                            + IndexSearcher.getMaxClauseCount() + " words",
                    e);
        }
    }

    List<ScoredId> vector(float[] vector, Query scope, int count) throws IOException {
        // Lucene's cosine score is (1 + cos) / 2; fusion and callers expect cos itself (1 - distance)
        return collect(
                new KnnFloatVectorQuery(ChunkDocuments.VECTOR, vector, count, scope), count, score -> 2f * score - 1f);
    }

    private List<ScoredId> collect(Query query, int count, ScoreConversion conversion) throws IOException {
        List<ScoredId> results = new ArrayList<>();
        for (ScoreDoc hit : searcher.search(query, count).scoreDocs) {
            String id = searcher.storedFields().document(hit.doc, ID_FIELD).get(ChunkDocuments.ID);
            docsById.put(id, hit.doc);
            results.add(new ScoredId(id, conversion.apply(hit.score)));
        }
        return results;
    }

    /**
     * The first {@code limit} results as hits; with a query vector each carries the cosine similarity of its
     * stored vector to it ({@link SearchHit#similarity()}), whichever leg found it.
     */
    List<SearchHit> hits(List<ScoredId> ranked, int limit, float[] queryVector) throws IOException {
        List<SearchHit> hits = new ArrayList<>(Math.min(limit, ranked.size()));
        for (ScoredId result : ranked.subList(0, Math.min(limit, ranked.size()))) {
            int doc = docsById.get(result.id());
            SearchHit hit =
                    new SearchHit(ChunkDocuments.toChunk(searcher.storedFields().document(doc)), result.score());
            if (queryVector != null) {
                float[] stored = storedVector(doc);
                if (stored != null) {
                    hit = hit.withSimilarity(Similarity.cosine(queryVector, stored));
                }
            }
            hits.add(hit);
        }
        return hits;
    }

    private float[] storedVector(int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(ChunkDocuments.VECTOR);
        int target = doc - leaf.docBase;
        if (values == null || values.advance(target) != target) {
            return null;
        }
        return values.vectorValue();
    }

    @FunctionalInterface
    private interface ScoreConversion {
        float apply(float luceneScore);
    }
}
