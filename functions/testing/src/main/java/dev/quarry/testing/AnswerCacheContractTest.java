package dev.quarry.testing;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Answer;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.Citation;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.query.QueryResult.CacheStatus;
import dev.quarry.core.query.QueryResult.Timings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link AnswerCache} adapter must show (in memory for the embedded default, Redis in
 * production), on exact repeats of a question: a stored answer is served for the same key, never for another
 * tenant, another parameter set or another corpus version; the generation in keys is the tenant's {@link
 * CorpusVersion}, so a bump by ingestion retires every older answer of that tenant and of no other; {@link
 * AnswerCache#lookupOrCompute} computes a miss once and serves it as a hit after. Semantic (paraphrase) hits are
 * the Redis cache's own tests. Tenants are unique per test, so subclasses may share one server.
 */
public abstract class AnswerCacheContractTest {

    private static final String PARAMETERS = "topK=5;answer=true";

    private CorpusVersion versions;
    private AnswerCache cache;
    private String tenantA;
    private String tenantB;

    /** The corpus versions the cache under test reads (the same store ingestion would bump). */
    protected abstract CorpusVersion createVersions();

    /**
     * The cache under test, keyed on {@code versions}. A cache that is {@link AutoCloseable} is closed after the
     * test.
     */
    protected abstract AnswerCache createCache(CorpusVersion versions);

    /** The query vector of a question, for caches that index vectors; identical questions get identical vectors. */
    protected float[] vectorOf(String question) {
        return null;
    }

    @BeforeEach
    void createCacheForThisTest() {
        String namespace = Namespaces.fresh();
        tenantA = namespace + "a";
        tenantB = namespace + "b";
        versions = createVersions();
        cache = createCache(versions);
    }

    @AfterEach
    void closeCache() throws Exception {
        for (Object closing : new Object[] {cache, versions}) {
            if (closing instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void should_serve_the_stored_answer_when_the_same_key_is_looked_up() {
        // given
        CacheKey key = key(tenantA, "what is bm25");
        cache.store(key, result("BM25 ranks by term frequency"));

        // when
        Optional<QueryResult> served = cache.lookup(key);

        // then
        assertThat(served).isPresent();
        assertThat(served.get().answer().text()).isEqualTo("BM25 ranks by term frequency");
        assertThat(served.get().hits()).hasSize(1);
        assertThat(served.get().hits().get(0).chunk().id())
                .isEqualTo(result("x").hits().get(0).chunk().id());
    }

    @Test
    void should_miss_when_nothing_was_stored_for_the_key() {
        // when / then
        assertThat(cache.lookup(key(tenantA, "what is bm25"))).isEmpty();
    }

    @Test
    void should_never_answer_another_tenant_when_question_and_version_are_the_same() {
        // given
        cache.store(key(tenantA, "what is bm25"), result("tenant a's answer"));

        // when / then
        assertThat(cache.lookup(key(tenantB, "what is bm25"))).isEmpty();
        assertThat(cache.lookup(new CacheKey(
                        tenantB,
                        cache.corpusGeneration(tenantA),
                        "what is bm25",
                        PARAMETERS,
                        vectorOf("what is bm25"))))
                .isEmpty();
        assertThat(cache.lookup(key(tenantA, "what is bm25"))).isPresent();
    }

    @Test
    void should_miss_when_the_parameters_differ() {
        // given
        cache.store(key(tenantA, "what is bm25"), result("five passages"));

        // when
        CacheKey other = new CacheKey(
                tenantA,
                cache.corpusGeneration(tenantA),
                "what is bm25",
                "topK=10;answer=true",
                vectorOf("what is bm25"));

        // then
        assertThat(cache.lookup(other)).isEmpty();
    }

    @Test
    void should_key_on_the_tenants_corpus_version_when_building_keys() {
        // given
        versions.bump(tenantA);
        versions.bump(tenantA);

        // when / then
        assertThat(cache.corpusGeneration(tenantA)).isEqualTo(versions.current(tenantA));
        assertThat(cache.corpusGeneration(tenantB)).isEqualTo(versions.current(tenantB));
    }

    @Test
    void should_never_serve_an_answer_of_an_older_corpus_version_when_ingestion_bumped_it() {
        // given
        long before = cache.corpusGeneration(tenantA);
        cache.store(key(tenantA, "what is bm25"), result("answer over the old corpus"));

        // when
        versions.bump(tenantA);

        // then
        assertThat(cache.corpusGeneration(tenantA)).isGreaterThan(before);
        assertThat(cache.lookup(key(tenantA, "what is bm25"))).isEmpty();
    }

    @Test
    void should_keep_other_tenants_answers_when_one_tenants_corpus_changed() {
        // given
        cache.store(key(tenantB, "what is bm25"), result("tenant b's answer"));
        long generationB = cache.corpusGeneration(tenantB);

        // when
        versions.bump(tenantA);

        // then
        assertThat(cache.corpusGeneration(tenantB)).isEqualTo(generationB);
        assertThat(cache.lookup(key(tenantB, "what is bm25"))).isPresent();
    }

    @Test
    void should_compute_a_miss_once_and_serve_it_as_a_hit_when_looked_up_or_computed() {
        // given
        AtomicInteger computed = new AtomicInteger();
        CacheKey key = key(tenantA, "what is hnsw");

        // when
        QueryResult first = cache.lookupOrCompute(key, () -> {
            computed.incrementAndGet();
            return result("a graph of nearest neighbours");
        });
        QueryResult second = cache.lookupOrCompute(key, () -> {
            computed.incrementAndGet();
            return result("computed again");
        });

        // then
        assertThat(first.cache()).isEqualTo(CacheStatus.MISS);
        assertThat(second.cache()).isEqualTo(CacheStatus.HIT);
        assertThat(second.answer().text()).isEqualTo("a graph of nearest neighbours");
        assertThat(computed).hasValue(1);
    }

    @Test
    void should_refuse_a_tenant_name_outside_the_documented_form_when_asked_its_generation() {
        // when / then
        assertThatThrownBy(() -> cache.corpusGeneration("Acme/../b"))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_TENANT));
    }

    private CacheKey key(String tenant, String question) {
        return new CacheKey(tenant, cache.corpusGeneration(tenant), question, PARAMETERS, vectorOf(question));
    }

    /** A result whose answer is {@code answerText}, citing one PDF chunk: what the cache stores in these tests. */
    public static QueryResult result(String answerText) {
        DocumentRef doc = new DocumentRef("any", "guide.pdf", "v1");
        Chunk chunk = new Chunk(Chunk.idFor(doc, 0), doc, ContentType.PDF, 1, 2, 0, List.of("Intro"), answerText);
        SearchHit hit = new SearchHit(chunk, 0.8, 0.9);
        return new QueryResult(
                new Answer(answerText, List.of(Citation.of(1, hit))),
                List.of(hit),
                CacheStatus.MISS,
                true,
                null,
                new Timings(1, 2, 3, 4, 10));
    }
}
