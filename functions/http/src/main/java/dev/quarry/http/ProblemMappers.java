package dev.quarry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.quarry.core.QuarryException;
import dev.quarry.core.ThrottledException;
import dev.quarry.core.query.InvalidQueryException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every error leaves as {@code application/problem+json} with a stable {@code type}: 4xx for bad input, 429
 * and 503 for dependencies, never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidQueryException e) {
        return Problem.response(422, "invalid-value", "Invalid value", e.getMessage());
    }

    @ServerExceptionMapper
    public Response illegal(IllegalArgumentException e) {
        return Problem.response(400, "invalid-request", "Invalid request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthenticatedException e) {
        return Problem.response(401, "unauthenticated", "Unauthenticated", e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooLarge(BodyTooLargeException e) {
        return Problem.response(413, "too-large", "Request body too large", e.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "forbidden", "Forbidden", e.getMessage());
    }

    @ServerExceptionMapper
    public Response throttled(ThrottledException e) {
        LOG.warnf("throttled: %s", e.getMessage());
        return Problem.builder(
                        429,
                        "throttled",
                        "Too many requests",
                        e.getMessage() + "; retry after " + e.retryAfterSeconds() + " s")
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : "; known fields: "
                            + unknown.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", "));
            return Problem.response(
                    400, "unknown-field", "Unknown field", "unknown field '" + path(unknown) + "'" + known);
        }
        if (e instanceof MismatchedInputException mismatched
                && !mismatched.getPath().isEmpty()) {
            return Problem.response(
                    400,
                    "wrong-type",
                    "Wrong type",
                    "field '" + path(mismatched) + "' " + expected(mismatched.getTargetType()));
        }
        if (e instanceof MismatchedInputException) {
            return Problem.response(400, "wrong-type", "Wrong type", "the body must be a JSON object");
        }
        return Problem.response(
                400,
                "malformed-json",
                "Malformed JSON",
                "the body is not valid JSON"
                        + (e.getLocation() == null
                                ? ""
                                : " (line " + e.getLocation().getLineNr() + ", column "
                                        + e.getLocation().getColumnNr() + ")"));
    }

    /** More specific than Quarkus' own mapper for it, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        int status = e.getResponse().getStatus();
        String kind = switch (status) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> "http-" + status;
        };
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        return Problem.response(
                status,
                kind,
                e.getResponse().getStatusInfo().getReasonPhrase(),
                status >= 500 ? "The failure was logged." : e.getMessage());
    }

    @ServerExceptionMapper
    public Response quarry(QuarryException e) {
        if (e instanceof QuarryException.Transient) {
            LOG.warnf("dependency unavailable: %s", e.getMessage());
            return Problem.response(503, "unavailable", "A dependency is unavailable", e.getMessage());
        }
        int status = switch (e.reason()) {
            case NOT_FOUND -> 404;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_TYPE -> 415;
            case INVALID_REQUEST -> 400;
            case MODEL_FAILED, INDEX_MISMATCH -> 503;
            default -> 422;
        };
        return Problem.response(
                status, e.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'), "Request failed", e.getMessage());
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return Problem.response(500, "internal", "Internal error", "The failure was logged.");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type or value";
        }
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Instant.class) {
            return "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z";
        }
        return "must be a JSON object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
