package dev.quarry.e2e.ingest;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentSource;
import dev.quarry.core.search.SearchRequest;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Decorators that fail their first calls the way an unavailable dependency does. */
final class Flaky {

    private Flaky() {}

    /** A chunk index whose first {@code failures} writes fail as unavailable. */
    static final class Index implements ChunkIndex {

        private final ChunkIndex delegate;
        private final AtomicInteger remaining;

        Index(ChunkIndex delegate, int failures) {
            this.delegate = delegate;
            this.remaining = new AtomicInteger(failures);
        }

        @Override
        public void upsert(List<EmbeddedChunk> chunks) {
            if (remaining.getAndDecrement() > 0) {
                throw new QuarryException.Transient(Reason.UNAVAILABLE, "index unavailable (injected)");
            }
            delegate.upsert(chunks);
        }

        @Override
        public long deleteDocument(String tenant, String key) {
            return delegate.deleteDocument(tenant, key);
        }

        @Override
        public long deleteOtherVersions(DocumentRef keep) {
            return delegate.deleteOtherVersions(keep);
        }

        @Override
        public long deleteVersion(DocumentRef version) {
            return delegate.deleteVersion(version);
        }

        @Override
        public List<SearchHit> search(SearchRequest request) {
            return delegate.search(request);
        }

        @Override
        public long count(String tenant) {
            return delegate.count(tenant);
        }
    }

    /** A document source whose first {@code failures} reads fail like an S3 500 does. */
    static final class Source implements DocumentSource {

        private final DocumentSource delegate;
        private final AtomicInteger remaining;

        Source(DocumentSource delegate, int failures) {
            this.delegate = delegate;
            this.remaining = new AtomicInteger(failures);
        }

        @Override
        public byte[] read(DocumentRef document, long maxBytes) {
            if (remaining.getAndDecrement() > 0) {
                throw new QuarryException.Transient(
                        Reason.UNAVAILABLE, "S3 refused to read " + document + " (s3 500 InternalError, injected)");
            }
            return delegate.read(document, maxBytes);
        }
    }
}
