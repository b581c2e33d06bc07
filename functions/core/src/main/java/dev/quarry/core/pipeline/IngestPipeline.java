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

    private final DocumentSource source;
    private final DocumentExtractor extractor;
    private final Chunker chunker;
    private final Embedder embedder;
    private final ChunkIndex index;
    private final DocumentStatusStore statuses;
    private final AnswerCache cache;
    private final long maxBytes;
    private final Clock clock;

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
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** Marks a document as waiting in the queue. */
    public void queued(DocumentRef document) {
        statuses.put(DocumentStatus.of(document, State.QUEUED, clock.instant()));
    }

    /**
     * Runs one job and returns the document's resulting status.
     *
     * @throws QuarryException.Transient (or any unchecked exception) when the job should be retried
     */
    public DocumentStatus process(IngestJob job) {
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
            case INDEX -> index(job);
            case DELETE -> delete(job);
        };
    }

    private DocumentStatus delete(IngestJob job) {
        DocumentRef document = job.document();
        long removed = index.deleteDocument(document.tenant(), document.key());
        cache.corpusChanged(document.tenant());
        LOG.debugf("deleted %s (%d chunks)", document, removed);
        return record(DocumentStatus.of(document, State.DELETED, clock.instant()), job);
    }

    private DocumentStatus index(IngestJob job) {
        DocumentRef document = job.document();
        long start = System.nanoTime();
        record(DocumentStatus.of(document, State.PROCESSING, clock.instant()), job);
        try {
            ExtractedDocument extracted = extractor.extract(source.read(document, maxBytes), document.key());
            List<Chunk> chunks = chunker.chunk(extracted, document);
            for (int from = 0; from < chunks.size(); from += WRITE_BATCH) {
                List<Chunk> batch = chunks.subList(from, Math.min(chunks.size(), from + WRITE_BATCH));
                index.upsert(embed(batch));
            }
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
