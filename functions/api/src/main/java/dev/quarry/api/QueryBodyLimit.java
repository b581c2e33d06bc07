package dev.quarry.api;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a {@code POST /v1/query} body larger than {@code quarry.api.max-query-body-bytes} with 413 before it
 * is read; a question has at most 2000 characters, so a larger body is a mistake or an attack.
 */
public class QueryBodyLimit {

    /** Looked up per request: filters are created at build time, before runtime configuration exists. */
    @Inject
    Instance<ApiConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod())
                || !request.getUriInfo().getPath().equals("/v1/query")) {
            return null;
        }
        long limit = config.get().maxQueryBodyBytes();
        if (request.getLength() > limit) {
            return Problem.response(
                    413,
                    "too-large",
                    "Request body too large",
                    "the body has " + request.getLength() + " bytes; at most " + limit + " are accepted");
        }
        return null;
    }
}
