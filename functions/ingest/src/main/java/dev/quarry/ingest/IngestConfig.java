package dev.quarry.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The ingest function ({@code quarry.ingest.*}). */
@ConfigMapping(prefix = "quarry.ingest")
public interface IngestConfig {

    /**
     * The bucket documents are read from. Events of other buckets are acknowledged and logged as rejected
     * (the document reference carries no bucket, so one function serves one bucket).
     */
    String bucket();

    /**
     * Which path segment of an object key names the tenant, counting from 0: with {@code 0}, {@code
     * acme/reports/q1.pdf} belongs to {@code acme}; with {@code 1}, {@code uploads/acme/q1.pdf} does.
     */
    @WithDefault("0")
    int tenantSegment();

    /** The tenant of keys that have no tenant segment (e.g. {@code notes.txt} with segment 0). */
    @WithDefault("default")
    String defaultTenant();

    /**
     * How many times the ingest queue delivers a message before it moves it to the dead-letter queue (the
     * redrive policy's {@code maxReceiveCount}; keep the two equal). On that last delivery a failure is recorded
     * as the document's final status before the message goes to the DLQ.
     */
    @WithDefault("5")
    int maxReceiveCount();

    /** The SQS queue that ingest jobs (page-range parts) are sent to; required only where jobs are sent. */
    Optional<String> queueUrl();

    /**
     * Where the embedded chunk index and status file live outside the prod build profile (under prod they
     * are in Weaviate, {@code quarry.weaviate.*}).
     */
    @WithDefault("${java.io.tmpdir}/quarry-ingest")
    java.nio.file.Path embeddedDir();
}
