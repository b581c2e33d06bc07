package dev.quarry.cache;

import dev.quarry.core.port.CorpusVersion;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The corpus versions ingestion bumps and the answer cache keys on: in Redis ({@link RedisCorpusVersion}, shared
 * by every function of the deployment) when {@code quarry.cache.enabled}, otherwise none ({@link
 * CorpusVersion#NONE}: without a cache nothing keys on it). The local application wires an in-memory one,
 * shared by its in-memory cache and its ingestion. An ingest function injects only this, never the cache.
 */
public class CorpusVersionBeans {

    @Produces
    @Singleton
    CorpusVersion corpusVersion(CacheConfig config, Instance<Redis> redis) {
        if (!config.enabled()) {
            return CorpusVersion.NONE;
        }
        return new RedisCorpusVersion(redis.get(), config.timeout());
    }
}
