package dev.quarry.embedded.store;

import dev.quarry.core.model.Answer;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAnswerCacheTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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
    void should_never_answer_across_tenants() {
        // given
        InMemoryAnswerCache cache = new InMemoryAnswerCache(10, Duration.ofHours(1), Clock.systemUTC());
        cache.store(key("a", 0, "q"), RESULT);

        // when / then
        assertThat(cache.lookup(key("a", 0, "q"))).contains(RESULT);
        assertThat(cache.lookup(key("b", 0, "q"))).isEmpty();
    }

    @Test
    void should_move_to_a_new_generation_when_the_corpus_changed() {
        // given
        InMemoryAnswerCache cache = new InMemoryAnswerCache(10, Duration.ofHours(1), Clock.systemUTC());
        long before = cache.corpusGeneration("a");
        cache.store(key("a", before, "q"), RESULT);

        // when
        cache.corpusChanged("a");

        // then
        long after = cache.corpusGeneration("a");
        assertThat(after).isGreaterThan(before);
        assertThat(cache.lookup(key("a", after, "q"))).isEmpty();
        assertThat(cache.corpusGeneration("b")).as("other tenants keep theirs").isZero();
    }

    @Test
    void should_expire_entries_after_the_ttl() {
        // given
        ManualClock clock = new ManualClock();
        InMemoryAnswerCache cache = new InMemoryAnswerCache(10, Duration.ofMinutes(5), clock);
        cache.store(key("a", 0, "q"), RESULT);

        // when
        clock.now = clock.now.plus(Duration.ofMinutes(5));

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
