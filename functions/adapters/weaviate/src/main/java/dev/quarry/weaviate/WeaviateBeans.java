package dev.quarry.weaviate;

import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.search.IndexSignature;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The chunk index and status store of any Quarkus function that depends on this module: a deployable gets
 * Weaviate by depending on quarry-weaviate, in every build profile (tests replace these beans with
 * {@code @Alternative}s of their own). One client connection is shared by both. Beans are created on first
 * use, so a function that never touches the index never connects.
 */
public class WeaviateBeans {

    @Produces
    @Singleton
    WeaviateConnection connection(WeaviateConfig config) {
        return new WeaviateConnection(config.toSettings());
    }

    void closeConnection(@Disposes WeaviateConnection connection) {
        connection.close();
    }

    @Produces
    @Singleton
    ChunkIndex chunkIndex(WeaviateConnection connection, IndexSignature signature) {
        return new WeaviateChunkIndex(connection, signature);
    }

    @Produces
    @Singleton
    DocumentStatusStore documentStatuses(WeaviateConnection connection) {
        return new WeaviateDocumentStatusStore(connection);
    }
}
