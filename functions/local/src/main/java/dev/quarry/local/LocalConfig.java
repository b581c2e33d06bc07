package dev.quarry.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The embedded default's own settings ({@code quarry.local.*}). */
@ConfigMapping(prefix = "quarry.local")
public interface LocalConfig {

    /** Where the document store, the Lucene index and document status live. */
    @WithDefault(".quarry")
    Path dataDir();

    /** The tenant for the command line and for unauthenticated local requests. */
    @WithDefault("default")
    String tenant();

    /** Ingest worker threads (documents processed at once). */
    @WithDefault("2")
    int workers();

    /** Attempts per ingest job before it is recorded as failed (the local dead-letter queue). */
    @WithDefault("3")
    int maxAttempts();

    /** First retry delay; doubled per attempt. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** {@code quarry serve}: the API key required in {@link #apiKeyHeader()}; none means no key is checked. */
    Optional<String> apiKey();

    /** {@code quarry serve}: the header that carries the API key. */
    @WithDefault("X-Api-Key")
    String apiKeyHeader();
}
