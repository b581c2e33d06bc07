package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.sqs.JobMessage;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.WorkQueue;
import dev.quarry.ingest.OutcomeLog.Outcome;
import dev.quarry.ingestion.IngestPipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Handles one SQS message sent by the bucket: parses the S3 notification, maps each object event to an
 * {@link IngestJob} of the event's tenant and runs it through the {@link IngestPipeline}, writing one
 * outcome line per document. An upload indexes its version; a delete marker removes the document; the permanent
 * deletion or expiry of a version reconciles the index with the version the bucket serves now, so deleting an old
 * version changes nothing and deleting the current one brings the previous one back. Keys outside the document
 * prefix and folder placeholders ({@code key/}, zero bytes) are acknowledged with an {@code ignored} line; keys or
 * tenant segments outside Quarry's rules ({@link dev.quarry.core.model.DocumentKeys}, {@link
 * dev.quarry.core.model.Tenants}) with a {@code rejected} line, never retried.
 *
 * <p>Every event of a message is attempted. A message is acknowledged unless one of its documents failed
 * in a way worth retrying ({@link QuarryException.Transient} or an unexpected exception); the pipeline
 * itself records permanent failures (corrupt, too large, gone …) as {@code FAILED}. Redelivering a
 * message re-runs its already indexed documents harmlessly: chunk ids are deterministic.
 *
 * <p>Every delivery ends the document or hands it on: the pipeline records any {@link Error} (out of memory,
 * stack overflow) as {@code FAILED}, and counts attempts in the status before work starts, so a delivery
 * that finds an earlier attempt died (the runtime was killed) records {@code CRASHED} once the attempts are
 * used up. On the last delivery the queue allows ({@code quarry.ingest.max-receive-count}, the DLQ's
 * {@code maxReceiveCount}), a failure worth retrying is recorded {@code FAILED} before the message goes to the
 * DLQ, so no document stays {@code PROCESSING} behind a dead letter.
 *
 * <p>Page-range jobs arrive on the same queue as S3 events, so a forged one must not index anything: a part is
 * run only when its tenant is the one its key belongs to and the status store shows that exact version being
 * split into parts of that range ({@link IngestPipeline#expectsPart}); anything else is rejected and logged.
 */
public class IngestService {

    /** Whether a message is done with or must come back. */
    public enum Disposition {
        ACKNOWLEDGE,
        RETRY
    }

    private final IngestPipeline pipeline;
    private final S3EventParser parser;
    private final TenantResolver tenants;
    private final OutcomeLog outcomes;
    private final String bucket;
    private final ObjectMapper json;
    private final Supplier<WorkQueue> parts;
    private final int maxReceiveCount;
    private final Clock clock;

    /**
     * @param parts where page-range parts of long documents are sent (the ingest queue itself), or a supplier
     *     of null when no queue is configured: then every document is processed whole
     */
    public IngestService(
            IngestPipeline pipeline,
            S3EventParser parser,
            TenantResolver tenants,
            OutcomeLog outcomes,
            IngestConfig config,
            ObjectMapper json,
            Supplier<WorkQueue> parts,
            Clock clock) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline must not be null");
        this.parser = Objects.requireNonNull(parser, "parser must not be null");
        this.tenants = Objects.requireNonNull(tenants, "tenants must not be null");
        this.outcomes = Objects.requireNonNull(outcomes, "outcomes must not be null");
        this.bucket = Objects.requireNonNull(config, "config must not be null").bucket();
        this.json = Objects.requireNonNull(json, "json must not be null");
        this.parts = Objects.requireNonNull(parts, "parts must not be null");
        this.maxReceiveCount = config.maxReceiveCount();
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** Handles the first delivery of one message body and says whether the message is done with. */
    public Disposition handle(String messageId, String body) {
        return handle(messageId, body, 1);
    }

    /**
     * Handles one message body, delivered for the {@code receiveCount}-th time (SQS's {@code
     * ApproximateReceiveCount}), and says whether the message is done with.
     */
    public Disposition handle(String messageId, String body, int receiveCount) {
        Optional<IngestJob> part = partJob(body);
        if (part.isPresent()) {
            return runPart(messageId, part.get(), receiveCount);
        }
        S3Notification notification;
        try {
            notification = parser.parse(body);
        } catch (QuarryException.Permanent e) {
            outcomes.skipped(Outcome.REJECTED, messageId, null, e.reason().name(), e.getMessage());
            return Disposition.ACKNOWLEDGE;
        }
        if (notification.testEvent()) {
            outcomes.skipped(Outcome.IGNORED, messageId, null, "TEST_EVENT", "s3:TestEvent acknowledged");
            return Disposition.ACKNOWLEDGE;
        }
        Disposition disposition = Disposition.ACKNOWLEDGE;
        for (S3ObjectEvent event : notification.events()) {
            if (handle(messageId, event, receiveCount) == Disposition.RETRY) {
                disposition = Disposition.RETRY;
            }
        }
        return disposition;
    }

    private Disposition handle(String messageId, S3ObjectEvent event, int receiveCount) {
        if (event.kind() == S3ObjectEvent.Kind.OTHER) {
            outcomes.skipped(Outcome.IGNORED, messageId, event.key(), "NO_CONTENT_CHANGE", event.eventName());
            return Disposition.ACKNOWLEDGE;
        }
        if (!bucket.equals(event.bucket())) {
            outcomes.skipped(
                    Outcome.REJECTED,
                    messageId,
                    event.key(),
                    QuarryException.Reason.INVALID_REQUEST.name(),
                    "event of bucket " + event.bucket() + ", this function reads " + bucket
                            + " (quarry.ingest.bucket)");
            return Disposition.ACKNOWLEDGE;
        }
        if (!tenants.covers(event.key())) {
            outcomes.skipped(
                    Outcome.IGNORED,
                    messageId,
                    event.key(),
                    "OUTSIDE_PREFIX",
                    "only keys under '" + tenants.prefix() + "' are documents (quarry.ingest.document-prefix)");
            return Disposition.ACKNOWLEDGE;
        }
        if (isFolderPlaceholder(event)) {
            outcomes.skipped(
                    Outcome.IGNORED,
                    messageId,
                    event.key(),
                    "FOLDER_PLACEHOLDER",
                    "a key ending with '/' and no bytes is a folder (the S3 console's \"Create folder\"), not a"
                            + " document");
            return Disposition.ACKNOWLEDGE;
        }
        IngestJob job;
        try {
            job = jobOf(event);
        } catch (QuarryException.Permanent e) {
            outcomes.skipped(
                    Outcome.REJECTED, messageId, event.key(), e.reason().name(), e.getMessage());
            return Disposition.ACKNOWLEDGE;
        }
        return run(messageId, job, receiveCount);
    }

    /** A zero-byte {@code key/} (or the removal of one): S3 keeps folders of the console as such objects. */
    private static boolean isFolderPlaceholder(S3ObjectEvent event) {
        return event.key().endsWith("/") && (event.kind() != S3ObjectEvent.Kind.CREATED || event.size() == 0);
    }

    /** A page-range job: run only when authentic and expected (see the class description). */
    private Disposition runPart(String messageId, IngestJob job, int receiveCount) {
        String key = job.document().key();
        String owner;
        try {
            owner = tenants.tenantOf(key);
        } catch (QuarryException.Permanent e) {
            outcomes.skipped(Outcome.REJECTED, messageId, key, e.reason().name(), e.getMessage());
            return Disposition.ACKNOWLEDGE;
        }
        if (!owner.equals(job.document().tenant())) {
            outcomes.skipped(
                    Outcome.REJECTED,
                    messageId,
                    key,
                    QuarryException.Reason.INVALID_TENANT.name(),
                    "a page-range job for tenant " + job.document().tenant() + " names a key of tenant " + owner);
            return Disposition.ACKNOWLEDGE;
        }
        if (!pipeline.expectsPart(job)) {
            outcomes.skipped(
                    Outcome.REJECTED,
                    messageId,
                    key,
                    "UNEXPECTED_PART",
                    "page range " + job.firstPage() + ".." + job.lastPage() + " of " + job.document()
                            + " was not asked for: no split of that version into such parts is in progress");
            return Disposition.ACKNOWLEDGE;
        }
        if (receiveCount >= maxReceiveCount) {
            // This delivery is the last before the DLQ; if it died like the others, the document would stay
            // PROCESSING for good. End it now instead.
            outcomes.status(
                    messageId,
                    pipeline.abandon(
                            job,
                            QuarryException.Reason.CRASHED,
                            "page range " + job.firstPage() + ".." + job.lastPage() + " was delivered " + receiveCount
                                    + " times without finishing (the function died or kept failing); give the"
                                    + " function more memory or time, or lower quarry.extraction.* limits"),
                    0);
            return Disposition.ACKNOWLEDGE;
        }
        return run(messageId, job, receiveCount);
    }

    private Disposition run(String messageId, IngestJob job, int receiveCount) {
        long start = System.nanoTime();
        Instant startedAt = clock.instant();
        try {
            DocumentStatus status = pipeline.process(job, parts.get());
            if (recordedBy(job, status, startedAt)) {
                outcomes.status(messageId, status, elapsedMs(start));
            } else {
                outcomes.unchanged(messageId, job, status, elapsedMs(start));
            }
            return Disposition.ACKNOWLEDGE;
        } catch (RuntimeException | Error e) {
            // Transient or unexpected: recorded once here, and the message comes back for another attempt.
            outcomes.retry(messageId, job.document(), elapsedMs(start), e);
            if (receiveCount >= maxReceiveCount) {
                // The last delivery: the message goes to the DLQ, the document must not stay PROCESSING.
                outcomes.status(messageId, abandon(job, e, receiveCount), elapsedMs(start));
            }
            return Disposition.RETRY;
        }
    }

    private DocumentStatus abandon(IngestJob job, Throwable failure, int receiveCount) {
        try {
            return pipeline.abandon(
                    job,
                    QuarryException.reasonOf(failure),
                    "gave up after " + receiveCount + " deliveries (the message is in the dead-letter queue; redrive it"
                            + " once the cause is fixed): " + QuarryException.describe(failure));
        } catch (RuntimeException e) {
            e.addSuppressed(failure);
            throw e;
        }
    }

    /**
     * Whether the pipeline wrote {@code status} for this job, or handed back one recorded before: a stale event
     * (a later one was applied already) or the removal of a version that is not the one indexed.
     */
    private static boolean recordedBy(IngestJob job, DocumentStatus status, Instant startedAt) {
        return Objects.equals(status.sequencer(), job.sequencer())
                && !status.updatedAt().isBefore(startedAt);
    }

    private IngestJob jobOf(S3ObjectEvent event) {
        DocumentRef document = new DocumentRef(tenants.tenantOf(event.key()), event.key(), event.version());
        IngestJob job = switch (event.kind()) {
            case CREATED -> IngestJob.index(document);
            case REMOVED -> IngestJob.reconcile(document);
            case DELETE_MARKER -> IngestJob.delete(document);
            case OTHER -> throw new IllegalStateException("events that change nothing are acknowledged earlier");
        };
        return job.withSequencer(event.sequencer());
    }

    /**
     * The page-range job a message carries when this function sent it to itself ({@link JobMessage}), or
     * empty for anything else, which then goes to the S3 notification parser (and is rejected there if it
     * is neither).
     */
    private Optional<IngestJob> partJob(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject() || !node.has("action") || node.has("Records")) {
                return Optional.empty();
            }
            return Optional.of(json.treeToValue(node, JobMessage.class).toJob());
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
