package dev.quarry.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.embed.EmbeddingConfig;
import dev.quarry.core.embed.OnnxEmbedder;
import dev.quarry.core.pipeline.QueryPipeline;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.AnswerGenerator;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.rerank.CrossEncoderReranker;
import dev.quarry.core.rerank.RerankConfig;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordConfig;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.embedded.store.InMemoryAnswerCache;
import dev.quarry.embedded.store.JsonDocumentStatusStore;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Wires the query function: the core query pipeline over the chunk index, status store and answer cache. Those
 * three are {@link DefaultBean}s on the embedded stand-ins (Lucene in {@code quarry.embedded.data-dir}, a JSON
 * status file, an in-memory cache), so a bean of the same type from an adapter module (Weaviate, Redis) replaces
 * them without a change here or in the resources. The function does not ingest: core's {@code PipelineBeans}
 * (extractor, chunker, ingest pipeline) is excluded ({@code quarkus.arc.exclude-types}).
 */
public class QueryBeans {

    /** The query embedder; {@link dev.quarry.core.PipelineBeans} is excluded here, since it wires ingestion. */
    @Produces
    @Singleton
    OnnxEmbedder embedder(EmbeddingConfig config) {
        return new OnnxEmbedder(config.toOptions());
    }

    void closeEmbedder(@Disposes OnnxEmbedder embedder) {
        embedder.close();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    @DefaultBean
    ChunkIndex index(EmbeddedStoreConfig config, EmbeddingConfig embedding, KeywordConfig keyword) {
        return new LuceneChunkIndex(LuceneIndexConfig.onDisk(
                config.dataDir().resolve("index"),
                OnnxEmbedder.DIMENSION,
                new IndexSignature(embedding.toOptions().fingerprint(), keyword.analyzer()),
                "delete " + config.dataDir().resolve("index") + " and ingest the documents again"));
    }

    void closeIndex(@Disposes ChunkIndex index) throws Exception {
        if (index instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Singleton
    @DefaultBean
    DocumentStatusStore statuses(EmbeddedStoreConfig config) {
        return new JsonDocumentStatusStore(config.dataDir().resolve("status.json"));
    }

    @Produces
    @Singleton
    @DefaultBean
    AnswerCache cache(EmbeddedStoreConfig config, Clock clock) {
        return new InMemoryAnswerCache(config.cacheMaxEntries(), config.cacheTtl(), clock);
    }

    /**
     * Loaded once per container, at startup (before the first request, inside SnapStart's snapshot): a missing
     * or unreadable model directory fails the start with a message naming it, unless reranking is switched off.
     */
    @Produces
    @Singleton
    @Startup
    Optional<CrossEncoderReranker> reranker(RerankSwitch rerank, RerankConfig config) {
        if (!rerank.enabled()) {
            return Optional.empty();
        }
        if (config.modelDir().isEmpty()) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "reranking is enabled but quarry.rerank.model-dir is empty: point it at the cross-encoder"
                            + " (the model layer mounts it at /opt/models/cross-encoder) or set"
                            + " quarry.rerank.enabled=false");
        }
        return CrossEncoderReranker.fromConfig(config);
    }

    void closeReranker(@Disposes Optional<CrossEncoderReranker> reranker) {
        reranker.ifPresent(CrossEncoderReranker::close);
    }

    /**
     * Which SigV4 caller acts for which tenant; read at startup, so a malformed {@code quarry.auth.iam-tenants}
     * stops the function with the setting named instead of failing requests.
     */
    @Produces
    @Singleton
    @Startup
    IamTenants iamTenants(TenantAuthConfig config, ObjectMapper json) {
        return IamTenants.of(config.iamTenants(), config.iamTenant(), json);
    }

    @Produces
    @Singleton
    QueryPipeline queryPipeline(
            OnnxEmbedder embedder,
            ChunkIndex index,
            Optional<CrossEncoderReranker> reranker,
            AnswerCache cache,
            Optional<AnswerGenerator> generator,
            RerankConfig rerank) {
        return new QueryPipeline(
                embedder,
                index,
                reranker.map(Reranker.class::cast),
                cache,
                generator,
                rerank.minScore().map(OptionalDouble::of).orElse(OptionalDouble.empty()));
    }
}
