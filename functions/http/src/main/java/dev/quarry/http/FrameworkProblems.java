package dev.quarry.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Problems the HTTP framework would answer itself, before any resource or exception mapper runs, answered as
 * {@code application/problem+json} too: a {@code Content-Length} above the server's {@code
 * quarkus.http.limits.max-body-size} (Vert.x would send a bare 413), a request target longer than {@code
 * quarry.api.max-uri-length} (414), and any failure a route reports to Vert.x instead of the resource layer
 * (status kept, 500 when it has none).
 *
 * <p>Each application keeps its own limits below the server's: bodies are counted by {@link BoundedBody} against
 * their own limit, smaller than the server's, so the server's chunked-body check, which would end the response
 * bare, is never the first to see a large body. Request lines longer than the server's {@code
 * quarkus.http.limits.max-initial-line-length} are refused by the HTTP decoder before any handler can run, with
 * an empty 414; the applications set it well above {@code quarry.api.max-uri-length}.
 */
@Singleton
public class FrameworkProblems {

    private static final Logger LOG = Logger.getLogger(FrameworkProblems.class);

    /** Before Quarkus' own body-size check ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    static final int ORDER = -3;

    /** Statuses the router answers itself when a failure reaches no failure handler (e.g. an unparsable path). */
    private static final int[] ROUTER_STATUSES = {400, 401, 403, 404, 405, 406, 413, 414, 415, 431, 500, 501, 503};

    void routes(@Observes Router router) {
        router.route().order(ORDER).handler(this::limits);
        router.route().order(ORDER).failureHandler(FrameworkProblems::failure);
        for (int status : ROUTER_STATUSES) {
            router.errorHandler(status, FrameworkProblems::failure);
        }
    }

    private void limits(RoutingContext context) {
        int maxUri = ConfigProvider.getConfig()
                .getOptionalValue("quarry.api.max-uri-length", Integer.class)
                .orElse(ApiConfig.DEFAULT_MAX_URI_LENGTH);
        String uri = context.request().uri();
        if (uri != null && uri.length() > maxUri) {
            send(
                    context,
                    414,
                    "uri-too-long",
                    "URI too long",
                    "the request target has " + uri.length() + " characters; at most " + maxUri
                            + " are accepted (quarry.api.max-uri-length)");
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long maxBody = ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                    .map(MemorySize::asLongValue)
                    .orElse(10_240L * 1024);
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                send(
                        context,
                        400,
                        "invalid-request",
                        "Invalid request",
                        "Content-Length '" + length + "' is no number");
                return;
            }
            if (declared > maxBody) {
                context.response().putHeader(HttpHeaders.CONNECTION, "close");
                send(
                        context,
                        413,
                        "too-large",
                        "Request body too large",
                        "the body has " + declared + " bytes; this server reads at most " + maxBody);
                return;
            }
        }
        context.next();
    }

    private static void failure(RoutingContext context) {
        if (context.response().headWritten() || context.response().ended()) {
            context.next();
            return;
        }
        int status = context.statusCode() >= 400 ? context.statusCode() : 500;
        if (status >= 500) {
            LOG.error("request failed before reaching a resource", context.failure());
        }
        String kind = switch (status) {
            case 400 -> "invalid-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> status >= 500 ? "internal" : "http-" + status;
        };
        String detail = status >= 500
                ? "The failure was logged."
                : context.failure() == null
                        ? "the request was refused"
                        : String.valueOf(context.failure().getMessage());
        send(context, status, kind, title(status), detail);
    }

    private static String title(int status) {
        io.netty.handler.codec.http.HttpResponseStatus known =
                io.netty.handler.codec.http.HttpResponseStatus.valueOf(status);
        return known.reasonPhrase();
    }

    private static void send(RoutingContext context, int status, String kind, String title, String detail) {
        JsonObject problem = new JsonObject()
                .put("type", Problem.type(kind))
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        HttpServerResponse response = context.response();
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE.toString())
                .end(problem.encode());
    }
}
