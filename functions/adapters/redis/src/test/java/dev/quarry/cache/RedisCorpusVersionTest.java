package dev.quarry.cache;

import dev.quarry.core.port.CorpusVersion;
import dev.quarry.testing.CorpusVersionContractTest;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The corpus-version contract on a real {@code redis-server} ({@link RedisTestServer}). Every assertion lives in
 * {@link CorpusVersionContractTest}; failing loudly when Redis is gone is in {@link RedisAnswerCacheTest}.
 */
class RedisCorpusVersionTest extends CorpusVersionContractTest {

    private static RedisTestClient server;
    private static Redis redis;

    @BeforeAll
    static void startRedis() {
        server = RedisTestClient.start();
        redis = server.redis();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Override
    protected CorpusVersion createVersions() {
        return new RedisCorpusVersion(redis, Duration.ofSeconds(1));
    }
}
