package dev.quarry.core.port;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.PageWithoutText;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable ingestion status per document (queued, processing, indexed, failed, deleted): Weaviate in production, a
 * JSON file in the embedded default. Both pass {@code dev.quarry.testing.DocumentStatusStoreContractTest}.
 */
public interface DocumentStatusStore {

    void put(DocumentStatus status);

    Optional<DocumentStatus> get(String tenant, String key);

    /** Every status of a tenant, ordered by key. */
    List<DocumentStatus> list(String tenant);

    /**
     * Records that page-range part {@code part} (0-based) of {@code partCount} of a document version was
     * written, and returns the document's status. Atomic, and idempotent per part: a redelivered part is not
     * counted twice. While parts are outstanding the status is {@code PROCESSING} with the parts done and the
     * sums of their pages, OCR pages, chunks and times; when the recorded status is already final for this
     * version ({@code INDEXED} or {@code FAILED}) or belongs to another version, it is returned unchanged.
     */
    DocumentStatus completePart(
            DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now);

    /** What one page-range part contributed, with the pages of the part that yielded no text. */
    record PartResult(int pages, long ocrPages, int chunks, long durationMs, List<PageWithoutText> pagesWithoutText) {

        public PartResult {
            pagesWithoutText = pagesWithoutText == null ? List.of() : List.copyOf(pagesWithoutText);
        }

        public PartResult(int pages, long ocrPages, int chunks, long durationMs) {
            this(pages, ocrPages, chunks, durationMs, List.of());
        }
    }
}
