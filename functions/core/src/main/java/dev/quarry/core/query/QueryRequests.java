package dev.quarry.core.query;

import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The one mapping from what a caller asked for to a {@link QueryRequest}, shared by the HTTP API and the command
 * line: absent parameters take the configured {@link QueryConfig} defaults, and every caller gets the same bounds.
 */
public final class QueryRequests {

    /** Longest question accepted, in characters after trimming. */
    public static final int MAX_QUERY_CHARS = 2000;

    /** Most passages one query returns. */
    public static final int MAX_TOP_K = 50;

    /** Most hybrid-search candidates one query hands to the reranker. */
    public static final int MAX_CANDIDATES = 200;

    private QueryRequests() {}

    /**
     * The request {@code tenant} makes with {@code given}.
     *
     * @throws InvalidQueryException when a parameter is missing, out of its bounds or inconsistent
     * @throws IllegalArgumentException when the tenant or the question's text is malformed (see {@link QueryRequest})
     */
    public static QueryRequest of(String tenant, QueryParameters given, QueryConfig defaults) {
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(defaults, "defaults");
        if (given.query() == null) {
            throw new InvalidQueryException("query", "is required");
        }
        String query = given.query().strip();
        if (query.isEmpty()) {
            throw new InvalidQueryException("query", "must not be blank");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new InvalidQueryException(
                    "query", "has " + query.length() + " characters; at most " + MAX_QUERY_CHARS + " are accepted");
        }
        int topK = within("topK", Optional.ofNullable(given.topK()).orElse(defaults.topK()), 1, MAX_TOP_K);
        int candidates = within(
                "candidates",
                Optional.ofNullable(given.candidates()).orElse(Math.max(topK, defaults.candidates())),
                topK,
                MAX_CANDIDATES);
        double alpha = Optional.ofNullable(given.alpha()).orElse(defaults.alpha());
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new InvalidQueryException("alpha", "must be within 0..1, was " + alpha);
        }
        Double minRelevance = Optional.ofNullable(given.minRelevance())
                .or(defaults::minRelevance)
                .orElse(null);
        if (minRelevance != null && !(minRelevance >= -1 && minRelevance <= 1)) {
            throw new InvalidQueryException("minRelevance", "must be within -1..1, was " + minRelevance);
        }
        return new QueryRequest(
                tenant,
                query,
                topK,
                candidates,
                Optional.ofNullable(given.mode()).orElse(defaults.mode()),
                alpha,
                Optional.ofNullable(given.fusion()).orElse(defaults.fusion()),
                filter(given),
                Optional.ofNullable(given.answer()).orElse(true),
                Optional.ofNullable(given.rerank()).orElse(true),
                minRelevance);
    }

    /**
     * The fusion a caller named: {@code relative-score} (also {@code relativeScore}, {@code relative}) or {@code
     * ranked} (also {@code rrf}), in any case.
     *
     * @throws InvalidQueryException for any other name
     */
    public static FusionType fusion(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "relative", "relativescore" -> FusionType.RELATIVE_SCORE;
            case "ranked", "rrf" -> FusionType.RANKED;
            default ->
                throw new InvalidQueryException("fusion", "must be 'relative-score' or 'ranked', was '" + name + "'");
        };
    }

    private static SearchFilter filter(QueryParameters given) {
        if (given.keyPrefix() != null && given.keyPrefix().isEmpty()) {
            throw new InvalidQueryException("filters.keyPrefix", "must not be empty; leave it out instead");
        }
        if (given.indexedAfter() != null
                && given.indexedBefore() != null
                && !given.indexedAfter().isBefore(given.indexedBefore())) {
            throw new InvalidQueryException("filters.indexedAfter", "must be before 'filters.indexedBefore'");
        }
        if (given.keyPrefix() == null
                && given.contentType() == null
                && given.indexedAfter() == null
                && given.indexedBefore() == null) {
            return SearchFilter.NONE;
        }
        return new SearchFilter(
                Optional.ofNullable(given.keyPrefix()),
                Optional.ofNullable(given.contentType()),
                Optional.ofNullable(given.indexedAfter()),
                Optional.ofNullable(given.indexedBefore()));
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidQueryException(name, "must be within " + min + ".." + max + ", was " + value);
        }
        return value;
    }
}
