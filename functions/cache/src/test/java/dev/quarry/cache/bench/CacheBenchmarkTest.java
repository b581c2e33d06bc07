package dev.quarry.cache.bench;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.RedisTestServer;
import dev.quarry.cache.bench.CacheBenchmark.Row;
import dev.quarry.core.embed.OnnxEmbedder;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the cache benchmark (34 pairs, real MiniLM embeddings, a private redis-server) so the
 * benchmark cannot rot; the published numbers come from {@code quarry bench cache} on bench/cache-pairs.json.
 */
class CacheBenchmarkTest {

    @Test
    void should_measure_every_threshold_and_keep_false_hits_out_with_the_guard() throws Exception {
        List<CachePair> pairs = CachePair.load(Path.of("src/test/resources/cache-pairs-small.json"));
        Vertx vertx = Vertx.vertx();
        try (RedisTestServer server = RedisTestServer.start();
                OnnxEmbedder embedder = new OnnxEmbedder()) {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
            CacheSettings settings =
                    CacheSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
            CacheBenchmark bench = new CacheBenchmark(redis, embedder);

            List<Row> guarded = bench.run(pairs, List.of(0.80, 0.90), settings);
            List<Row> unguarded = bench.run(pairs, List.of(0.80), settings.withGuard(false));
            redis.close();

            assertThat(guarded).extracting(Row::threshold).containsExactly(0.80, 0.90);
            for (Row row : guarded) {
                assertThat(row.positives() + row.negatives()).isEqualTo(pairs.size());
                assertThat(row.bypasses()).isZero();
                assertThat(row.falseHits())
                        .as("false hits at %s", row.threshold())
                        .isZero();
                assertThat(row.precision()).isEqualTo(1.0);
                assertThat(row.latencyMsP95()).isPositive();
            }
            assertThat(guarded.get(0).recall())
                    .as("a lower threshold finds at least as many paraphrases")
                    .isGreaterThanOrEqualTo(guarded.get(1).recall())
                    .isPositive();
            assertThat(unguarded.get(0).falseHits())
                    .as("near misses are similar enough that the threshold alone lets some through")
                    .isPositive();
        } finally {
            vertx.closeAndAwait();
        }
    }
}
