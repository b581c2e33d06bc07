package dev.quarry.weaviate;

import dev.quarry.core.embed.EmbeddingConfig;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The production chunk index and status store for any Quarkus function that depends on this module: active
 * only in the {@code prod} build profile, where these beans win over a function's {@code @DefaultBean}
 * embedded stand-ins (Lucene, JSON file). One client connection is shared by both. Beans are created on
 * first use, so a function that never touches the index never connects.
 */
@IfBuildProfile("prod")
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
    ChunkIndex chunkIndex(WeaviateConnection connection, EmbeddingConfig embedding, KeywordConfig keyword) {
        return new WeaviateChunkIndex(
                connection, new IndexSignature(embedding.toOptions().fingerprint(), keyword.analyzer()));
    }

    @Produces
    @Singleton
    DocumentStatusStore documentStatuses(WeaviateConnection connection) {
        return new WeaviateDocumentStatusStore(connection);
    }
}
