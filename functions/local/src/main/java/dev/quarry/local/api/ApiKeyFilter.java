package dev.quarry.local.api;

import dev.quarry.http.Problem;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.serve.LocalAskPaths;
import dev.quarry.local.serve.ServeRegistration;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** {@code quarry serve}: requires the configured API key (if any) on every request but the health check. */
public class ApiKeyFilter {

    /** Looked up per request: filters are created at build time, before runtime configuration exists. */
    @Inject
    Instance<LocalConfig> localConfig;

    @Inject
    Instance<ServeRegistration> registration;

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        LocalConfig config = localConfig.get();
        if (request.getUriInfo().getPath().equals(LocalAskPaths.ASK)
                && registration.get().accepts(request.getHeaderString(LocalAskPaths.TOKEN_HEADER))) {
            // A forwarded `quarry ask` proves with the data directory's token that it may read what it asks.
            return null;
        }
        if (registration.get().daemon() && !request.getUriInfo().getPath().equals("/v1/health")) {
            // A background server started by `quarry ask` serves nobody else: no API of the data directory is
            // opened to other local users because someone asked a question.
            return Problem.response(
                    401,
                    "unauthenticated",
                    "Unauthenticated",
                    "this is quarry ask's background server: start" + " quarry serve for the HTTP API");
        }
        if (config.apiKey().isEmpty()
                && !request.getUriInfo().getPath().equals("/v1/health")
                && dev.quarry.local.cli.ServeCommand.blankApiKey()) {
            // An empty QUARRY_LOCAL_API_KEY reads as no key; serve refuses to start then, and so does this.
            return Problem.response(
                    503,
                    "unavailable",
                    "Misconfigured",
                    "quarry.local.api-key is set but empty; set a key or unset it");
        }
        return refusal(
                config.apiKey(),
                config.apiKeyHeader(),
                request.getUriInfo().getPath(),
                request.getHeaderString(config.apiKeyHeader()));
    }

    /**
     * The 401 for a request whose key does not match, or null to let it through: every path but the health check
     * needs the key when one is set. The type is {@code unauthenticated}, as the query Lambda's.
     */
    static Response refusal(Optional<String> apiKey, String header, String path, String given) {
        if (apiKey.isEmpty() || path.equals("/v1/health")) {
            return null;
        }
        byte[] expected = apiKey.get().getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return Problem.response(
                    401, "unauthenticated", "Unauthenticated", "send the API key in the " + header + " header");
        }
        return null;
    }
}
