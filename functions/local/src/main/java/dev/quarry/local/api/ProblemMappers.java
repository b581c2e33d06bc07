package dev.quarry.local.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.quarry.core.QuarryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as {@code application/problem+json}: 4xx for bad input, never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return Problem.response(400, "invalid-request", "Invalid request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return Problem.response(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
    }

    /** More specific than Quarkus' own mapper for it, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        return Problem.response(
                status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response quarry(QuarryException e) {
        if (e instanceof QuarryException.Transient) {
            return Problem.response(503, "unavailable", "A dependency is unavailable", e.getMessage());
        }
        int status = switch (e.reason()) {
            case NOT_FOUND -> 404;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case INVALID_REQUEST -> 400;
            default -> 422;
        };
        return Problem.response(
                status, e.reason().name().toLowerCase().replace('_', '-'), "Request failed", e.getMessage());
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return Problem.response(500, "internal", "Internal error", "The failure was logged.");
    }
}
