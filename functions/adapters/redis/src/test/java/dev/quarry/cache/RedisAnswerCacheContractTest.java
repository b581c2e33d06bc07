package dev.quarry.cache;

import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.testing.AnswerCacheContractTest;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;

/**
 * The answer-cache contract on a real {@code redis-server} ({@link RedisTestServer}), with corpus versions in the
 * same Redis and query vectors, so the semantic write path runs too. Every assertion lives in {@link
 * AnswerCacheContractTest}; semantic hits, the verifier, fail-open and the breaker are {@link
 * RedisAnswerCacheTest}'s.
 */
class RedisAnswerCacheContractTest extends AnswerCacheContractTest {

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

    @Override
    protected AnswerCache createCache(CorpusVersion versions) {
        // No online sampling: a sampled would-be hit is computed fresh by design.
        return new RedisAnswerCache(
                redis,
                CacheSettings.defaults()
                        .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                        .withVerifySampleRate(0),
                Clock.systemUTC(),
                TestVerifiers.verifier(),
                AnswerComparator.EXACT,
                versions);
    }

    @Override
    protected float[] vectorOf(String question) {
        return RedisAnswerCacheTest.randomUnit(question.hashCode());
    }
}
