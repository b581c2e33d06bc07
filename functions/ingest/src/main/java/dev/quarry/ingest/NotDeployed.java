package dev.quarry.ingest;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.search.SearchRequest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stand-ins for the production chunk index (Weaviate) and durable status store, which arrive with issue
 * 7. Each call fails with a {@link QuarryException.Transient} {@code UNAVAILABLE}, so messages are retried
 * and then kept in the dead-letter queue, ready to be redriven once a real adapter is deployed, instead of
 * being acknowledged into an index that nobody can query. Tests and later issues replace them by
 * providing their own {@link ChunkIndex} and {@link DocumentStatusStore} beans.
 */
final class NotDeployed {

    private static final String WHY = " is not deployed with the ingest function yet (Weaviate arrives with issue 7);"
            + " provide a bean of this type";

    private NotDeployed() {}

    static final class Index implements ChunkIndex {
        @Override
        public void upsert(List<EmbeddedChunk> chunks) {
            throw unavailable();
        }

        @Override
        public long deleteDocument(String tenant, String key) {
            throw unavailable();
        }

        @Override
        public long deleteOtherVersions(DocumentRef keep) {
            throw unavailable();
        }

        @Override
        public List<SearchHit> search(SearchRequest request) {
            throw unavailable();
        }

        @Override
        public long count(String tenant) {
            throw unavailable();
        }

        private static QuarryException unavailable() {
            return new QuarryException.Transient(Reason.UNAVAILABLE, "a chunk index" + WHY);
        }
    }

    static final class Statuses implements DocumentStatusStore {
        @Override
        public void put(DocumentStatus status) {
            throw unavailable();
        }

        @Override
        public Optional<DocumentStatus> get(String tenant, String key) {
            throw unavailable();
        }

        @Override
        public List<DocumentStatus> list(String tenant) {
            throw unavailable();
        }

        @Override
        public DocumentStatus completePart(
                DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now) {
            throw unavailable();
        }

        private static QuarryException unavailable() {
            return new QuarryException.Transient(Reason.UNAVAILABLE, "a document status store" + WHY);
        }
    }
}
