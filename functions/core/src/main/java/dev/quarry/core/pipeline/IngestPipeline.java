package dev.quarry.core.pipeline;

import dev.quarry.core.QuarryException;
import dev.quarry.core.chunk.Chunker;
import dev.quarry.core.extract.DocumentExtractor;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.pipeline.DocumentStatus.State;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.WorkQueue;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one ingest job into searchable chunks: fetch, extract, chunk, embed, upsert, drop older
 * versions, record status, tell the cache the corpus changed.
 *
 * <p>A {@link QuarryException.Permanent} failure (corrupt, encrypted, too large …) is recorded as the
 * document's {@code FAILED} status and returned, so the caller moves on; anything else propagates so
 * the caller retries the job. Chunks of the new version are written before older versions are removed:
 * a crash in between leaves the previous version searchable, and the retry overwrites by id.
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

    private final DocumentSource source;
    private final DocumentExtractor extractor;
    private final Chunker chunker;
    private final Embedder embedder;
    private final ChunkIndex index;
    private final DocumentStatusStore statuses;
    private final AnswerCache cache;
    private final long maxBytes;
    private final int partPages;
    private final Clock clock;

    /** A pipeline that processes every document whole. */
    public IngestPipeline(
            DocumentSource source,
            DocumentExtractor extractor,
            Chunker chunker,
            Embedder embedder,
            ChunkIndex index,
            DocumentStatusStore statuses,
            AnswerCache cache,
            long maxBytes,
            Clock clock) {
        this(source, extractor, chunker, embedder, index, statuses, cache, maxBytes, Integer.MAX_VALUE, clock);
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
            AnswerCache cache,
            long maxBytes,
            int partPages,
            Clock clock) {
        this.source = Objects.requireNonNull(source, "source must not be null");
        this.extractor = Objects.requireNonNull(extractor, "extractor must not be null");
        this.chunker = Objects.requireNonNull(chunker, "chunker must not be null");
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
        this.index = Objects.requireNonNull(index, "index must not be null");
        this.statuses = Objects.requireNonNull(statuses, "statuses must not be null");
        this.cache = Objects.requireNonNull(cache, "cache must not be null: pass AnswerCache.NONE");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        if (partPages < 1) {
            throw new IllegalArgumentException("partPages must be >= 1, was " + partPages);
        }
        this.partPages = partPages;
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
        cache.corpusChanged(document.tenant());
        LOG.debugf("deleted %s (%d chunks)", document, removed);
        return record(DocumentStatus.of(document, State.DELETED, clock.instant()), job);
    }

    private DocumentStatus index(IngestJob job, WorkQueue parts) {
        DocumentRef document = job.document();
        long start = System.nanoTime();
        if (!job.isPart()) {
            record(DocumentStatus.of(document, State.PROCESSING, clock.instant()), job);
        }
        try {
            byte[] content = source.read(document, maxBytes);
            if (job.isPart()) {
                return indexPart(job, content, start);
            }
            if (parts != null) {
                int pages = extractor.pageCount(content, document.key());
                if (pages > partPages) {
                    return fanOut(job, pages, parts);
                }
            }
            ExtractedDocument extracted = extractor.extract(content, document.key());
            List<Chunk> chunks = chunker.chunk(extracted, document);
            write(chunks);
            index.deleteOtherVersions(document);
            cache.corpusChanged(document.tenant());
            return record(
                    new DocumentStatus(
                            document,
                            State.INDEXED,
                            extracted.pages().size(),
                            extracted.ocrPageCount(),
                            chunks.size(),
                            elapsedMs(start),
                            null,
                            null,
                            clock.instant()),
                    job);
        } catch (QuarryException.Permanent e) {
            LOG.warnf("%s failed: %s", document, e.getMessage());
            return record(
                    new DocumentStatus(
                            document,
                            State.FAILED,
                            0,
                            0,
                            0,
                            elapsedMs(start),
                            e.reason(),
                            e.getMessage(),
                            clock.instant()),
                    job);
        }
    }

    /** Records the parts to do, then sends one job per page range. */
    private DocumentStatus fanOut(IngestJob job, int pages, WorkQueue parts) {
        int partCount = (pages - 1) / partPages + 1;
        DocumentStatus processing = record(
                new DocumentStatus(
                        job.document(), State.PROCESSING, 0, 0, 0, 0, 0, partCount, null, null, clock.instant(), null),
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
                        extracted.pages().size(), extracted.ocrPageCount(), chunks.size(), elapsedMs(start)),
                job.sequencer(),
                clock.instant());
        if (status.state() != State.PROCESSING
                || !status.document().equals(document)
                || status.partsDone() < status.partsTotal()) {
            return status;
        }
        index.deleteOtherVersions(document);
        cache.corpusChanged(document.tenant());
        return record(
                new DocumentStatus(
                        document,
                        State.INDEXED,
                        status.pages(),
                        status.ocrPages(),
                        status.chunks(),
                        status.durationMs(),
                        status.partsDone(),
                        status.partsTotal(),
                        null,
                        null,
                        clock.instant(),
                        null),
                job);
    }

    private void write(List<Chunk> chunks) {
        for (int from = 0; from < chunks.size(); from += WRITE_BATCH) {
            List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + WRITE_BATCH));
            index.upsert(embed(batch));
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
