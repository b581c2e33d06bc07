package dev.quarry.embedded.index;

import dev.quarry.core.port.ChunkIndex;
import dev.quarry.testing.ChunkIndexContractTest;

/**
 * The chunk-index contract on a Lucene index held in memory. Every assertion lives in {@link
 * ChunkIndexContractTest}; this class should only supply the index.
 */
class InMemoryLuceneChunkIndexTest extends ChunkIndexContractTest {

    @Override
    protected ChunkIndex createIndex(String namespace) {
        return new LuceneChunkIndex(LuceneIndexConfig.inMemory(DIMENSION));
    }
}
