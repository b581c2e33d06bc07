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
     * Only keys under this prefix are documents, e.g. {@code docs/} (it ends with {@code /}). The stack's bucket
     * notification sends no other keys (its filter is the same prefix, {@code -c quarry:documentPrefix}), and
     * events of other keys that reach the function anyway are acknowledged and ignored. Unset: every key.
     */
    Optional<String> documentPrefix();

    /**
     * Which path segment of an object key names the tenant, counting from 0 after {@link #documentPrefix()}: with
     * {@code 0}, {@code acme/reports/q1.pdf} belongs to {@code acme}, and with the prefix {@code docs/}, {@code
     * docs/acme/reports/q1.pdf} does; with {@code 1}, {@code uploads/acme/q1.pdf} does. The segment must be a
     * tenant name as it is ({@link dev.quarry.core.model.Tenants}): {@code Acme/q1.pdf} is refused, not folded.
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
}
