package dev.quarry.ingest;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.SearchRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Chunks by id, enough to see what ingestion wrote; searching is the query function's business. */
@Alternative
@Priority(1)
@Singleton
public class InMemoryIndex implements ChunkIndex {

    private final Map<String, EmbeddedChunk> chunks = new ConcurrentHashMap<>();

    @Override
    public void upsert(List<EmbeddedChunk> batch) {
        batch.forEach(chunk -> chunks.put(chunk.chunk().id(), chunk));
    }

    @Override
    public long deleteDocument(String tenant, String key) {
        return remove(tenant, key, null);
    }

    @Override
    public long deleteOtherVersions(DocumentRef keep) {
        return remove(keep.tenant(), keep.key(), keep.version());
    }

    @Override
    public long deleteVersion(DocumentRef version) {
        List<String> ids = chunks.values().stream()
                .filter(c -> c.chunk().document().equals(version))
                .map(c -> c.chunk().id())
                .toList();
        ids.forEach(chunks::remove);
        return ids.size();
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        throw new UnsupportedOperationException("the ingest tests do not search");
    }

    @Override
    public long count(String tenant) {
        return chunks.values().stream()
                .filter(c -> c.chunk().document().tenant().equals(tenant))
                .count();
    }

    /** The chunks stored for one document, all versions. */
    List<EmbeddedChunk> chunksOf(String tenant, String key) {
        return chunks.values().stream()
                .filter(c -> c.chunk().document().tenant().equals(tenant)
                        && c.chunk().document().key().equals(key))
                .toList();
    }

    void clear() {
        chunks.clear();
    }

    private long remove(String tenant, String key, String keepVersion) {
        List<String> ids = chunks.values().stream()
                .filter(c -> c.chunk().document().tenant().equals(tenant)
                        && c.chunk().document().key().equals(key)
                        && !c.chunk().document().version().equals(keepVersion))
                .map(c -> c.chunk().id())
                .toList();
        ids.forEach(chunks::remove);
        return ids.size();
    }
}
