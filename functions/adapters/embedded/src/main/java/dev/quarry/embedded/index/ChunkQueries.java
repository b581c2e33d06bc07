package dev.quarry.embedded.index;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.search.SearchFilter;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the Lucene queries of {@link LuceneChunkIndex}: tenant scope, filters, keyword leg, deletions. */
final class ChunkQueries {

    private ChunkQueries() {}

    /**
     * The chunks a search may return: the tenant's, narrowed by the filter. Used as a filter (no score) by
     * both legs, inside the vector query too, so a filtered vector search still finds {@code k} chunks.
     */
    static Query scope(String tenant, SearchFilter filter) {
        BooleanQuery.Builder scope = new BooleanQuery.Builder().add(tenant(tenant), Occur.FILTER);
        filter.keyPrefix()
                .ifPresent(prefix -> scope.add(new PrefixQuery(new Term(ChunkDocuments.KEY, prefix)), Occur.FILTER));
        filter.contentType()
                .ifPresent(type ->
                        scope.add(new TermQuery(new Term(ChunkDocuments.CONTENT_TYPE, type.name())), Occur.FILTER));
        if (filter.indexedAfter().isPresent() || filter.indexedBefore().isPresent()) {
            long from = filter.indexedAfter().map(ChunkQueries::ceilMillis).orElse(Long.MIN_VALUE);
            long to = filter.indexedBefore()
                    .map(ChunkQueries::ceilMillis)
                    .map(ChunkQueries::minusOne)
                    .orElse(Long.MAX_VALUE);
            scope.add(LongPoint.newRangeQuery(ChunkDocuments.INDEXED_AT, from, to), Occur.FILTER);
        }
        return scope.build();
    }

    /**
     * The keyword leg: BM25 over the chunk's keyword terms; any query term may match, a repeated term counts once
     * per repeat. Empty when the analysis leaves no term (e.g. only stop words).
     */
    static Optional<Query> keyword(List<String> terms, Query scope) {
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        for (String term : terms) {
            words.add(new TermQuery(new Term(ChunkDocuments.KEYWORDS, term)), Occur.SHOULD);
        }
        return Optional.of(new BooleanQuery.Builder()
                .add(words.build(), Occur.MUST)
                .add(scope, Occur.FILTER)
                .build());
    }

    static Query tenant(String tenant) {
        return new TermQuery(new Term(ChunkDocuments.TENANT, tenant));
    }

    /** Every chunk of every version of a document. */
    static Query document(String tenant, String key) {
        return new BooleanQuery.Builder()
                .add(tenant(tenant), Occur.FILTER)
                .add(new TermQuery(new Term(ChunkDocuments.KEY, key)), Occur.FILTER)
                .build();
    }

    /** Every chunk of the document of {@code keep} whose version is not {@code keep}'s. */
    static Query otherVersions(DocumentRef keep) {
        return new BooleanQuery.Builder()
                .add(document(keep.tenant(), keep.key()), Occur.FILTER)
                .add(new TermQuery(new Term(ChunkDocuments.VERSION, keep.version())), Occur.MUST_NOT)
                .build();
    }

    /** Every chunk of exactly the version {@code version}. */
    static Query version(DocumentRef version) {
        return new BooleanQuery.Builder()
                .add(document(version.tenant(), version.key()), Occur.FILTER)
                .add(new TermQuery(new Term(ChunkDocuments.VERSION, version.version())), Occur.FILTER)
                .build();
    }

    /** The first epoch millisecond at or after the instant, saturating at the ends of the long range. */
    private static long ceilMillis(Instant instant) {
        try {
            long millis = instant.toEpochMilli();
            boolean fraction = instant.getNano() % 1_000_000 != 0;
            return fraction && millis != Long.MAX_VALUE ? millis + 1 : millis;
        } catch (ArithmeticException outOfRange) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long minusOne(long millis) {
        return millis == Long.MIN_VALUE ? millis : millis - 1;
    }
}
