package dev.quarry.tools.eval;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.SearchRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chunk index the ingest pipeline writes to while an evaluation index is built: chunks are handed to the
 * real index in batches of {@code batch}, so a corpus of thousands of one-chunk documents costs a few hundred
 * commits instead of one per document. The index is new and every document key occurs once, so there are no
 * other versions to delete ({@link #deleteOtherVersions} removes nothing, correctly). Nothing is searched
 * before {@link #flush()}; search and delete are refused.
 */
final class FreshIndexWriter implements ChunkIndex {

    private final ChunkIndex target;
    private final int batch;
    private final List<EmbeddedChunk> pending = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();

    FreshIndexWriter(ChunkIndex target, int batch) {
        this.target = Objects.requireNonNull(target, "target must not be null");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, was " + batch);
        }
        this.batch = batch;
    }

    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        List<EmbeddedChunk> full = null;
        synchronized (pending) {
            pending.addAll(chunks);
            if (pending.size() >= batch) {
                full = new ArrayList<>(pending);
                pending.clear();
            }
        }
        if (full != null) {
            target.upsert(full);
            written.addAndGet(full.size());
        }
    }

    /** Writes what is pending; the chunks written so far are then searchable in the target index. */
    void flush() {
        List<EmbeddedChunk> rest;
        synchronized (pending) {
            rest = new ArrayList<>(pending);
            pending.clear();
        }
        target.upsert(rest);
        written.addAndGet(rest.size());
    }

    long written() {
        return written.get();
    }

    @Override
    public long deleteOtherVersions(DocumentRef keep) {
        return 0;
    }

    /** A failed attempt's chunks may still be pending or written; both are removed so the index holds none. */
    @Override
    public long deleteVersion(DocumentRef version) {
        long dropped;
        synchronized (pending) {
            int before = pending.size();
            pending.removeIf(chunk -> chunk.chunk().document().equals(version));
            dropped = before - pending.size();
        }
        return dropped + target.deleteVersion(version);
    }

    @Override
    public long deleteDocument(String tenant, String key) {
        throw new UnsupportedOperationException("an evaluation index is built once and never changed");
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        throw new UnsupportedOperationException("search the target index after flush()");
    }

    @Override
    public long count(String tenant) {
        return target.count(tenant);
    }
}
