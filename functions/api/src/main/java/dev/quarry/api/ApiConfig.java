package dev.quarry.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP API's own settings ({@code quarry.api.*}), shared by the query Lambda and {@code quarry serve}. */
@ConfigMapping(prefix = "quarry.api")
public interface ApiConfig {

    /**
     * The query Lambda: the JWT claim (verified by the API Gateway authorizer) that names the tenant. A request
     * without it is refused with 401; there is no default tenant in production.
     */
    @WithDefault("tenant")
    String tenantClaim();

    /**
     * The largest {@code POST /v1/query} body in bytes; a larger declared body is refused with 413 before it is
     * read. (The whole server's limit, {@code quarkus.http.limits.max-body-size}, also covers local uploads.)
     */
    @WithDefault("65536")
    long maxQueryBodyBytes();
}
