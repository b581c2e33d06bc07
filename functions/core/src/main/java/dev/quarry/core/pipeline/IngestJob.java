package dev.quarry.core.pipeline;

import dev.quarry.core.model.DocumentRef;

import java.util.Objects;

/**
 * A unit of ingest work, as carried by the work queue.
 *
 * @param action index or remove the document
 * @param document the document version
 * @param firstPage first page (1-based) of a page-range part, or 0 for the whole document
 * @param lastPage last page (inclusive) of a page-range part, or 0 for the whole document
 * @param sequencer the S3 event's {@code sequencer}, which orders events of one key (see {@link Sequencers});
 *     null when the source gives no order (the local store)
 */
public record IngestJob(Action action, DocumentRef document, int firstPage, int lastPage, String sequencer) {

    public enum Action {
        INDEX,
        DELETE
    }

    public IngestJob {
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(document, "document must not be null");
        if (firstPage < 0 || lastPage < firstPage || (firstPage == 0) != (lastPage == 0)) {
            throw new IllegalArgumentException("invalid page range " + firstPage + ".." + lastPage);
        }
    }

    public IngestJob(Action action, DocumentRef document, int firstPage, int lastPage) {
        this(action, document, firstPage, lastPage, null);
    }

    public static IngestJob index(DocumentRef document) {
        return new IngestJob(Action.INDEX, document, 0, 0);
    }

    public static IngestJob delete(DocumentRef document) {
        return new IngestJob(Action.DELETE, document, 0, 0);
    }

    /** This job, ordered by an S3 event's sequencer. */
    public IngestJob withSequencer(String value) {
        return new IngestJob(action, document, firstPage, lastPage, value);
    }

    public boolean isPart() {
        return firstPage > 0;
    }
}
