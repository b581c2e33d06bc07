package dev.quarry.local;

import dev.quarry.cache.CacheConfig;
import dev.quarry.cache.RedisCacheBeans;
import dev.quarry.cache.RedisCorpusVersion;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.AnswerGenerator;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordConfig;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.embedded.store.InMemoryAnswerCache;
import dev.quarry.embedded.store.InMemoryCorpusVersion;
import dev.quarry.embedded.store.JsonDocumentStatusStore;
import dev.quarry.embedded.store.LocalDocumentSource;
import dev.quarry.ingestion.IngestPipeline;
import dev.quarry.models.embed.EmbeddingConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.rerank.CrossEncoderReranker;
import dev.quarry.models.rerank.RerankConfig;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Wires the embedded default: every core component with its local adapter, built from the {@code
 * quarry.*} configuration. Beans are created on first use, so {@code quarry status} loads no model. The
 * answer cache is Redis when {@code quarry.cache.enabled=true} (built by functions/adapters/redis), the embedded
 * in-memory cache otherwise; it is an {@code @Alternative} so it takes the place of the deployed functions'
 * cache bean ({@code RedisCacheBeans}, no cache when disabled).
 */
public class QuarryBeans {

    @Produces
    @Singleton
    LuceneChunkIndex index(LocalConfig config, EmbeddingConfig embedding, KeywordConfig keyword) {
        return new LuceneChunkIndex(LuceneIndexConfig.onDisk(
                config.dataDir().resolve("index"),
                OnnxEmbedder.DIMENSION,
                new IndexSignature(embedding.toOptions().fingerprint(), keyword.analyzer()),
                "./quarry ingest --reindex PATH…"));
    }

    void closeIndex(@Disposes LuceneChunkIndex index) {
        index.close();
    }

    @Produces
    @Singleton
    LocalDocumentSource documents(LocalConfig config) {
        return new LocalDocumentSource(config.dataDir().resolve("documents"));
    }

    @Produces
    @Singleton
    DocumentStatusStore statuses(LocalConfig config) {
        return new JsonDocumentStatusStore(config.dataDir().resolve("status.json"));
    }

    /** Corpus versions in Redis with the Redis cache, else in this process, shared by cache and ingestion. */
    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    CorpusVersion corpusVersion(CacheConfig config, Instance<Redis> redis) {
        return config.enabled() ? new RedisCorpusVersion(redis.get(), config.timeout()) : new InMemoryCorpusVersion();
    }

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    AnswerCache answerCache(
            CacheConfig config,
            Instance<Redis> redis,
            Instance<Embedder> embedders,
            Clock clock,
            CorpusVersion versions) {
        return config.enabled()
                ? RedisCacheBeans.redis(config, redis, embedders, clock, versions)
                : new InMemoryAnswerCache(config.maxEntriesPerTenant(), config.ttl(), clock, versions);
    }

    @Produces
    @Singleton
    Optional<CrossEncoderReranker> reranker(RerankConfig config) {
        return CrossEncoderReranker.fromConfig(config);
    }

    void closeReranker(@Disposes Optional<CrossEncoderReranker> reranker) {
        reranker.ifPresent(CrossEncoderReranker::close);
    }

    @Produces
    @Singleton
    QueryPipeline queryPipeline(
            // The index first: it opens while `quarry ask` still loads the embedder in the background (AskWarmup).
            LuceneChunkIndex index,
            OnnxEmbedder embedder,
            Optional<CrossEncoderReranker> reranker,
            AnswerCache cache,
            Optional<AnswerGenerator> generator,
            RerankConfig rerank) {
        Embedder e = embedder;
        ChunkIndex i = index;
        return new QueryPipeline(
                e,
                i,
                reranker.map(Reranker.class::cast),
                cache,
                generator,
                rerank.minScore().map(OptionalDouble::of).orElse(OptionalDouble.empty()));
    }

    @Produces
    @Singleton
    LocalIngestor ingestor(
            LocalDocumentSource documents,
            IngestPipeline pipeline,
            DocumentStatusStore statuses,
            LocalConfig config,
            Clock clock) {
        return new LocalIngestor(documents, pipeline, statuses, config, clock);
    }
}
