package dev.quarry.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the query function's embedded stand-ins keep their data ({@code quarry.embedded.*}): the Lucene index and
 * the JSON status store, until the Weaviate adapter replaces them, and the in-memory answer cache, until the
 * Redis cache does.
 */
@ConfigMapping(prefix = "quarry.embedded")
public interface EmbeddedStoreConfig {

    /** The directory holding {@code index/} (Lucene) and {@code status.json}. */
    @WithDefault("/tmp/quarry")
    Path dataDir();

    /** Entries kept by the in-memory answer cache. */
    @WithDefault("10000")
    int cacheMaxEntries();

    /** How long a cached answer is served. */
    @WithDefault("24h")
    Duration cacheTtl();
}
