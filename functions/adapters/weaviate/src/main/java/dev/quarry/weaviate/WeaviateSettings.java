package dev.quarry.weaviate;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Weaviate and how to talk to it; {@link WeaviateConfig#toSettings()} builds it from {@code
 * quarry.weaviate.*}, tests build it directly. {@link #toString()} never prints the API key.
 *
 * @param scheme {@code http} or {@code https} (REST and gRPC use TLS alike)
 * @param httpHost REST host
 * @param httpPort REST port
 * @param grpcHost gRPC host
 * @param grpcPort gRPC port
 * @param apiKey the API key sent as a bearer token, if the server requires one
 * @param initTimeout connect and startup timeout
 * @param queryTimeout timeout of searches and reads
 * @param insertTimeout timeout of batch writes
 * @param consistency replication consistency of reads and writes
 * @param chunkCollection the collection holding chunks
 * @param statusCollection the collection holding document statuses
 * @param partCollection the collection holding the page-range parts of split documents
 * @param batchSize objects per gRPC batch request
 * @param maxAttempts attempts of one call (and of each failed batch object) before giving up
 * @param initialBackoff wait before the first retry; doubled for each further one
 */
public record WeaviateSettings(
        String scheme,
        String httpHost,
        int httpPort,
        String grpcHost,
        int grpcPort,
        Optional<String> apiKey,
        Duration initTimeout,
        Duration queryTimeout,
        Duration insertTimeout,
        Consistency consistency,
        String chunkCollection,
        String statusCollection,
        String partCollection,
        int batchSize,
        int maxAttempts,
        Duration initialBackoff) {

    /** Weaviate's replication consistency levels. */
    public enum Consistency {
        ONE,
        QUORUM,
        ALL
    }

    public WeaviateSettings {
        Objects.requireNonNull(scheme, "scheme must not be null");
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, was " + scheme);
        }
        Objects.requireNonNull(httpHost, "httpHost must not be null");
        Objects.requireNonNull(grpcHost, "grpcHost must not be null");
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(key -> !key.isBlank());
        Objects.requireNonNull(consistency, "consistency must not be null");
        requireName(chunkCollection, "chunkCollection");
        requireName(statusCollection, "statusCollection");
        requireName(partCollection, "partCollection");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
        Objects.requireNonNull(initTimeout, "initTimeout must not be null");
        Objects.requireNonNull(queryTimeout, "queryTimeout must not be null");
        Objects.requireNonNull(insertTimeout, "insertTimeout must not be null");
    }

    /** Settings for a local server on the given ports with Quarry's defaults. */
    public static WeaviateSettings local(int httpPort, int grpcPort) {
        return new WeaviateSettings(
                "http",
                "127.0.0.1",
                httpPort,
                "127.0.0.1",
                grpcPort,
                Optional.empty(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                Consistency.QUORUM,
                "QuarryChunk",
                "QuarryDocumentStatus",
                "QuarryDocumentPart",
                100,
                5,
                Duration.ofMillis(200));
    }

    public WeaviateSettings withApiKey(String key) {
        return new WeaviateSettings(
                scheme,
                httpHost,
                httpPort,
                grpcHost,
                grpcPort,
                Optional.ofNullable(key),
                initTimeout,
                queryTimeout,
                insertTimeout,
                consistency,
                chunkCollection,
                statusCollection,
                partCollection,
                batchSize,
                maxAttempts,
                initialBackoff);
    }

    public WeaviateSettings withCollections(String chunks, String statuses, String parts) {
        return new WeaviateSettings(
                scheme,
                httpHost,
                httpPort,
                grpcHost,
                grpcPort,
                apiKey,
                initTimeout,
                queryTimeout,
                insertTimeout,
                consistency,
                chunks,
                statuses,
                parts,
                batchSize,
                maxAttempts,
                initialBackoff);
    }

    public WeaviateSettings withBatching(int size, int attempts, Duration backoff) {
        return new WeaviateSettings(
                scheme,
                httpHost,
                httpPort,
                grpcHost,
                grpcPort,
                apiKey,
                initTimeout,
                queryTimeout,
                insertTimeout,
                consistency,
                chunkCollection,
                statusCollection,
                partCollection,
                size,
                attempts,
                backoff);
    }

    @Override
    public String toString() {
        return "WeaviateSettings[" + scheme + "://" + httpHost + ":" + httpPort + ", grpc " + grpcHost + ":"
                + grpcPort + ", apiKey " + (apiKey.isPresent() ? "set" : "none") + ", consistency " + consistency
                + ", collections " + chunkCollection + "/" + statusCollection + "/" + partCollection + ", batch "
                + batchSize + ", attempts " + maxAttempts + "]";
    }

    private static void requireName(String name, String what) {
        Objects.requireNonNull(name, what + " must not be null");
        // Weaviate collection names are GraphQL type names starting with an upper-case letter.
        if (!name.matches("[A-Z][_0-9A-Za-z]{0,254}")) {
            throw new IllegalArgumentException(
                    what + " '" + name
                            + "' is not a Weaviate collection name; use letters, digits and _ starting with an upper-case letter");
        }
    }
}
