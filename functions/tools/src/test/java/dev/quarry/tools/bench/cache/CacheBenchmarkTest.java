package dev.quarry.tools.bench.cache;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.RedisTestClient;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.tools.bench.cache.CacheBenchmark.Point;
import dev.quarry.tools.bench.cache.CacheBenchmark.Row;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the cache benchmark (34 pairs, real MiniLM embeddings, a private redis-server) so the
 * benchmark cannot rot; the published numbers come from {@code quarry bench cache} on real labelled pairs (docs/cache.md).
 */
class CacheBenchmarkTest {

    @Test
    void should_measure_every_point_flag_the_default_and_let_fewer_false_hits_through_with_the_verifier()
            throws Exception {
        List<CachePair> pairs = CachePair.load(Path.of("src/test/resources/cache-pairs-small.json"));
        try (RedisTestClient server = RedisTestClient.start();
                OnnxEmbedder embedder = new OnnxEmbedder()) {
            Redis redis = server.redis();
            CacheSettings settings =
                    CacheSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
            CacheBenchmark bench = new CacheBenchmark(redis, embedder);

            List<Row> rows = bench.run(
                    pairs,
                    List.of(
                            new Point(settings.threshold(), settings.maxFalseHitRate(), true, true),
                            new Point(0.80, settings.maxFalseHitRate(), false, false)),
                    settings);

            Row verified = rows.get(0);
            Row cosineOnly = rows.get(1);
            assertThat(verified.point().isDefault()).isTrue();
            for (Row row : rows) {
                assertThat(row.positives() + row.negatives()).isEqualTo(pairs.size());
                assertThat(row.bypasses()).isZero();
                assertThat(row.correctHits()).isPositive();
                assertThat(row.latencyMsP95()).isPositive();
            }
            assertThat(cosineOnly.falseHits())
                    .as("near misses are similar enough that cosine alone lets some through")
                    .isPositive();
            assertThat(verified.falseHits()).isLessThan(cosineOnly.falseHits());
            assertThat(verified.precision()).isGreaterThan(cosineOnly.precision());
        }
    }
}
