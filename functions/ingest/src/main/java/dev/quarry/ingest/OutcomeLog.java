package dev.quarry.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.pipeline.DocumentStatus;
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
 * and {@code partsTotal}.
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
        IGNORED
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
