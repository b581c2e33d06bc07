package dev.quarry.query;

import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordConfig;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.embedded.store.InMemoryAnswerCache;
import dev.quarry.embedded.store.JsonDocumentStatusStore;
import dev.quarry.models.embed.EmbeddingConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The stores the query tests run on, in place of the function's Weaviate index and status store and its Redis
 * cache (off in tests): the embedded stand-ins, a test-scope dependency only, in a fresh directory per start.
 */
@Singleton
public class TestStores {

    private final Path dataDir;

    TestStores() throws IOException {
        dataDir = Files.createTempDirectory("quarry-query-test-data");
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    LuceneChunkIndex index(EmbeddingConfig embedding, KeywordConfig keyword) {
        return new LuceneChunkIndex(LuceneIndexConfig.onDisk(
                dataDir.resolve("index"),
                OnnxEmbedder.DIMENSION,
                new IndexSignature(embedding.toOptions().fingerprint(), keyword.analyzer()),
                "delete " + dataDir.resolve("index")));
    }

    void closeIndex(@Disposes LuceneChunkIndex index) {
        index.close();
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    DocumentStatusStore statuses() {
        return new JsonDocumentStatusStore(dataDir.resolve("status.json"));
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    AnswerCache cache(Clock clock) {
        return new InMemoryAnswerCache(10_000, Duration.ofHours(24), clock);
    }
}
