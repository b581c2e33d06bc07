package dev.quarry.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The HTTP API's own settings ({@code quarry.api.*}), shared by the query Lambda and {@code quarry serve}. */
@ConfigMapping(prefix = "quarry.api")
public interface ApiConfig {

    /** The default of {@link #maxUriLength()}. */
    int DEFAULT_MAX_URI_LENGTH = 8192;

    /**
     * The largest {@code POST /v1/query} body in bytes, counted as it is read (chunked bodies too); a larger body
     * is refused with 413, a larger declared {@code Content-Length} before anything is read. It must stay below the
     * server's {@code quarkus.http.limits.max-body-size}.
     */
    @WithDefault("65536")
    long maxQueryBodyBytes();

    /**
     * The longest request target (path and query) in characters; longer ones are refused with 414 problem+json. A
     * document key has at most 1024 UTF-8 bytes, 3072 characters percent-encoded. The server's {@code
     * quarkus.http.limits.max-initial-line-length} must stay above it.
     */
    @WithDefault("" + DEFAULT_MAX_URI_LENGTH)
    int maxUriLength();
}
