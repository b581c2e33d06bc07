package dev.quarry.core.port;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.search.SearchRequest;

import java.util.List;

/**
 * Stores chunks with their vectors and searches them (Weaviate in production, Lucene on disk in the
 * embedded default). Both pass {@code dev.quarry.testing.ChunkIndexContractTest} and fuse hybrid results with the same
 * arithmetic ({@link dev.quarry.core.search.HybridFusion}).
 */
public interface ChunkIndex {

    /** Inserts or replaces chunks by id; visible to searches when the call returns. */
    void upsert(List<EmbeddedChunk> chunks);

    /** Removes every chunk of the document (all versions). Returns the number removed. */
    long deleteDocument(String tenant, String key);

    /** Removes the chunks of every version of {@code keep}'s document other than {@code keep}'s. */
    long deleteOtherVersions(DocumentRef keep);

    /**
     * Removes the chunks of exactly this version of the document (those of a failed or abandoned attempt),
     * leaving every other version's. Returns the number removed.
     */
    long deleteVersion(DocumentRef version);

    /** Runs a search; hits are best first, at most {@code request.limit()}, all of the request's tenant. */
    List<SearchHit> search(SearchRequest request);

    /** The number of chunks stored for a tenant. */
    long count(String tenant);
}
