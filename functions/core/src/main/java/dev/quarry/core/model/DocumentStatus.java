package dev.quarry.core.model;

import dev.quarry.core.QuarryException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a document is in ingestion.
 *
 * @param document the document version this status is about
 * @param state the state
 * @param pages pages extracted (indexed only)
 * @param ocrPages pages whose text came from OCR (indexed only)
 * @param chunks chunks written (indexed only)
 * @param durationMs time from fetch to indexed (indexed or failed); for a document split into parts, the
 *     sum of the parts' times
 * @param partsDone page-range parts written so far (a long document is split into parts that are
 *     processed in parallel); 0 for a document processed whole
 * @param partsTotal parts the document was split into; 0 for a document processed whole
 * @param reason why it failed (failed only), else null
 * @param message a human-readable detail of the failure, else null
 * @param updatedAt when this status was recorded
 * @param sequencer the S3 event sequencer of the job that produced this status, or null; a later job with
 *     an older sequencer for the same key is stale and ignored
 * @param attempts how many processing attempts of this version have started; a {@code PROCESSING} status
 *     found when a new attempt starts means the previous attempt died without recording an outcome
 * @param pagesWithoutText the pages that yielded no text and why (indexed, or failed with {@code NO_TEXT}); empty
 *     when every page has text
 */
public record DocumentStatus(
        DocumentRef document,
        State state,
        int pages,
        long ocrPages,
        int chunks,
        long durationMs,
        int partsDone,
        int partsTotal,
        QuarryException.Reason reason,
        String message,
        Instant updatedAt,
        String sequencer,
        int attempts,
        List<PageWithoutText> pagesWithoutText) {

    public enum State {
        QUEUED,
        PROCESSING,
        INDEXED,
        FAILED,
        DELETED
    }

    public DocumentStatus {
        Objects.requireNonNull(document, "document must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(updatedAt, "updatedAt must not be null");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
        }
        pagesWithoutText = pagesWithoutText == null ? List.of() : List.copyOf(pagesWithoutText);
    }

    /** A status with every page holding text. */
    public DocumentStatus(
            DocumentRef document,
            State state,
            int pages,
            long ocrPages,
            int chunks,
            long durationMs,
            int partsDone,
            int partsTotal,
            QuarryException.Reason reason,
            String message,
            Instant updatedAt,
            String sequencer,
            int attempts) {
        this(
                document,
                state,
                pages,
                ocrPages,
                chunks,
                durationMs,
                partsDone,
                partsTotal,
                reason,
                message,
                updatedAt,
                sequencer,
                attempts,
                List.of());
    }

    /** A status without an attempt count. */
    public DocumentStatus(
            DocumentRef document,
            State state,
            int pages,
            long ocrPages,
            int chunks,
            long durationMs,
            int partsDone,
            int partsTotal,
            QuarryException.Reason reason,
            String message,
            Instant updatedAt,
            String sequencer,
            List<PageWithoutText> pagesWithoutText) {
        this(
                document,
                state,
                pages,
                ocrPages,
                chunks,
                durationMs,
                partsDone,
                partsTotal,
                reason,
                message,
                updatedAt,
                sequencer,
                0,
                pagesWithoutText);
    }

    /** A status without an attempt count, every page holding text. */
    public DocumentStatus(
            DocumentRef document,
            State state,
            int pages,
            long ocrPages,
            int chunks,
            long durationMs,
            int partsDone,
            int partsTotal,
            QuarryException.Reason reason,
            String message,
            Instant updatedAt,
            String sequencer) {
        this(
                document,
                state,
                pages,
                ocrPages,
                chunks,
                durationMs,
                partsDone,
                partsTotal,
                reason,
                message,
                updatedAt,
                sequencer,
                0);
    }

    /** A status without an event sequencer. */
    public DocumentStatus(
            DocumentRef document,
            State state,
            int pages,
            long ocrPages,
            int chunks,
            long durationMs,
            QuarryException.Reason reason,
            String message,
            Instant updatedAt) {
        this(document, state, pages, ocrPages, chunks, durationMs, 0, 0, reason, message, updatedAt, null);
    }

    public static DocumentStatus of(DocumentRef document, State state, Instant now) {
        return new DocumentStatus(document, state, 0, 0, 0, 0, null, null, now);
    }

    /** This status, recorded for the job with {@code value} as its sequencer. */
    public DocumentStatus withSequencer(String value) {
        return new DocumentStatus(
                document,
                state,
                pages,
                ocrPages,
                chunks,
                durationMs,
                partsDone,
                partsTotal,
                reason,
                message,
                updatedAt,
                value,
                attempts,
                pagesWithoutText);
    }

    /** This status with {@code value} processing attempts started. */
    public DocumentStatus withAttempts(int value) {
        return new DocumentStatus(
                document,
                state,
                pages,
                ocrPages,
                chunks,
                durationMs,
                partsDone,
                partsTotal,
                reason,
                message,
                updatedAt,
                sequencer,
                value,
                pagesWithoutText);
    }

    /**
     * Whether this is an outcome ({@code INDEXED}, {@code FAILED} or {@code DELETED}), not work in progress.
     * Not named {@code isFinal}: JSON mappers would take that for a property.
     */
    public boolean ended() {
        return state == State.INDEXED || state == State.FAILED || state == State.DELETED;
    }
}
