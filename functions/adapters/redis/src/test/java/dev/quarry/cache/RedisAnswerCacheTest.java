package dev.quarry.cache;

import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.core.QuarryException;
import dev.quarry.core.port.Reranker;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.query.QueryResult.CacheStatus;
import dev.quarry.core.query.QueryResult.Timings;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.quarry.testing.AnswerCacheContractTest.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis answer cache against a real, private redis-server. */
class RedisAnswerCacheTest {

    private static final int DIM = 384;
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

    static Redis client(int port) {
        return server.client(port);
    }

    private static RedisAnswerCache cache(CacheSettings settings) {
        // No online sampling here: a sampled would-be hit is a miss by design, which would make these flaky.
        return new RedisAnswerCache(
                redis, settings.withVerifySampleRate(0), Clock.systemUTC(), TestVerifiers.verifier());
    }

    private static RedisAnswerCache cache() {
        return cache(CacheSettings.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1)));
    }

    /** A tenant no other test uses, so tests share the server without seeing each other's entries. */
    private static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    private static CacheKey key(RedisAnswerCache cache, String tenant, String question, float[] vector) {
        return new CacheKey(
                tenant, cache.corpusGeneration(tenant), CacheKey.normalize(question), "topK=5;answer=true", vector);
    }

    static float[] randomUnit(long seed) {
        Random random = new Random(seed);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return normalise(v);
    }

    /** A vector at roughly the given cosine similarity to {@code base}. */
    static float[] near(float[] base, double similarity, long seed) {
        float[] noise = randomUnit(seed);
        double dot = 0;
        for (int i = 0; i < DIM; i++) {
            dot += noise[i] * base[i];
        }
        float[] orthogonal = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            orthogonal[i] = (float) (noise[i] - dot * base[i]);
        }
        orthogonal = normalise(orthogonal);
        double sin = Math.sqrt(1 - similarity * similarity);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (similarity * base[i] + sin * orthogonal[i]);
        }
        return v;
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    @Test
    void should_serve_the_same_normalised_question_from_the_exact_path() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(1);
        cache.store(key(cache, tenant, "What is BM25?", v), result("a ranking function"));

        Optional<QueryResult> hit = cache.lookup(key(cache, tenant, "what  is bm25", v));

        assertThat(hit).isPresent();
        assertThat(hit.get().cache()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.get().answer().text()).isEqualTo("a ranking function");
        assertThat(hit.get().hits()).hasSize(1);
        assertThat(hit.get().hits().get(0).rerankScore()).isEqualTo(0.9);
        assertThat(hit.get().reranked()).isTrue();
        assertThat(hit.get().timings()).isEqualTo(Timings.NONE);
    }

    @Test
    void should_not_serve_an_answer_computed_with_other_parameters() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(2);
        cache.store(key(cache, tenant, "What is BM25?", v), result("a ranking function"));

        CacheKey other = new CacheKey(tenant, cache.corpusGeneration(tenant), "what is bm25", "topK=10;answer=true", v);

        assertThat(cache.lookup(other)).isEmpty();
    }

    @Test
    void should_serve_a_paraphrase_above_the_threshold_from_the_semantic_path() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(3);
        cache.store(key(cache, tenant, "What is the capital of France?", v), result("Paris"));

        Optional<QueryResult> hit =
                cache.lookup(key(cache, tenant, "Which city is France's capital?", near(v, 0.95, 33)));

        assertThat(hit).map(r -> r.answer().text()).contains("Paris");
    }

    @Test
    void should_answer_without_the_cache_when_the_pair_model_fails_on_a_lookup() {
        // given weights that read a pair model, and a pair model that fails when it runs
        Reranker failing = (query, passages) -> {
            throw new QuarryException.Permanent(QuarryException.Reason.MODEL_FAILED, "the pair model run failed");
        };
        RedisAnswerCache cache = new RedisAnswerCache(
                redis,
                CacheSettings.defaults()
                        .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                        .withVerifySampleRate(0),
                Clock.systemUTC(),
                Optional.of(new HitVerifier(
                        TestVerifiers.pairModelWeights("test-embedder", "ab".repeat(32)),
                        CacheSettings.DEFAULT_MAX_FALSE_HIT_RATE,
                        failing)));
        String tenant = tenant();
        float[] v = randomUnit(35);
        cache.store(key(cache, tenant, "What is the capital of France?", v), result("Paris"));

        // when a paraphrase is looked up
        QueryResult r = cache.lookupOrCompute(
                key(cache, tenant, "Which city is France's capital?", near(v, 0.95, 36)), () -> result("computed"));

        // then the query is answered fresh and says the cache was bypassed, instead of failing
        assertThat(r.cache()).isEqualTo(CacheStatus.BYPASS);
        assertThat(r.answer().text()).isEqualTo("computed");
    }

    @Test
    void should_miss_a_paraphrase_below_the_threshold() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(4);
        cache.store(key(cache, tenant, "What is the capital of France?", v), result("Paris"));

        assertThat(cache.lookup(key(cache, tenant, "Which city is France's capital?", near(v, 0.80, 44))))
                .isEmpty();
    }

    @Test
    void should_reject_near_misses_the_verifier_judges_different_even_at_similarity_one() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(5);
        cache.store(key(cache, tenant, "What is the capital of France?", v), result("Paris"));
        cache.store(key(cache, tenant, "How many vacation days do employees get after 3 years?", v), result("25"));
        cache.store(key(cache, tenant, "What was revenue in March 2023?", v), result("1M"));
        cache.store(key(cache, tenant, "Which plans include SSO?", v), result("Enterprise"));

        assertThat(cache.lookup(key(cache, tenant, "What is the capital of Germany?", v)))
                .isEmpty();
        assertThat(cache.lookup(key(cache, tenant, "How many vacation days do employees get after 5 years?", v)))
                .isEmpty();
        assertThat(cache.lookup(key(cache, tenant, "What was revenue in April 2023?", v)))
                .isEmpty();
        assertThat(cache.lookup(key(cache, tenant, "Which plans do not include SSO?", v)))
                .isEmpty();
        assertThat(cache.metrics().snapshot().verifierRejections()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void should_judge_only_the_nearest_candidate_and_never_serve_a_farther_one_in_its_place() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(9);
        cache.store(key(cache, tenant, "What was revenue in March 2023?", v), result("1M"));
        cache.store(key(cache, tenant, "What was the revenue in April 2023?", near(v, 0.93, 91)), result("2M"));

        // Nearest: the March entry (cosine ~0.99), rejected for its date; the April entry agrees in every word
        // but is farther, and is not served instead.
        assertThat(cache.lookup(key(cache, tenant, "What was revenue in April 2023", near(v, 0.99, 92))))
                .isEmpty();
        assertThat(cache.metrics().snapshot().verifierRejections()).isEqualTo(1);
    }

    @Test
    void should_tighten_an_entry_whose_sampled_hits_disagree_with_fresh_answers() {
        CacheSettings settings = CacheSettings.defaults().withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1));
        RedisAnswerCache sampling = new RedisAnswerCache(
                redis, settings.withVerifySampleRate(1.0), Clock.systemUTC(), TestVerifiers.verifier());
        RedisAnswerCache serving = cache(settings);
        String tenant = tenant();
        float[] v = randomUnit(10);
        sampling.store(key(sampling, tenant, "What is the capital of France?", v), result("Paris"));
        CacheKey probe = key(serving, tenant, "capital of France?", near(v, 0.95, 103));
        assertThat(serving.lookup(probe)).as("served before any check").isPresent();

        List<String> paraphrases = List.of("Which city is France's capital?", "Which city is the capital of France?");
        for (int i = 0; i < 2; i++) {
            CacheKey paraphrase = key(sampling, tenant, paraphrases.get(i), near(v, 0.95, 101 + i));
            QueryResult answered = sampling.lookupOrCompute(paraphrase, () -> result("Lyon"));
            assertThat(answered.cache())
                    .as("a sampled would-be hit is computed fresh")
                    .isEqualTo(CacheStatus.MISS);
        }

        assertThat(sampling.onlineChecks()).containsExactly(2, 2, 2);
        assertThat(serving.lookup(probe))
                .as("the entry now serves only closer paraphrases")
                .isEmpty();
        assertThat(serving.lookup(key(serving, tenant, "capital of France", near(v, 0.999, 104))))
                .isPresent();
    }

    @Test
    void should_not_serve_answers_of_an_older_corpus_generation() {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(7);
        long before = cache.corpusGeneration(tenant);
        cache.store(key(cache, tenant, "What is BM25?", v), result("old answer"));

        new RedisCorpusVersion(redis, Duration.ofSeconds(1)).bump(tenant);

        assertThat(cache.corpusGeneration(tenant)).isEqualTo(before + 1);
        assertThat(cache.lookup(key(cache, tenant, "What is BM25?", v))).isEmpty();
        assertThat(cache.lookup(key(cache, tenant, "what is bm25", near(v, 0.99, 77))))
                .isEmpty();
    }

    @Test
    void should_expire_entries_after_the_ttl() throws InterruptedException {
        RedisAnswerCache cache = cache(CacheSettings.defaults()
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                .withTtl(Duration.ofMillis(300)));
        String tenant = tenant();
        float[] v = randomUnit(8);
        cache.store(key(cache, tenant, "What is BM25?", v), result("a ranking function"));
        assertThat(cache.lookup(key(cache, tenant, "What is BM25?", v))).isPresent();

        Thread.sleep(600);

        assertThat(cache.lookup(key(cache, tenant, "What is BM25?", v))).isEmpty();
    }

    @Test
    void should_keep_at_most_the_entry_cap_per_tenant_dropping_the_oldest() throws InterruptedException {
        RedisAnswerCache cache = cache(CacheSettings.defaults()
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                .withCaps(3, 256 * 1024));
        String tenant = tenant();
        for (int i = 0; i < 5; i++) {
            cache.store(key(cache, tenant, "question number " + i, randomUnit(100 + i)), result("answer " + i));
            Thread.sleep(2); // distinct store times order the eviction
        }

        assertThat(cache.lookup(key(cache, tenant, "question number 0", randomUnit(100))))
                .isEmpty();
        assertThat(cache.lookup(key(cache, tenant, "question number 1", randomUnit(101))))
                .isEmpty();
        for (int i = 2; i < 5; i++) {
            assertThat(cache.lookup(key(cache, tenant, "question number " + i, randomUnit(100 + i))))
                    .as("entry %d", i)
                    .isPresent();
        }
    }

    @Test
    void should_not_store_an_answer_larger_than_the_value_cap() {
        RedisAnswerCache cache = cache(CacheSettings.defaults()
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                .withCaps(100, 2_000));
        String tenant = tenant();
        float[] v = randomUnit(9);
        cache.store(key(cache, tenant, "short", v), result("small"));
        cache.store(key(cache, tenant, "long", randomUnit(10)), result("x".repeat(5_000)));

        assertThat(cache.lookup(key(cache, tenant, "short", v))).isPresent();
        assertThat(cache.lookup(key(cache, tenant, "long", randomUnit(10)))).isEmpty();
    }

    @Test
    void should_store_nothing_and_answer_nothing_when_mode_is_off() {
        RedisAnswerCache cache = cache(CacheSettings.defaults().withMode(CacheMode.OFF));
        String tenant = tenant();
        float[] v = randomUnit(11);
        cache.store(key(cache, tenant, "What is BM25?", v), result("a ranking function"));

        assertThat(cache.lookup(key(cache, tenant, "What is BM25?", v))).isEmpty();
    }

    @Test
    void should_answer_only_identical_questions_in_exact_mode() {
        RedisAnswerCache cache = cache(CacheSettings.defaults()
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(1))
                .withMode(CacheMode.EXACT));
        String tenant = tenant();
        float[] v = randomUnit(12);
        cache.store(key(cache, tenant, "What is the capital of France?", v), result("Paris"));

        assertThat(cache.lookup(key(cache, tenant, "what is the capital of france", v)))
                .isPresent();
        assertThat(cache.lookup(key(cache, tenant, "Which city is France's capital?", v)))
                .isEmpty();
    }

    @Test
    void should_compute_once_when_identical_misses_arrive_together() throws Exception {
        RedisAnswerCache cache = cache();
        String tenant = tenant();
        float[] v = randomUnit(13);
        CacheKey key = key(cache, tenant, "What is BM25?", v);
        AtomicInteger computations = new AtomicInteger();
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<QueryResult>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit((Callable<QueryResult>) () -> {
                    start.await();
                    return cache.lookupOrCompute(key, () -> {
                        computations.incrementAndGet();
                        sleep(300);
                        return result("computed");
                    });
                }));
            }
            start.countDown();
            List<CacheStatus> statuses = new ArrayList<>();
            for (Future<QueryResult> f : futures) {
                QueryResult r = f.get();
                assertThat(r.answer().text()).isEqualTo("computed");
                statuses.add(r.cache());
            }

            assertThat(computations).hasValue(1);
            assertThat(statuses).containsOnlyOnce(CacheStatus.MISS);
            assertThat(statuses).filteredOn(s -> s == CacheStatus.HIT).hasSize(callers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_bump_generations_or_fail_loudly_rather_than_lose_a_corpus_change() throws Exception {
        try (RedisTestServer own = RedisTestServer.start()) {
            Redis client = client(own.port());
            RedisCorpusVersion versions = new RedisCorpusVersion(client, Duration.ofMillis(200));
            own.kill();

            assertThatThrownBy(() -> versions.bump("acme"))
                    .isInstanceOf(QuarryException.Transient.class)
                    .hasMessageContaining("retry");
            client.close();
        }
    }

    @Test
    void should_bypass_while_redis_is_down_and_recover_when_it_is_back() throws Exception {
        try (RedisTestServer own = RedisTestServer.start()) {
            Redis client = client(own.port());
            RedisAnswerCache cache = new RedisAnswerCache(
                    client,
                    CacheSettings.defaults().withTimeouts(Duration.ofMillis(200), Duration.ofMillis(500)),
                    Clock.systemUTC(),
                    TestVerifiers.verifier());
            String tenant = tenant();
            float[] v = randomUnit(14);
            CacheKey key = key(cache, tenant, "What is BM25?", v);
            assertThat(cache.lookupOrCompute(key, () -> result("first")).cache())
                    .isEqualTo(CacheStatus.MISS);
            assertThat(cache.lookupOrCompute(key, () -> result("again")).cache())
                    .isEqualTo(CacheStatus.HIT);

            own.kill();

            AtomicInteger computed = new AtomicInteger();
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                CacheKey during = key(cache, tenant, "What is BM25?", v);
                QueryResult r = cache.lookupOrCompute(during, () -> {
                    computed.incrementAndGet();
                    return result("without cache");
                });
                assertThat(r.cache()).isEqualTo(CacheStatus.BYPASS);
                assertThat(r.answer().text()).isEqualTo("without cache");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(computed).hasValue(5);
            long errorsWhileOpen = cache.metrics().snapshot().errors();
            // The breaker is open: further queries do not touch Redis at all.
            cache.lookupOrCompute(key(cache, tenant, "What is BM25?", v), () -> result("x"));
            assertThat(cache.metrics().snapshot().errors()).isEqualTo(errorsWhileOpen);

            own.restart();
            Thread.sleep(600); // past breaker-open: the next call is the probe

            QueryResult recovered = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                recovered = cache.lookupOrCompute(key(cache, tenant, "What is BM25?", v), () -> result("fresh"));
                if (recovered.cache() != CacheStatus.BYPASS) {
                    break;
                }
                Thread.sleep(600);
            }
            assertThat(recovered.cache()).isEqualTo(CacheStatus.MISS); // the restarted server is empty
            assertThat(cache.lookupOrCompute(key(cache, tenant, "What is BM25?", v), () -> result("x"))
                            .cache())
                    .isEqualTo(CacheStatus.HIT);
            client.close();
        }
    }

    @Test
    void should_bypass_a_slow_redis_within_the_timeout() throws Exception {
        try (RedisTestServer own = RedisTestServer.start();
                DelayingProxy proxy = new DelayingProxy(own.port())) {
            Redis client = client(proxy.port());
            RedisAnswerCache cache = new RedisAnswerCache(
                    client,
                    CacheSettings.defaults().withTimeouts(Duration.ofMillis(50), Duration.ofSeconds(30)),
                    Clock.systemUTC(),
                    TestVerifiers.verifier());
            String tenant = tenant();
            float[] v = randomUnit(15);
            CacheKey key = key(cache, tenant, "What is BM25?", v);
            cache.store(key, result("cached"));
            assertThat(cache.lookupOrCompute(key, () -> result("x")).cache()).isEqualTo(CacheStatus.HIT);

            proxy.delay(3000);

            long start = System.nanoTime();
            QueryResult r = cache.lookupOrCompute(key, () -> result("without cache"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.cache()).isEqualTo(CacheStatus.BYPASS);
            assertThat(r.answer().text()).isEqualTo("without cache");
            // The lookup gave up after its 50 ms budget, long before Redis (3 s) answered; the bound leaves room
            // for a loaded CI machine without letting a lookup that waited for Redis pass.
            assertThat(took).isLessThan(Duration.ofMillis(1500));
            client.close();
        }
    }

    @Test
    void should_keep_the_lsh_path_when_the_server_has_no_vector_search() {
        RedisAnswerCache cache = cache();
        boolean available = cache.serverHasVectorSearch();

        assertThat(cache.useServerVectorSearch()).isEqualTo(available);
        if (!available) {
            assertThat(cache.usingServerVectorSearch()).isFalse();
        }
    }

    @Test
    void should_serve_paraphrases_and_reject_near_misses_through_server_side_vector_search() {
        RedisAnswerCache cache = cache();
        // Redis 7.0 (Debian) has no FT.* commands; Valkey 8.2+ with valkey-search or Redis Stack do.
        org.junit.jupiter.api.Assumptions.assumeTrue(
                cache.useServerVectorSearch(),
                "server-side vector search (FT.*) not available on this redis-server: FT path not exercised");
        String tenant = tenant();
        float[] v = randomUnit(16);
        cache.store(key(cache, tenant, "What is the capital of France?", v), result("Paris"));

        assertThat(cache.lookup(key(cache, tenant, "Which city is France's capital?", near(v, 0.95, 161))))
                .map(r -> r.answer().text())
                .contains("Paris");
        assertThat(cache.lookup(key(cache, tenant, "What is the capital of Germany?", v)))
                .isEmpty();
        assertThat(cache.lookup(key(cache, tenant(), "Which city is France's capital?", near(v, 0.95, 161))))
                .as("other tenant")
                .isEmpty();
        assertThat(cache.usingServerVectorSearch()).as("no fallback to LSH").isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
