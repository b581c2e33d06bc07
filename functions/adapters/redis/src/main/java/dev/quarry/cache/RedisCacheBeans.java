package dev.quarry.cache;

import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.cache.verify.PairModels;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.core.QuarryException;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.Embedder;
import dev.quarry.core.port.Reranker;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The answer cache of a function that depends on this module: {@link RedisAnswerCache} on the client
 * the Quarkus Redis extension configures ({@code quarkus.redis.hosts}) when {@code quarry.cache.enabled},
 * otherwise no cache ({@link AnswerCache#NONE}). Both key on the {@link CorpusVersion} of {@link
 * CorpusVersionBeans}. Redis is not touched when the cache is off. The local application wires its own
 * in-memory cache for that case and builds the Redis one with {@link #redis}.
 */
public class RedisCacheBeans {

    private static final Logger LOG = Logger.getLogger(RedisCacheBeans.class);
    /** Two generated answers agree when their embeddings are at least this alike. */
    static final double ANSWERS_AGREE_FROM = 0.90;

    @Produces
    @Singleton
    AnswerCache answerCache(
            CacheConfig config,
            Instance<Redis> redis,
            Instance<Embedder> embedders,
            Clock clock,
            CorpusVersion versions) {
        return config.enabled() ? redis(config, redis, embedders, clock, versions) : AnswerCache.NONE;
    }

    /** The Redis answer cache {@code config} describes, with the hit verifier shipped for the embedder. */
    public static AnswerCache redis(
            CacheConfig config,
            Instance<Redis> redis,
            Instance<Embedder> embedders,
            Clock clock,
            CorpusVersion versions) {
        CacheSettings settings = config.toSettings();
        Optional<Embedder> embedder = embedders.isResolvable() ? Optional.of(embedders.get()) : Optional.empty();
        Optional<HitVerifier> verifier = embedder.flatMap(e -> verifier(config, e.id()));
        AnswerComparator comparator = embedder.map(e -> AnswerComparator.byEmbedding(e, ANSWERS_AGREE_FROM))
                .orElse(AnswerComparator.EXACT);
        RedisAnswerCache cache = new RedisAnswerCache(redis.get(), settings, clock, verifier, comparator, versions);
        boolean used = config.serverVectorSearch() && cache.useServerVectorSearch();
        boolean available = used || (!config.serverVectorSearch() && cache.serverHasVectorSearch());
        LOG.infof(
                "answer cache: Redis, mode=%s max-false-hit-rate=%.3f verifier=%s ttl=%s timeout=%s;"
                        + " server-side vector search %s, semantic candidates from %s",
                config.mode(),
                config.maxFalseHitRate(),
                verifier.map(v -> "weights for " + v.embedder()).orElse("none (exact hits only)"),
                config.ttl(),
                config.timeout(),
                available ? "available" : "not available or not asked",
                used ? "FT.SEARCH" : "LSH buckets");
        return cache;
    }

    /**
     * The verifier for {@code embedderId}: the operator's weights file when configured (refused when made for
     * another embedder), else the shipped weights for that embedder; none only when semantic hits are not
     * judged (mode exact or off, or the verifier switched off).
     *
     * @throws QuarryException.Permanent when semantic hits need weights and there are none for the embedder:
     *     refusing to start beats silently serving exact hits only
     */
    static Optional<HitVerifier> verifier(CacheConfig config, String embedderId) {
        Optional<VerifierModel> model;
        if (config.verifier().weights().isPresent()) {
            Path file = Path.of(config.verifier().weights().get());
            try {
                model = Optional.of(VerifierModel.read(file).requireEmbedder(embedderId));
            } catch (IOException | IllegalArgumentException e) {
                throw new QuarryException.Permanent(
                        QuarryException.Reason.MODEL_FAILED,
                        "cannot use quarry.cache.verifier.weights=" + file + ": " + e.getMessage(),
                        e);
            }
        } else {
            model = VerifierModel.shipped(embedderId);
        }
        if (model.isEmpty()
                && config.mode() == CacheMode.SEMANTIC
                && config.verifier().enabled()) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "the semantic answer cache has no hit-verifier weights for query embedder " + embedderId
                            + ": train them with quarry bench cache-train --embedder " + embedderId
                            + " --out FILE and set quarry.cache.verifier.weights=FILE, or set"
                            + " quarry.cache.mode=exact to serve identical questions only");
        }
        return model.map(m -> new HitVerifier(m, config.maxFalseHitRate(), pairModel(config, m)));
    }

    /**
     * The pair model {@code weights} were trained with, loaded from {@code quarry.cache.verifier.pair-model-dir};
     * null when they read none.
     *
     * @throws QuarryException.Permanent when the weights need a pair model and the directory is not set, holds
     *     another model or cannot be loaded, or when one is set for weights that read none
     */
    static Reranker pairModel(CacheConfig config, VerifierModel weights) {
        Optional<Path> dir = config.verifier().pairModelDir();
        if (dir.isEmpty()) {
            if (weights.needsPairScore()) {
                throw new QuarryException.Permanent(
                        QuarryException.Reason.MODEL_FAILED,
                        "the verifier weights for " + weights.embedder() + " were trained with pair model "
                                + weights.pairModel() + ": set quarry.cache.verifier.pair-model-dir to its directory");
            }
            return null;
        }
        try {
            return PairModels.open(dir.get(), weights);
        } catch (IllegalArgumentException e) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.MODEL_FAILED,
                    "cannot use quarry.cache.verifier.pair-model-dir=" + dir.get() + ": " + e.getMessage(),
                    e);
        }
    }
}
