package dev.quarry.api;

import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /v1/query}: the query Lambda's resource, also served locally by {@code quarry serve}. Its contract,
 * responses and problems included, is the query module's {@code META-INF/openapi.yaml}.
 */
@Path("/v1/query")
@Blocking
public class QueryResource {

    static final int MAX_QUERY_CHARS = 2000;
    static final int MAX_TOP_K = 50;
    static final int MAX_CANDIDATES = 200;

    @Inject
    QueryPipeline pipeline;

    @Inject
    QueryConfig defaults;

    @Inject
    RequestTenant tenant;

    @Inject
    Instance<QueryGate> gate;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public QueryResponse query(QueryBody body) {
        QueryRequest request = toRequest(tenant.current(), body);
        QueryGate run = gate.isResolvable() ? gate.get() : QueryGate.DIRECT;
        return QueryResponse.of(run.run(request, pipeline));
    }

    QueryRequest toRequest(String tenant, QueryBody body) {
        if (body == null) {
            throw new IllegalArgumentException("a JSON object with at least 'query' is required");
        }
        if (body.query() == null) {
            throw new InvalidRequestException("'query' is required");
        }
        String query = body.query().strip();
        if (query.isEmpty()) {
            throw new InvalidRequestException("'query' must not be blank");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new InvalidRequestException(
                    "'query' has " + query.length() + " characters; at most " + MAX_QUERY_CHARS + " are accepted");
        }
        int topK = within("topK", Optional.ofNullable(body.topK()).orElse(defaults.topK()), 1, MAX_TOP_K);
        int candidates = within(
                "candidates",
                Optional.ofNullable(body.candidates()).orElse(Math.max(topK, defaults.candidates())),
                topK,
                MAX_CANDIDATES);
        double alpha = Optional.ofNullable(body.alpha()).orElse(defaults.alpha());
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new InvalidRequestException("'alpha' must be within 0..1, was " + alpha);
        }
        Double minRelevance = Optional.ofNullable(body.minRelevance())
                .or(defaults::minRelevance)
                .orElse(null);
        if (minRelevance != null && !(minRelevance >= -1 && minRelevance <= 1)) {
            throw new InvalidRequestException("'minRelevance' must be within -1..1, was " + minRelevance);
        }
        return new QueryRequest(
                tenant,
                query,
                topK,
                candidates,
                Optional.ofNullable(body.mode()).orElse(defaults.mode()),
                alpha,
                fusion(body.fusion()),
                filter(body.filters()),
                Optional.ofNullable(body.answer()).orElse(true),
                Optional.ofNullable(body.rerank()).orElse(true),
                minRelevance);
    }

    private static SearchFilter filter(QueryBody.Filters filters) {
        if (filters == null) {
            return SearchFilter.NONE;
        }
        if (filters.keyPrefix() != null && filters.keyPrefix().isEmpty()) {
            throw new InvalidRequestException("'filters.keyPrefix' must not be empty; leave it out instead");
        }
        if (filters.indexedAfter() != null
                && filters.indexedBefore() != null
                && !filters.indexedAfter().isBefore(filters.indexedBefore())) {
            throw new InvalidRequestException("'filters.indexedAfter' must be before 'filters.indexedBefore'");
        }
        return new SearchFilter(
                Optional.ofNullable(filters.keyPrefix()),
                Optional.ofNullable(filters.contentType()),
                Optional.ofNullable(filters.indexedAfter()),
                Optional.ofNullable(filters.indexedBefore()));
    }

    /** Accepts {@code relative-score} (also {@code relativeScore}, {@code relative}) and {@code ranked}. */
    private FusionType fusion(String value) {
        if (value == null) {
            return defaults.fusion();
        }
        return switch (value.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "relative", "relativescore" -> FusionType.RELATIVE_SCORE;
            case "ranked", "rrf" -> FusionType.RANKED;
            default ->
                throw new InvalidRequestException("'fusion' must be 'relative-score' or 'ranked', was '" + value + "'");
        };
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidRequestException("'" + name + "' must be within " + min + ".." + max + ", was " + value);
        }
        return value;
    }
}
