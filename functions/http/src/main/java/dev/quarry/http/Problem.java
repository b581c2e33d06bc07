package dev.quarry.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem body with a stable {@code type}; never carries a stack trace.
 *
 * @param type a stable URI reference naming the problem kind, {@code /problems/<kind>}
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request and what to do
 */
public record Problem(String type, String title, int status, String detail) {

    /** A problem always says something: without a detail, its title. */
    public Problem {
        detail = detail == null || detail.isBlank() ? title : detail;
    }

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** The stable {@code type} of problem {@code kind}. */
    public static String type(String kind) {
        return "/problems/" + kind;
    }

    public static Response response(int status, String kind, String title, String detail) {
        return builder(status, kind, title, detail).build();
    }

    /** A problem response still open for headers such as {@code Retry-After}. */
    public static Response.ResponseBuilder builder(int status, String kind, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem(type(kind), title, status, detail));
    }
}
