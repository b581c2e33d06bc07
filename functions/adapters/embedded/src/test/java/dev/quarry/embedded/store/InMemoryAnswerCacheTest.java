package dev.quarry.embedded.store;

import dev.quarry.core.model.Answer;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.testing.AnswerCacheContractTest;
import dev.quarry.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answer-cache contract in process memory ({@link AnswerCacheContractTest}: tenants, parameters, corpus
 * versions, compute once), and what only this cache does: expiry by its clock and least-recently-used eviction.
 */
class InMemoryAnswerCacheTest extends AnswerCacheContractTest {

    @Override
    protected CorpusVersion createVersions() {
        return new InMemoryCorpusVersion();
    }

    @Override
    protected AnswerCache createCache(CorpusVersion versions) {
        return new InMemoryAnswerCache(10, Duration.ofHours(1), Clock.systemUTC(), versions);
    }

    private static final QueryResult RESULT = new QueryResult(
            new Answer("42", List.of()),
            List.of(),
            QueryResult.CacheStatus.MISS,
            false,
            "off",
            QueryResult.Timings.NONE);

    private static CacheKey key(String tenant, long generation, String query) {
        return new CacheKey(tenant, generation, query, "p", null);
    }

    @Test
    void should_expire_entries_after_the_ttl() {
        // given
        ManualClock clock = new ManualClock();
        InMemoryAnswerCache cache = new InMemoryAnswerCache(10, Duration.ofMinutes(5), clock);
        cache.store(key("a", 0, "q"), RESULT);

        // when
        clock.advance(Duration.ofMinutes(5));

        // then
        assertThat(cache.lookup(key("a", 0, "q"))).isEmpty();
    }

    @Test
    void should_evict_the_least_recently_used_entry_when_full() {
        // given
        InMemoryAnswerCache cache = new InMemoryAnswerCache(2, Duration.ofHours(1), Clock.systemUTC());
        cache.store(key("a", 0, "one"), RESULT);
        cache.store(key("a", 0, "two"), RESULT);
        cache.lookup(key("a", 0, "one"));

        // when
        cache.store(key("a", 0, "three"), RESULT);

        // then
        assertThat(cache.lookup(key("a", 0, "two"))).isEmpty();
        assertThat(cache.lookup(key("a", 0, "one"))).isPresent();
        assertThat(cache.lookup(key("a", 0, "three"))).isPresent();
    }
}
