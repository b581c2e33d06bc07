package dev.quarry.weaviate;

import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.testing.DocumentStatusStoreContractTest;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The status-store contract on a real Weaviate in a container (skipped, with the reason, where no Docker engine
 * exists). Every assertion lives in {@link DocumentStatusStoreContractTest}; tenants are unique per test, so all
 * tests share one set of collections. The exact requests on the wire are {@code
 * WeaviateDocumentStatusStoreWireTest}'s.
 */
@ExtendWith(DockerEngine.class)
class WeaviateDocumentStatusStoreContainerTest extends DocumentStatusStoreContractTest {

    @Override
    protected DocumentStatusStore createStore(String namespace) {
        return WeaviateDocumentStatusStore.open(WeaviateServer.settings()
                .withCollections("ContractChunk", "ContractDocumentStatus", "ContractDocumentPart"));
    }
}
