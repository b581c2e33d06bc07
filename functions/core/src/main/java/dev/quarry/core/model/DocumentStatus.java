package dev.quarry.core.model;

import dev.quarry.core.QuarryException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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

    /** A status in {@code state} with nothing counted yet: no pages, chunks, parts, failure or attempts. */
    public static DocumentStatus of(DocumentRef document, State state, Instant now) {
        return new DocumentStatus(document, state, 0, 0, 0, 0, 0, 0, null, null, now, null, 0, List.of());
    }

    /** An {@code INDEXED} status with what was extracted and written, every page holding text. */
    public static DocumentStatus indexed(
            DocumentRef document, int pages, long ocrPages, int chunks, long durationMs, Instant now) {
        return of(document, State.INDEXED, now).with(c -> {
            c.pages = pages;
            c.ocrPages = ocrPages;
            c.chunks = chunks;
            c.durationMs = durationMs;
        });
    }

    /** A {@code FAILED} status with its reason and a human-readable detail. */
    public static DocumentStatus failed(
            DocumentRef document, QuarryException.Reason reason, String message, long durationMs, Instant now) {
        Objects.requireNonNull(reason, "a failed status needs a reason");
        return of(document, State.FAILED, now).with(c -> {
            c.reason = reason;
            c.message = message;
            c.durationMs = durationMs;
        });
    }

    /** This status, recorded for the job with {@code value} as its sequencer. */
    public DocumentStatus withSequencer(String value) {
        return with(c -> c.sequencer = value);
    }

    /** This status with {@code value} processing attempts started. */
    public DocumentStatus withAttempts(int value) {
        return with(c -> c.attempts = value);
    }

    /** This status with {@code pages} extracted, {@code ocrPages} of them through OCR. */
    public DocumentStatus withPages(int pages, long ocrPages) {
        return with(c -> {
            c.pages = pages;
            c.ocrPages = ocrPages;
        });
    }

    /** This status with {@code done} of {@code total} page-range parts written. */
    public DocumentStatus withParts(int done, int total) {
        return with(c -> {
            c.partsDone = done;
            c.partsTotal = total;
        });
    }

    /** This status with a human-readable detail (a failure's, or why an attempt is retried). */
    public DocumentStatus withMessage(String value) {
        return with(c -> c.message = value);
    }

    /** This status naming the pages that yielded no text, and why. */
    public DocumentStatus withPagesWithoutText(List<PageWithoutText> value) {
        return with(c -> c.pagesWithoutText = value);
    }

    /** This status with what {@code change} sets on a copy of it; the result is checked again. */
    private DocumentStatus with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy of every component, for the factories and {@code with…} methods to change a few of. */
    private static final class Copy {
        final DocumentRef document;
        final State state;
        int pages;
        long ocrPages;
        int chunks;
        long durationMs;
        int partsDone;
        int partsTotal;
        QuarryException.Reason reason;
        String message;
        final Instant updatedAt;
        String sequencer;
        int attempts;
        List<PageWithoutText> pagesWithoutText;

        Copy(DocumentStatus s) {
            document = s.document;
            state = s.state;
            pages = s.pages;
            ocrPages = s.ocrPages;
            chunks = s.chunks;
            durationMs = s.durationMs;
            partsDone = s.partsDone;
            partsTotal = s.partsTotal;
            reason = s.reason;
            message = s.message;
            updatedAt = s.updatedAt;
            sequencer = s.sequencer;
            attempts = s.attempts;
            pagesWithoutText = s.pagesWithoutText;
        }

        DocumentStatus build() {
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
                    attempts,
                    pagesWithoutText);
        }
    }

    /**
     * Whether this is an outcome ({@code INDEXED}, {@code FAILED} or {@code DELETED}), not work in progress.
     * Not named {@code isFinal}: JSON mappers would take that for a property.
     */
    public boolean ended() {
        return state == State.INDEXED || state == State.FAILED || state == State.DELETED;
    }
}
