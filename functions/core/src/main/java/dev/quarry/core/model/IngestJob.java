package dev.quarry.core.model;

import java.util.Objects;

/**
 * A unit of ingest work, as carried by the work queue.
 *
 * @param action index the document version, remove the document, or reconcile it with the source after one of
 *     its versions was removed
 * @param document the document version
 * @param firstPage first page (1-based) of a page-range part, or 0 for the whole document
 * @param lastPage last page (inclusive) of a page-range part, or 0 for the whole document
 * @param sequencer the S3 event's {@code sequencer}, which orders events of one key (see {@link Sequencers});
 *     null when the source gives no order (the local store)
 */
public record IngestJob(Action action, DocumentRef document, int firstPage, int lastPage, String sequencer) {

    public enum Action {
        /** Index this version (an upload, or a page-range part of one). */
        INDEX,
        /** Remove the document from search: the source hides every version (a delete, an S3 delete marker). */
        DELETE,
        /**
         * This version was removed from the source, which may still serve another one: index whatever the source
         * serves now, or remove the document if it serves nothing. Deleting an old S3 version changes nothing;
         * deleting the current one brings the previous version back.
         */
        RECONCILE
    }

    public IngestJob {
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(document, "document must not be null");
        if (firstPage < 0 || lastPage < firstPage || (firstPage == 0) != (lastPage == 0)) {
            throw new IllegalArgumentException("invalid page range " + firstPage + ".." + lastPage);
        }
        if (action != Action.INDEX && firstPage > 0) {
            throw new IllegalArgumentException("only an INDEX job has a page range, not " + action);
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

    /** The source no longer has {@code removed}; make the index show whatever version it serves now. */
    public static IngestJob reconcile(DocumentRef removed) {
        return new IngestJob(Action.RECONCILE, removed, 0, 0);
    }

    /** This job, ordered by an S3 event's sequencer. */
    public IngestJob withSequencer(String value) {
        return new IngestJob(action, document, firstPage, lastPage, value);
    }

    public boolean isPart() {
        return firstPage > 0;
    }
}
