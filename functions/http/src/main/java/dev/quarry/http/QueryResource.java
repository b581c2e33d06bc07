package dev.quarry.http;

import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequests;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /v1/query}: the query Lambda's resource, also served locally by {@code quarry serve}. Its contract,
 * responses and problems included, is the query module's {@code META-INF/openapi.yaml}; defaults and bounds are
 * {@link QueryRequests}', the same as the command line's.
 */
@Path("/v1/query")
@Blocking
public class QueryResource {

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
        if (body == null) {
            throw new IllegalArgumentException("a JSON object with at least 'query' is required");
        }
        var request = QueryRequests.of(tenant.current(), body.parameters(), defaults);
        return QueryResponse.of((gate.isResolvable() ? gate.get() : QueryGate.DIRECT).run(request, pipeline));
    }
}
