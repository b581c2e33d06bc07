package dev.quarry.weaviate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where Weaviate is and how Quarry talks to it ({@code quarry.weaviate.*}); used under the prod profile. */
@ConfigMapping(prefix = "quarry.weaviate")
public interface WeaviateConfig {

    /** {@code http} or {@code https}; https uses TLS for REST and gRPC. */
    @WithDefault("http")
    String scheme();

    /** Host of the REST endpoint (schema, tenants). */
    @WithDefault("127.0.0.1")
    String httpHost();

    /** Port of the REST endpoint. */
    @WithDefault("8080")
    int httpPort();

    /** Host of the gRPC endpoint (batches, searches, aggregations, deletes); defaults to the REST host. */
    Optional<String> grpcHost();

    /** Port of the gRPC endpoint. */
    @WithDefault("50051")
    int grpcPort();

    /** API key, sent as {@code Authorization: Bearer}; secret, never logged. Empty for an open server. */
    Optional<String> apiKey();

    /** Connection and startup timeout. */
    @WithDefault("10s")
    Duration initTimeout();

    /** Timeout of searches and reads. */
    @WithDefault("30s")
    Duration queryTimeout();

    /** Timeout of batch writes. */
    @WithDefault("60s")
    Duration insertTimeout();

    /**
     * Replication consistency of every read and write. QUORUM (default) or ALL lets a writer read its own
     * writes on a replicated cluster, which the status store's part tally relies on.
     */
    @WithDefault("QUORUM")
    WeaviateSettings.Consistency consistencyLevel();

    /** The collection holding chunks (one Weaviate tenant per Quarry tenant). */
    @WithDefault("QuarryChunk")
    String chunkCollection();

    /** The collection holding document statuses. */
    @WithDefault("QuarryDocumentStatus")
    String statusCollection();

    /** The collection holding the recorded page-range parts of split documents. */
    @WithDefault("QuarryDocumentPart")
    String partCollection();

    /** Objects per gRPC batch request. */
    @WithDefault("100")
    int batchSize();

    /** Attempts of one call, and of each object a batch reported as failed, before giving up. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the first retry (429, 5xx, unavailable, timeout); doubled for each further one. */
    @WithDefault("200ms")
    Duration initialBackoff();

    default WeaviateSettings toSettings() {
        return new WeaviateSettings(
                scheme(),
                httpHost(),
                httpPort(),
                grpcHost().orElse(httpHost()),
                grpcPort(),
                apiKey(),
                initTimeout(),
                queryTimeout(),
                insertTimeout(),
                consistencyLevel(),
                chunkCollection(),
                statusCollection(),
                partCollection(),
                batchSize(),
                maxAttempts(),
                initialBackoff());
    }
}
