package dev.quarry.aws.sqs;

import dev.quarry.aws.s3.S3Version;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.IngestJob;

/**
 * The wire form of an {@link IngestJob} on the ingest queue: flat, named fields only, so the message
 * format does not change when the core record gains a derived accessor.
 *
 * @param action {@code INDEX} or {@code DELETE}
 * @param tenant the document's tenant
 * @param key the document key (the decoded object key)
 * @param version the document version ({@link S3Version#toDocumentVersion()})
 * @param firstPage first page of a page-range part, or 0 for the whole document
 * @param lastPage last page of a page-range part, or 0 for the whole document
 * @param sequencer the S3 sequencer of the event the job came from, or null
 */
public record JobMessage(
        IngestJob.Action action,
        String tenant,
        String key,
        String version,
        int firstPage,
        int lastPage,
        String sequencer) {

    public static JobMessage of(IngestJob job) {
        DocumentRef document = job.document();
        return new JobMessage(
                job.action(),
                document.tenant(),
                document.key(),
                document.version(),
                job.firstPage(),
                job.lastPage(),
                job.sequencer());
    }

    /** The job this message carries; fails with {@link IllegalArgumentException} when a field is invalid. */
    public IngestJob toJob() {
        return new IngestJob(action, new DocumentRef(tenant, key, version), firstPage, lastPage, sequencer);
    }
}
