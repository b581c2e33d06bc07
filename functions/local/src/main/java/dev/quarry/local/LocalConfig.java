package dev.quarry.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The embedded default's own settings ({@code quarry.local.*}). */
@ConfigMapping(prefix = "quarry.local")
public interface LocalConfig {

    /**
     * Where the document store, the Lucene index and document status live. A relative path is taken from the
     * working directory; the {@code quarry} launcher sets {@code .quarry} in the repository when it is unset, and
     * {@code quarry status} prints the folder in use.
     */
    @WithDefault(".quarry")
    Path dataDir();

    /**
     * {@code quarry ingest}: a document's key is its file's path relative to this folder, so one file is one
     * document however it is named on the command line; files outside it are keyed by their absolute path
     * (without the leading '/'). Unset: the working directory. The {@code quarry} launcher sets the repository.
     */
    Optional<Path> ingestRoot();

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

    /**
     * {@code quarry serve}: the API key required in {@link #apiKeyHeader()}; none means no key is checked. Set
     * but empty ({@code QUARRY_LOCAL_API_KEY=}) is refused at start rather than read as "no key".
     */
    Optional<String> apiKey();

    /** {@code quarry serve}: the header that carries the API key. */
    @WithDefault("X-Api-Key")
    String apiKeyHeader();

    /**
     * {@code quarry serve}: queries that miss the cache run at most this many at once; more wait in line. 0
     * means one per available processor (embedding and reranking are CPU-bound, so more at once only adds
     * memory, not throughput).
     */
    @WithDefault("0")
    int maxConcurrentQueries();

    /**
     * {@code quarry serve}: queries that may wait for a free slot; beyond that the API answers 429 at once
     * instead of queueing without bound.
     */
    @WithDefault("256")
    int maxQueuedQueries();

    /**
     * {@code quarry serve}: the largest upload ({@code PUT /v1/documents/{key}}) in bytes, counted as it is read
     * (chunked uploads too) and refused with 413 problem+json beyond it. The server's {@code
     * quarkus.http.limits.max-body-size} (128M) must stay above it.
     */
    @WithDefault("104857600")
    long maxUploadBytes();

    /** {@code quarry serve}: how long a query may wait for a slot before it is answered 429. */
    @WithDefault("10s")
    Duration queryQueueTimeout();

    /**
     * {@code quarry serve}: uploads received at once; more are answered 429 at once, so slow uploads cannot
     * take every worker thread.
     */
    @WithDefault("8")
    int maxConcurrentUploads();

    /**
     * {@code quarry serve}: the slowest average rate (bytes per second, judged after 30 s) at which an upload
     * body may arrive before it is cut off; 0 turns the check off.
     */
    @WithDefault("4096")
    long minUploadRate();
}
