package dev.quarry.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.AnswerGenerator;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.rerank.CrossEncoderReranker;
import dev.quarry.models.rerank.RerankConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Wires the query function: the core query pipeline over the chunk index (quarry-weaviate's {@code WeaviateBeans})
 * and the answer cache (quarry-redis's {@code RedisCacheBeans}) and the embedder (quarry-models' {@code ModelBeans}),
 * the modules this function depends on. It does not depend on quarry-ingestion, so nothing of ingestion is here.
 */
public class QueryBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
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
