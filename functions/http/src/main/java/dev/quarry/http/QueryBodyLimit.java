package dev.quarry.http;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;

/**
 * Bounds the {@code POST /v1/query} body to {@code quarry.api.max-query-body-bytes}: a question has at most 2000
 * characters, so a larger body is a mistake or an attack. A declared {@code Content-Length} above the limit is
 * refused before anything is read; every body, chunked or not, is counted as it is read and refused once past the
 * limit. Both answer 413 problem+json.
 */
@Provider
public class QueryBodyLimit implements ReaderInterceptor {

    private static final String WHAT = "the query body (quarry.api.max-query-body-bytes)";

    /** Looked up per request: filters are created at build time, before runtime configuration exists. */
    @Inject
    Instance<ApiConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Response declared(ContainerRequestContext request) {
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

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() != QueryBody.class) {
            return context.proceed();
        }
        BoundedBody body =
                new BoundedBody(context.getInputStream(), config.get().maxQueryBodyBytes(), WHAT);
        context.setInputStream(body);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (body.exceeded()) {
                throw body.tooLarge();
            }
            throw e;
        }
    }
}
