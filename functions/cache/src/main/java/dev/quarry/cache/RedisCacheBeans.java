package dev.quarry.cache;

import dev.quarry.core.port.AnswerCache;
import dev.quarry.embedded.store.InMemoryAnswerCache;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * The answer cache of a function that depends on this module: {@link RedisAnswerCache} on the client
 * the Quarkus Redis extension configures ({@code quarkus.redis.hosts}) when {@code quarry.cache.enabled},
 * otherwise a bounded in-memory cache with the same TTL. Redis is not touched when the cache is off.
 */
public class RedisCacheBeans {

    private static final Logger LOG = Logger.getLogger(RedisCacheBeans.class);

    @Produces
    @Singleton
    AnswerCache answerCache(CacheConfig config, Instance<Redis> redis, Clock clock) {
        if (!config.enabled()) {
            return new InMemoryAnswerCache(config.maxEntriesPerTenant(), config.ttl(), clock);
        }
        RedisAnswerCache cache = new RedisAnswerCache(redis.get(), config.toSettings(), clock);
        boolean used = config.serverVectorSearch() && cache.useServerVectorSearch();
        boolean available = used || (!config.serverVectorSearch() && cache.serverHasVectorSearch());
        LOG.infof(
                "answer cache: Redis, mode=%s threshold=%.2f ttl=%s timeout=%s; server-side vector search %s,"
                        + " semantic candidates from %s",
                config.mode(),
                config.threshold(),
                config.ttl(),
                config.timeout(),
                available ? "available" : "not available or not asked",
                used ? "FT.SEARCH" : "LSH buckets");
        return cache;
    }
}
