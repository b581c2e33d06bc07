package dev.quarry.cache;

import dev.quarry.core.port.CorpusVersion;
import dev.quarry.embedded.store.InMemoryCorpusVersion;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The corpus versions ingestion bumps and the answer cache keys on: in Redis ({@link RedisCorpusVersion}, shared
 * by every function of the deployment) when {@code quarry.cache.enabled}, otherwise in this process's memory,
 * where the in-memory cache lives too. An ingest function injects only this, never the cache.
 */
public class CorpusVersionBeans {

    @Produces
    @Singleton
    CorpusVersion corpusVersion(CacheConfig config, Instance<Redis> redis) {
        if (!config.enabled()) {
            return new InMemoryCorpusVersion();
        }
        return new RedisCorpusVersion(redis.get(), config.timeout());
    }
}
