package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.Sequencers;
import org.jboss.logging.Logger;
import org.jboss.logging.Logger.Level;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes one JSON line per document outcome (and per message that carries no document), on the logger
 * category {@value #CATEGORY}, which {@code application.properties} prints without decoration so that
 * CloudWatch Logs Insights reads the fields directly: {@code outcome}, {@code messageId}, {@code tenant},
 * {@code key}, {@code version}, {@code durationMs}, {@code reason}, {@code message} and, when indexed,
 * {@code pages}, {@code ocrPages}, {@code chunks}, and for a document split into parts {@code partsDone}
 * and {@code partsTotal}; an {@code unchanged} line adds {@code action}, {@code state} and {@code
 * currentVersion} (the version that stays).
 */
public final class OutcomeLog {

    public static final String CATEGORY = "dev.quarry.ingest.outcome";

    /** What became of a document or message. */
    public enum Outcome {
        INDEXED,
        DELETED,
        /**
         * A long document was split into page-range parts, or one of its parts was written while others are
         * outstanding: acknowledged, the remaining parts arrive as their own messages.
         */
        IN_PROGRESS,
        /** Permanently failed and recorded: the message is acknowledged. */
        FAILED,
        /** Will be retried: the message is reported as a batch item failure. */
        RETRY,
        /** Not an S3 notification of this bucket, or not usable: acknowledged without any work. */
        REJECTED,
        /** An event that does not change content, or the {@code s3:TestEvent}: acknowledged. */
        IGNORED,
        /**
         * A document event that left the index as it was: a version other than the indexed one was removed, or a
         * later event of the key was applied already (a stale redelivery). The line names the version that stays.
         */
        UNCHANGED
    }

    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private final ObjectMapper json;

    public OutcomeLog(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json must not be null");
    }

    /** The outcome of a pipeline run. */
    public void status(String messageId, DocumentStatus status, long durationMs) {
        Map<String, Object> line = document(outcomeOf(status), messageId, status.document(), durationMs);
        if (status.state() == DocumentStatus.State.INDEXED) {
            line.put("pages", status.pages());
            line.put("ocrPages", status.ocrPages());
            line.put("chunks", status.chunks());
        }
        if (!status.pagesWithoutText().isEmpty()) {
            // Every page without text and why, never only a count: a lost page must be visible in the logs.
            line.put(
                    "pagesWithoutText",
                    status.pagesWithoutText().stream()
                            .map(p ->
                                    Map.of("page", p.page(), "cause", p.cause().name(), "detail", p.detail()))
                            .toList());
        }
        if (status.partsTotal() > 0) {
            line.put("partsDone", status.partsDone());
            line.put("partsTotal", status.partsTotal());
        }
        if (status.reason() != null) {
            line.put("reason", status.reason().name());
            line.put("message", status.message());
        }
        write(status.state() == DocumentStatus.State.FAILED ? Level.WARN : Level.INFO, line);
    }

    /** A pipeline run that will be retried; unexpected (non-Quarry) failures carry their stack trace. */
    public void retry(String messageId, DocumentRef document, long durationMs, Throwable failure) {
        Map<String, Object> line = document(Outcome.RETRY, messageId, document, durationMs);
        if (failure instanceof QuarryException quarry) {
            line.put("reason", quarry.reason().name());
            line.put("message", quarry.getMessage());
        } else {
            line.put("reason", "UNEXPECTED");
            line.put("message", String.valueOf(failure));
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            line.put("stackTrace", trace.toString());
        }
        write(Level.ERROR, line);
    }

    /** A document event that changed nothing; {@code status} is the document's recorded status, which stays. */
    public void unchanged(String messageId, IngestJob job, DocumentStatus status, long durationMs) {
        Map<String, Object> line = document(Outcome.UNCHANGED, messageId, job.document(), durationMs);
        line.put("action", job.action().name());
        line.put("state", status.state().name());
        line.put("currentVersion", status.document().version());
        boolean stale = job.sequencer() != null
                && status.sequencer() != null
                && Sequencers.isStale(job.sequencer(), status.sequencer());
        line.put("reason", stale ? "STALE_EVENT" : "NOT_CURRENT_VERSION");
        line.put(
                "message",
                stale
                        ? "a later event of this key (sequencer " + status.sequencer() + ") was applied already"
                        : "version " + status.document().version() + " is current and stays " + status.state());
        write(Level.INFO, line);
    }

    /** A message or event acknowledged without work, with why. */
    public void skipped(Outcome outcome, String messageId, String key, String reason, String message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("outcome", outcome.name().toLowerCase());
        line.put("messageId", messageId);
        if (key != null) {
            line.put("key", key);
        }
        line.put("reason", reason);
        line.put("message", message);
        write(outcome == Outcome.REJECTED ? Level.WARN : Level.INFO, line);
    }

    private static Map<String, Object> document(
            Outcome outcome, String messageId, DocumentRef document, long durationMs) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("outcome", outcome.name().toLowerCase());
        line.put("messageId", messageId);
        line.put("tenant", document.tenant());
        line.put("key", document.key());
        line.put("version", document.version());
        line.put("durationMs", durationMs);
        return line;
    }

    private static Outcome outcomeOf(DocumentStatus status) {
        return switch (status.state()) {
            case INDEXED -> Outcome.INDEXED;
            case DELETED -> Outcome.DELETED;
            case FAILED -> Outcome.FAILED;
            case PROCESSING -> Outcome.IN_PROGRESS;
            case QUEUED ->
                throw new IllegalArgumentException(
                        "a pipeline run ends indexed, deleted, failed or in progress, not " + status.state());
        };
    }

    private void write(Level level, Map<String, Object> line) {
        try {
            LOG.log(level, json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises; this is a bug", e);
        }
    }
}
