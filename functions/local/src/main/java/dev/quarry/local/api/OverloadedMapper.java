package dev.quarry.local.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** {@link QueryAdmission.Overloaded} leaves as 429 problem+json with {@code Retry-After}. */
public class OverloadedMapper {

    @ServerExceptionMapper
    public Response overloaded(QueryAdmission.Overloaded e) {
        return Response.fromResponse(Problem.response(429, "overloaded", "Too many queries", e.getMessage()))
                .header(HttpHeaders.RETRY_AFTER, QueryAdmission.RETRY_AFTER_SECONDS)
                .build();
    }
}
