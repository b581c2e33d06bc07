package dev.quarry.ingestion;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.core.model.Sequencers;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.WorkQueue;
import dev.quarry.ingestion.chunk.Chunker;
import dev.quarry.ingestion.extract.DocumentExtractor;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one ingest job into searchable chunks: fetch, extract, chunk, embed, upsert, drop older
 * versions, record status, bump the tenant's {@link CorpusVersion}.
 *
 * <p>A {@link QuarryException.Permanent} failure (corrupt, encrypted, too large …) and any {@link Error}
 * (out of memory, stack overflow …) is recorded as the document's {@code FAILED} status with a typed reason
 * and returned, so the caller moves on; a {@link QuarryException.Transient} or unexpected runtime failure
 * propagates so the caller retries the job. Chunks of the new version are written before older versions are
 * removed: a crash in between leaves the previous version searchable, and the retry overwrites by id; a
 * version that fails has its own chunks removed, so the index holds one version of a document. A document
 * none of whose pages yields text ends {@code FAILED} with {@code NO_TEXT} and the list of its pages and why,
 * never {@code INDEXED} with nothing searchable; an indexed document lists its pages without text too.
 *
 * <p>Every whole-document attempt is counted in the status before work starts ({@link
 * DocumentStatus#attempts()}); a new attempt that finds the version still {@code PROCESSING} knows the
 * previous one died, and once {@link IngestBudget#maxAttempts()} have started, records {@code CRASHED}
 * instead of dying again. Each job is bounded by an {@link IngestBudget} (chunks, embedding time).
 */
public final class IngestPipeline {

    private static final Logger LOG = Logger.getLogger(IngestPipeline.class);
    /** Chunks embedded and written per step: bounds memory for very long documents. */
    static final int WRITE_BATCH = 64;
    /**
     * Chunk positions reserved per page for a document split into parts, so that parts number their chunks
     * (and so derive their ids) without knowing each other: part chunks start at {@code (firstPage - 1) *}
     * this. No page yields this many chunks of 128 word pieces.
     */
    static final int POSITIONS_PER_PAGE = 10_000;
    /** Pages named in a NO_TEXT failure message; the status lists them all. */
    private static final int MAX_PAGES_LISTED = 10;

    private final DocumentSource source;
    private final DocumentExtractor extractor;
    private final Chunker chunker;
    private final Embedder embedder;
    private final ChunkIndex index;
    private final DocumentStatusStore statuses;
    private final CorpusVersion versions;
    private final long maxBytes;
    private final int partPages;
    private final IngestBudget budget;
    private final Clock clock;

    /** A pipeline that processes every document whole. */
    public IngestPipeline(
            DocumentSource source,
            DocumentExtractor extractor,
            Chunker chunker,
            Embedder embedder,
            ChunkIndex index,
            DocumentStatusStore statuses,
            CorpusVersion versions,
            long maxBytes,
            Clock clock) {
        this(source, extractor, chunker, embedder, index, statuses, versions, maxBytes, Integer.MAX_VALUE, clock);
    }

    /**
     * @param partPages a PDF or TIFF with more pages than this is split into parts of this many pages when
     *     {@link #process(IngestJob, WorkQueue)} is given a queue for them
     */
    public IngestPipeline(
            DocumentSource source,
            DocumentExtractor extractor,
            Chunker chunker,
            Embedder embedder,
            ChunkIndex index,
            DocumentStatusStore statuses,
            CorpusVersion versions,
            long maxBytes,
            int partPages,
            Clock clock) {
        this(
                source,
                extractor,
                chunker,
                embedder,
                index,
                statuses,
                versions,
                maxBytes,
                partPages,
                IngestBudget.defaults(),
                clock);
    }

    /** @param budget the cost limits of one job and the attempts per document version */
    public IngestPipeline(
            DocumentSource source,
            DocumentExtractor extractor,
            Chunker chunker,
            Embedder embedder,
            ChunkIndex index,
            DocumentStatusStore statuses,
            CorpusVersion versions,
            long maxBytes,
            int partPages,
            IngestBudget budget,
            Clock clock) {
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.extractor = Objects.requireNonNull(extractor, "extractor must not be null");
        this.chunker = Objects.requireNonNull(chunker, "chunker must not be null");
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
        this.index = Objects.requireNonNull(index, "index must not be null");
        this.statuses = Objects.requireNonNull(statuses, "statuses must not be null");
        this.versions = Objects.requireNonNull(versions, "versions must not be null: pass CorpusVersion.NONE");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        if (partPages < 1) {
            throw new IllegalArgumentException("partPages must be >= 1, was " + partPages);
        }
        this.partPages = partPages;
        this.budget = Objects.requireNonNull(budget, "budget must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** Marks a document as waiting in the queue. */
    public void queued(DocumentRef document) {
        statuses.put(DocumentStatus.of(document, State.QUEUED, clock.instant()));
    }

    /**
     * Runs one job, processing the document whole, and returns the document's resulting status.
     *
     * @throws QuarryException.Transient (or any unchecked exception) when the job should be retried
     */
    public DocumentStatus process(IngestJob job) {
        return process(job, null);
    }

    /**
     * Runs one job and returns the document's resulting status. A document with more than {@code
     * partPages} pages is split: one job per page range goes to {@code parts}, the status says {@code
     * PROCESSING} with the parts to do, and the part that completes the set marks the document indexed.
     *
     * @param parts where page-range jobs go, or null to process every document whole
     * @throws QuarryException.Transient (or any unchecked exception) when the job should be retried
     */
    public DocumentStatus process(IngestJob job, WorkQueue parts) {
        DocumentRef document = job.document();
        Optional<DocumentStatus> newer = statuses.get(document.tenant(), document.key())
                .filter(known -> Sequencers.isStale(job.sequencer(), known.sequencer()));
        if (newer.isPresent()) {
            LOG.infof(
                    "ignored a stale %s of %s: an event with a later sequencer was applied already",
                    job.action(), document);
            return newer.get();
        }
        return switch (job.action()) {
            case INDEX -> index(job, parts);
            case DELETE -> delete(job);
            case RECONCILE -> reconcile(job, parts);
        };
    }

    /**
     * A version was removed from the source: the index converges on the version the source serves now, whatever
     * order the events arrive in. None left: the document is removed. The one already indexed (or being indexed
     * in parts): nothing changes, and the recorded status is returned as it was. Another one (the removed version
     * was current, so the previous one is current again): that version is indexed, under this job's sequencer.
     */
    private DocumentStatus reconcile(IngestJob job, WorkQueue parts) {
        DocumentRef removed = job.document();
        Optional<String> current = source.currentVersion(removed.tenant(), removed.key());
        if (current.isEmpty()) {
            return delete(job);
        }
        Optional<DocumentStatus> known = statuses.get(removed.tenant(), removed.key())
                .filter(status -> status.document().version().equals(current.get())
                        && (status.state() == State.INDEXED || status.state() == State.PROCESSING));
        if (known.isPresent()) {
            LOG.debugf(
                    "%s was removed; the current version %s is %s already",
                    removed, current.get(), known.get().state());
            if (known.get().state() != State.INDEXED || job.sequencer() == null) {
                return known.get();
            }
            // Recorded again under this event's sequencer, its time kept: nothing changed, but an older event of the
            // key that arrives after this one (the create of the removed version) is now recognised as stale.
            DocumentStatus unchanged = known.get().withSequencer(job.sequencer());
            statuses.put(unchanged);
            return unchanged;
        }
        DocumentRef now = new DocumentRef(removed.tenant(), removed.key(), current.get());
        LOG.debugf("%s was removed; indexing the current version %s", removed, current.get());
        return index(IngestJob.index(now).withSequencer(job.sequencer()), parts);
    }

    private DocumentStatus delete(IngestJob job) {
        DocumentRef document = job.document();
        long removed = index.deleteDocument(document.tenant(), document.key());
        versions.bump(document.tenant());
        LOG.debugf("deleted %s (%d chunks)", document, removed);
        return record(DocumentStatus.of(document, State.DELETED, clock.instant()), job);
    }

    private DocumentStatus index(IngestJob job, WorkQueue parts) {
        DocumentRef document = job.document();
        long start = System.nanoTime();
        int attempts = 0;
        if (job.isPart()) {
            Optional<DocumentStatus> unexpected = unexpectedPart(job);
            if (unexpected.isPresent()) {
                return unexpected.get();
            }
        } else {
            Optional<DocumentStatus> current = statuses.get(document.tenant(), document.key())
                    .filter(known -> known.document().equals(document));
            attempts = current.map(DocumentStatus::attempts).orElse(0);
            boolean died = current.isPresent()
                    && current.get().state() == State.PROCESSING
                    && current.get().partsTotal() == 0
                    && attempts > 0;
            if (died && attempts >= budget.maxAttempts()) {
                return fail(
                        job,
                        QuarryException.Reason.CRASHED,
                        attempts + " attempt(s) of this version ended without an outcome: the process running them"
                                + " died (out of memory, past its time limit, or stopped). Give the process more memory"
                                + " or time, or lower quarry.extraction.* limits, then upload the document again",
                        start,
                        attempts,
                        true);
            }
            attempts++;
            record(
                    DocumentStatus.of(document, State.PROCESSING, clock.instant())
                            .withAttempts(attempts),
                    job);
        }
        boolean writing = job.isPart(); // a failed part takes every part's chunks of the version with it
        try {
            byte[] content = source.read(document, maxBytes);
            if (job.isPart()) {
                return indexPart(job, content, start);
            }
            if (parts != null) {
                int pages = extractor.pageCount(content, document.key());
                if (pages > partPages) {
                    return fanOut(job, pages, parts, attempts);
                }
            }
            ExtractedDocument extracted = extractor.extract(content, document.key());
            content = null; // the bytes are not needed any more: let a long embedding run without them
            List<Chunk> chunks = chunker.chunk(extracted, document);
            if (chunks.isEmpty()) {
                return record(
                        noText(
                                document,
                                extracted.pages().size(),
                                extracted.ocrPageCount(),
                                extracted.pagesWithoutText(),
                                elapsedMs(start),
                                0,
                                0,
                                attempts),
                        job);
            }
            writing = true;
            write(chunks);
            index.deleteOtherVersions(document);
            versions.bump(document.tenant());
            return record(
                    DocumentStatus.indexed(
                                    document,
                                    extracted.pages().size(),
                                    extracted.ocrPageCount(),
                                    chunks.size(),
                                    elapsedMs(start),
                                    clock.instant())
                            .withAttempts(attempts)
                            .withPagesWithoutText(extracted.pagesWithoutText()),
                    job);
        } catch (QuarryException.Permanent e) {
            return fail(job, e.reason(), e.getMessage(), start, attempts, writing);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return fail(job, QuarryException.reasonOf(e), QuarryException.describe(e), start, attempts, writing);
        } catch (Error e) {
            LOG.errorf(e, "%s failed with an unexpected error", document);
            return fail(job, QuarryException.Reason.INTERNAL, QuarryException.describe(e), start, attempts, writing);
        } catch (RuntimeException e) {
            retrying(job, e, attempts);
            throw e;
        }
    }

    /**
     * Records that {@code job} will not be retried any more (its queue gave up on it: attempts or deliveries
     * exhausted): {@code FAILED} with {@code reason}, and this version's chunks removed. A status that belongs to
     * another version of the document, or is already an outcome, is left as it is and returned.
     */
    public DocumentStatus abandon(IngestJob job, QuarryException.Reason reason, String message) {
        DocumentRef document = job.document();
        Optional<DocumentStatus> current = statuses.get(document.tenant(), document.key());
        if (current.isPresent()
                && (!current.get().document().equals(document) || current.get().ended())) {
            return current.get();
        }
        return fail(
                job,
                reason,
                message,
                System.nanoTime(),
                current.map(DocumentStatus::attempts).orElse(0),
                true);
    }

    /**
     * Whether {@code job} is work this pipeline asked for: a whole-document job always is; a page-range part
     * only while its document version is split into parts (the status shows that exact version with a part
     * count, and the range is one of its parts). A part job that is not (forged, or of a superseded
     * version) must not be run: it could write chunks no status accounts for.
     */
    public boolean expectsPart(IngestJob job) {
        return !job.isPart() || unexpectedPart(job).isEmpty();
    }

    /** Empty when the part is expected, else the status to return instead of running it. */
    private Optional<DocumentStatus> unexpectedPart(IngestJob job) {
        DocumentRef document = job.document();
        Optional<DocumentStatus> current = statuses.get(document.tenant(), document.key());
        boolean expected = current.isPresent()
                && current.get().document().equals(document)
                && current.get().partsTotal() > 0
                && (job.firstPage() - 1) % partPages == 0
                && (job.firstPage() - 1) / partPages < current.get().partsTotal()
                && job.lastPage() - job.firstPage() < partPages;
        if (expected) {
            return Optional.empty();
        }
        LOG.warnf(
                "ignored page range %d..%d of %s: no split of that version into parts of %d pages is in progress",
                job.firstPage(), job.lastPage(), document, partPages);
        return Optional.of(current.orElseGet(() -> DocumentStatus.of(document, State.QUEUED, clock.instant())));
    }

    /** Best effort: a job that will be retried goes back to {@code QUEUED}, so a redelivery does not take it for dead. */
    private void retrying(IngestJob job, RuntimeException e, int attempts) {
        if (job.isPart()) {
            return;
        }
        try {
            record(
                    DocumentStatus.of(job.document(), State.QUEUED, clock.instant())
                            .withMessage("attempt " + attempts + " failed, retrying: " + e.getMessage())
                            .withAttempts(attempts),
                    job);
        } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    /** Records the version FAILED and, when some may have been written, removes its chunks. */
    private DocumentStatus fail(
            IngestJob job,
            QuarryException.Reason reason,
            String message,
            long start,
            int attempts,
            boolean removeChunks) {
        DocumentRef document = job.document();
        LOG.warnf("%s failed: %s", document, message);
        if (removeChunks) {
            try {
                index.deleteVersion(document);
            } catch (RuntimeException e) {
                LOG.warnf(
                        "could not remove the chunks of failed %s (a retry removes them): %s",
                        document, e.getMessage());
            }
        }
        return record(
                DocumentStatus.failed(document, reason, message, elapsedMs(start), clock.instant())
                        .withAttempts(attempts),
                job);
    }

    /** Records the parts to do, then sends one job per page range. */
    private DocumentStatus fanOut(IngestJob job, int pages, WorkQueue parts, int attempts) {
        int partCount = (pages - 1) / partPages + 1;
        DocumentStatus processing = record(
                DocumentStatus.of(job.document(), State.PROCESSING, clock.instant())
                        .withParts(0, partCount)
                        .withAttempts(attempts),
                job);
        for (int part = 0; part < partCount; part++) {
            int first = part * partPages + 1;
            int last = Math.min(pages, first + partPages - 1);
            parts.send(new IngestJob(IngestJob.Action.INDEX, job.document(), first, last, job.sequencer()));
        }
        LOG.debugf("split %s (%d pages) into %d parts", job.document(), pages, partCount);
        return processing;
    }

    /** Writes one page range; the part that completes the set drops older versions and marks it indexed. */
    private DocumentStatus indexPart(IngestJob job, byte[] content, long start) {
        DocumentRef document = job.document();
        ExtractedDocument extracted = extractor.extract(content, document.key(), job.firstPage(), job.lastPage());
        List<Chunk> chunks = chunker.chunk(extracted, document, (job.firstPage() - 1) * POSITIONS_PER_PAGE);
        write(chunks);
        int partCount = (extracted.totalPages() - 1) / partPages + 1;
        DocumentStatus status = statuses.completePart(
                document,
                (job.firstPage() - 1) / partPages,
                partCount,
                new DocumentStatusStore.PartResult(
                        extracted.pages().size(),
                        extracted.ocrPageCount(),
                        chunks.size(),
                        elapsedMs(start),
                        extracted.pagesWithoutText()),
                job.sequencer(),
                clock.instant());
        if (status.state() == State.FAILED || !status.document().equals(document)) {
            // The version failed (or was replaced) while this part ran: its chunks must not stay behind.
            index.deleteVersion(document);
            return status;
        }
        if (status.state() != State.PROCESSING || status.partsDone() < status.partsTotal()) {
            return status;
        }
        if (status.chunks() == 0) {
            return record(
                    noText(
                            document,
                            status.pages(),
                            status.ocrPages(),
                            status.pagesWithoutText(),
                            status.durationMs(),
                            status.partsDone(),
                            status.partsTotal(),
                            status.attempts()),
                    job);
        }
        index.deleteOtherVersions(document);
        versions.bump(document.tenant());
        return record(
                DocumentStatus.indexed(
                                document,
                                status.pages(),
                                status.ocrPages(),
                                status.chunks(),
                                status.durationMs(),
                                clock.instant())
                        .withParts(status.partsDone(), status.partsTotal())
                        .withAttempts(status.attempts())
                        .withPagesWithoutText(status.pagesWithoutText()),
                job);
    }

    /** The failure of a document none of whose pages yielded text: {@code NO_TEXT}, with each page and why. */
    private DocumentStatus noText(
            DocumentRef document,
            int pages,
            long ocrPages,
            List<PageWithoutText> withoutText,
            long durationMs,
            int partsDone,
            int partsTotal,
            int attempts) {
        String listed = withoutText.stream()
                .limit(MAX_PAGES_LISTED)
                .map(PageWithoutText::describe)
                .collect(java.util.stream.Collectors.joining("; "));
        String more = withoutText.size() > MAX_PAGES_LISTED
                ? "; and " + (withoutText.size() - MAX_PAGES_LISTED) + " more pages"
                : "";
        String message = "no text on any of the " + pages + " pages, nothing would be searchable ("
                + (listed.isEmpty() ? "the document has no content" : listed + more)
                + "); upload a copy with a text layer or a legible scan";
        LOG.warnf("%s failed: NO_TEXT: %s", document, message);
        return DocumentStatus.failed(document, QuarryException.Reason.NO_TEXT, message, durationMs, clock.instant())
                .withPages(pages, ocrPages)
                .withParts(partsDone, partsTotal)
                .withAttempts(attempts)
                .withPagesWithoutText(withoutText);
    }

    /** Embeds and upserts in batches, within the job's budget of chunks and embedding time. */
    private void write(List<Chunk> chunks) {
        if (chunks.size() > budget.maxChunks()) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.TOO_LARGE,
                    "the document yields " + chunks.size() + " chunks, more than quarry.budget.max-chunks ("
                            + budget.maxChunks() + ")");
        }
        long embeddingNanos = 0;
        for (int from = 0; from < chunks.size(); from += WRITE_BATCH) {
            if (embeddingNanos > budget.maxEmbeddingTime().toNanos()) {
                throw new QuarryException.Permanent(
                        QuarryException.Reason.TIMEOUT,
                        "embedding took longer than quarry.budget.max-embedding-time (" + budget.maxEmbeddingTime()
                                + ") after " + from + " of " + chunks.size() + " chunks");
            }
            List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + WRITE_BATCH));
            long started = System.nanoTime();
            List<EmbeddedChunk> embedded = embed(batch);
            embeddingNanos += System.nanoTime() - started;
            index.upsert(embedded);
        }
    }

    private List<EmbeddedChunk> embed(List<Chunk> chunks) {
        List<float[]> vectors =
                embedder.embedAll(chunks.stream().map(chunker::embeddingText).toList());
        List<EmbeddedChunk> embedded = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            embedded.add(new EmbeddedChunk(chunks.get(i), vectors.get(i)));
        }
        return embedded;
    }

    /** Records {@code status} as the outcome of {@code job}, keeping the job's sequencer for ordering. */
    private DocumentStatus record(DocumentStatus status, IngestJob job) {
        DocumentStatus recorded = status.withSequencer(job.sequencer());
        statuses.put(recorded);
        return recorded;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
