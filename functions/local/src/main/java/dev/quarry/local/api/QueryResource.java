package dev.quarry.local.api;

import dev.quarry.core.pipeline.QueryConfig;
import dev.quarry.core.pipeline.QueryPipeline;
import dev.quarry.core.pipeline.QueryRequest;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.cli.FusionConverter;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import picocli.CommandLine;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** {@code POST /v1/query}: the query function's resource, served locally by {@code quarry serve}. */
@Path("/v1/query")
public class QueryResource {

    static final int MAX_QUERY_CHARS = 2000;

    @Inject
    QueryPipeline pipeline;

    @Inject
    QueryConfig defaults;

    @Inject
    LocalConfig config;

    @Inject
    QueryAdmission admission;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<QueryResponse> query(QueryBody body) {
        QueryRequest request = toRequest(body);
        return admission.submit(
                () -> pipeline.cached(request).map(QueryResponse::of), () -> QueryResponse.of(pipeline.query(request)));
    }

    QueryRequest toRequest(QueryBody body) {
        if (body == null || body.query() == null || body.query().isBlank()) {
            throw new IllegalArgumentException("'query' is required and must not be blank");
        }
        String query = body.query().strip();
        if (query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException(
                    "'query' has " + query.length() + " characters; at most " + MAX_QUERY_CHARS + " are accepted");
        }
        int topK = within("topK", Optional.ofNullable(body.topK()).orElse(defaults.topK()), 1, 50);
        int candidates = within(
                "candidates",
                Optional.ofNullable(body.candidates()).orElse(Math.max(topK, defaults.candidates())),
                topK,
                200);
        double alpha = Optional.ofNullable(body.alpha()).orElse(defaults.alpha());
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("'alpha' must be within 0..1, was " + alpha);
        }
        SearchFilter filter = SearchFilter.NONE;
        if (body.filters() != null) {
            filter = new SearchFilter(
                    Optional.ofNullable(body.filters().keyPrefix()),
                    Optional.ofNullable(body.filters().contentType()),
                    Optional.empty(),
                    Optional.empty());
        }
        return new QueryRequest(
                config.tenant(),
                query,
                topK,
                candidates,
                Optional.ofNullable(body.mode()).orElse(defaults.mode()),
                alpha,
                fusion(body.fusion()),
                filter,
                Optional.ofNullable(body.answer()).orElse(true),
                Optional.ofNullable(body.rerank()).orElse(true));
    }

    private FusionType fusion(String value) {
        if (value == null) {
            return defaults.fusion();
        }
        try {
            return new FusionConverter().convert(value);
        } catch (CommandLine.TypeConversionException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static int within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + name + "' must be within " + min + ".." + max + ", was " + value);
        }
        return value;
    }
}
