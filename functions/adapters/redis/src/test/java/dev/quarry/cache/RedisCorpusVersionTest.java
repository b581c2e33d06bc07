package dev.quarry.cache;

import dev.quarry.core.port.CorpusVersion;
import dev.quarry.testing.CorpusVersionContractTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The corpus-version contract on a real {@code redis-server} ({@link RedisTestServer}). Every assertion lives in
 * {@link CorpusVersionContractTest}; failing loudly when Redis is gone is in {@link RedisAnswerCacheTest}.
 */
class RedisCorpusVersionTest extends CorpusVersionContractTest {

    private static RedisTestServer server;
    private static Vertx vertx;
    private static Redis redis;

    @BeforeAll
    static void startRedis() {
        server = RedisTestServer.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + server.port()));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
        vertx.closeAndAwait();
        server.close();
    }

    @Override
    protected CorpusVersion createVersions() {
        return new RedisCorpusVersion(redis, Duration.ofSeconds(1));
    }
}
