package dev.quarry.cache;

import dev.quarry.core.model.AdversarialTenants;
import dev.quarry.core.model.AdversarialTenants.Pair;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.query.CacheKey;
import dev.quarry.testing.AnswerCacheContractTest;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static dev.quarry.core.model.AdversarialTenants.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property, against a real redis-server: for generated pairs of adversarial tenant spellings ({@link
 * AdversarialTenants}), an answer cached for the first is never served to the second (same question, same
 * vector), and a corpus change of the second never moves the first's generation. A spelling outside the
 * canonical form is refused with {@code INVALID_TENANT}. The seed is printed; rerun one with {@code
 * -Dquarry.tenant-seed=...}.
 */
class TenantIsolationPropertyTest {

    private static final long SEED = Long.getLong("quarry.tenant-seed", System.nanoTime());
    private static final int PAIRS = 200;
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

    @Test
    void should_never_serve_one_tenant_spelling_another_tenants_cached_answer() {
        System.out.println("tenant isolation (Redis cache): seed " + SEED + ", " + PAIRS + " pairs");
        RedisAnswerCache cache = new RedisAnswerCache(
                redis,
                // Generous budgets: a lookup that timed out would come back empty and pass an isolation check
                // without testing it, and a loaded machine would fail the owner's checks.
                CacheSettings.defaults()
                        .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
                        .withVerifySampleRate(0),
                Clock.systemUTC(),
                TestVerifiers.verifier());
        RedisCorpusVersion versions = new RedisCorpusVersion(redis, Duration.ofSeconds(10));
        int n = 0;
        for (Pair pair : AdversarialTenants.pairs(SEED, PAIRS)) {
            String question = "how high was the tide at pier " + n++;
            float[] vector = RedisAnswerCacheTest.randomUnit(n);
            if (!Tenants.isCanonical(pair.owner())) {
                assertRefused(() -> cache.corpusGeneration(pair.owner()), pair);
                assertRefused(() -> new CacheKey(pair.owner(), 0, question, "p", vector), pair);
                continue;
            }
            long ownerGeneration = cache.corpusGeneration(pair.owner());
            CacheKey owned = new CacheKey(pair.owner(), ownerGeneration, CacheKey.normalize(question), "p", vector);
            cache.store(owned, AnswerCacheContractTest.result("the owner's answer " + n));
            assertThat(cache.lookup(owned)).as("the owner's own entry: " + pair).isPresent();
            String other = pair.other();
            if (!Tenants.isCanonical(other)) {
                assertRefused(() -> cache.corpusGeneration(other), pair);
                assertRefused(() -> versions.bump(other), pair);
                assertRefused(
                        () -> new CacheKey(other, ownerGeneration, CacheKey.normalize(question), "p", vector), pair);
                continue;
            }
            for (long generation : new long[] {ownerGeneration, cache.corpusGeneration(other)}) {
                CacheKey probe = new CacheKey(other, generation, CacheKey.normalize(question), "p", vector);
                assertThat(cache.lookup(probe)).as(pair.toString()).isEmpty();
            }
            versions.bump(other);
            assertThat(cache.corpusGeneration(pair.owner())).as(pair.toString()).isEqualTo(ownerGeneration);
            assertThat(cache.lookup(owned))
                    .as("still cached for the owner: " + pair)
                    .isPresent();
        }
    }
}
