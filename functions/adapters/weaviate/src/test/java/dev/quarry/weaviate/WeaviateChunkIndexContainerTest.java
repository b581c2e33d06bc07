package dev.quarry.weaviate;

import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.testing.ChunkIndexContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The full chunk-index contract on a real Weaviate in a container (skipped, with the reason, where no Docker
 * engine exists). Every assertion lives in {@link ChunkIndexContractTest}; tenants are unique per test, so
 * all tests share one collection.
 */
@ExtendWith(DockerEngine.class)
class WeaviateChunkIndexContainerTest extends ChunkIndexContractTest {

    @Override
    protected ChunkIndex createIndex(String namespace) {
        return WeaviateChunkIndex.open(
                WeaviateServer.settings()
                        .withCollections("ContractChunk", "ContractDocumentStatus", "ContractDocumentPart"),
                new IndexSignature("vectors-" + DIMENSION, KeywordAnalyzer.ENGLISH));
    }
}
