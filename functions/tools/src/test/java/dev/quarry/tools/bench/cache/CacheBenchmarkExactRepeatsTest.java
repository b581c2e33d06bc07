package dev.quarry.tools.bench.cache;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.RedisTestClient;
import dev.quarry.tools.bench.cache.CacheBenchmark.Point;
import dev.quarry.tools.bench.cache.CacheBenchmark.Row;
import dev.quarry.tools.bench.cache.CacheBenchmark.WrongHit;
import dev.quarry.tools.bench.cache.CacheBenchmark.WrongKind;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How the cache benchmark judges exact repeats: one entry per normalised question, as the Redis cache keys it. */
class CacheBenchmarkExactRepeatsTest {

    @Test
    void should_store_one_entry_per_question_and_count_an_exact_repeat_of_another_pairs_question_apart()
            throws Exception {
        // given two pairs sharing their text_a (one cache entry), and a pair whose text_b is another pair's text_a
        List<CachePair> pairs = List.of(
                new CachePair("How can I lose weight?", "What is the fastest way to lose weight?", 1),
                new CachePair("How can I lose weight", "HOW can I lose weight?!", 1),
                new CachePair("How do I learn Python?", "What is the best book to learn Python?", 1),
                new CachePair("What is the best book to learn Python?", "Which Python book is best?", 0),
                new CachePair("How do I cook rice?", "How do I cook rice?", 1));
        try (RedisTestClient server = RedisTestClient.start()) {
            Redis redis = server.redis();
            CacheSettings settings =
                    CacheSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
            CacheBenchmark bench = new CacheBenchmark(redis, text -> new float[] {1, 0, 0}, Optional.empty());

            // when measured with exact hits only (no verifier weights)
            Row row = bench.run(
                            pairs,
                            List.of(new Point(settings.threshold(), settings.maxFalseHitRate(), true, true)),
                            settings)
                    .get(0);

            // then exact repeats of the pair's own text_a (the shared entry included) are right, the repeat of another
            // pair's is counted apart and wrong under the protocol, and listed with what was served
            assertThat(row.hits()).isEqualTo(3);
            assertThat(row.correctHits()).isEqualTo(2);
            assertThat(row.exactOtherHits()).isEqualTo(1);
            assertThat(row.falseHits()).isZero();
            assertThat(row.wrongHits())
                    .containsExactly(new WrongHit(
                            WrongKind.EXACT_OTHER,
                            "What is the best book to learn Python?",
                            "what is the best book to learn python",
                            "How do I learn Python?"));
            assertThat(row.wrong(WrongKind.NON_DUPLICATE)).isZero();
        }
    }
}
