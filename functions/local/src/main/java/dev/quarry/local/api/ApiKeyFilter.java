package dev.quarry.local.api;

import dev.quarry.api.Problem;
import dev.quarry.local.LocalConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code quarry serve}: requires the configured API key (if any) on every request but the health check. */
public class ApiKeyFilter {

    /** Looked up per request: filters are created at build time, before runtime configuration exists. */
    @Inject
    Instance<LocalConfig> localConfig;

    @ServerRequestFilter
    public Response check(ContainerRequestContext request) {
        LocalConfig config = localConfig.get();
        if (request.getUriInfo().getPath().equals("/v1/health")) {
            return null;
        }
        if (config.apiKey().isEmpty()) {
            // An empty QUARRY_LOCAL_API_KEY reads as no key; serve refuses to start then, and so does this.
            return dev.quarry.local.cli.ServeCommand.blankApiKey()
                    ? Problem.response(
                            503,
                            "unavailable",
                            "Misconfigured",
                            "quarry.local.api-key is set but empty; set a key or unset it")
                    : null;
        }
        String given = request.getHeaderString(config.apiKeyHeader());
        byte[] expected = config.apiKey().get().getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return Problem.response(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    "send the API key in the " + config.apiKeyHeader() + " header");
        }
        return null;
    }
}
