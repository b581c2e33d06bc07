package dev.quarry.cache;

import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.core.QuarryException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisCacheBeansTest {

    @Test
    void should_refuse_to_start_when_semantic_hits_need_weights_the_query_embedder_lacks() {
        // given a semantic cache and an embedder no weights were trained for
        CacheConfig config = config(CacheMode.SEMANTIC, true);

        // when / then
        assertThatThrownBy(() -> RedisCacheBeans.verifier(config, "some-new-embedder"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("no hit-verifier weights for query embedder some-new-embedder")
                .hasMessageContaining("quarry bench cache-train --embedder some-new-embedder")
                .hasMessageContaining("quarry.cache.mode=exact");
    }

    @Test
    void should_need_no_weights_when_the_cache_serves_identical_questions_only() {
        assertThat(RedisCacheBeans.verifier(config(CacheMode.EXACT, true), "some-new-embedder"))
                .isEmpty();
        assertThat(RedisCacheBeans.verifier(config(CacheMode.SEMANTIC, false), "some-new-embedder"))
                .isEmpty();
    }

    @Test
    void should_load_the_shipped_weights_when_the_query_embedder_is_the_default_one() {
        Optional<HitVerifier> verifier =
                RedisCacheBeans.verifier(config(CacheMode.SEMANTIC, true), "bge-small-en-v1.5-q");

        assertThat(verifier).isPresent();
        assertThat(verifier.get().embedder()).isEqualTo("bge-small-en-v1.5-q");
        assertThat(verifier.get().maxFalseHitRate()).isEqualTo(CacheSettings.DEFAULT_MAX_FALSE_HIT_RATE);
    }

    private static CacheConfig config(CacheMode mode, boolean verifierEnabled) {
        CacheConfig.Verifier verifier = (CacheConfig.Verifier) Proxy.newProxyInstance(
                CacheConfig.class.getClassLoader(),
                new Class<?>[] {CacheConfig.Verifier.class},
                (p, m, a) -> switch (m.getName()) {
                    case "enabled" -> verifierEnabled;
                    case "weights" -> Optional.empty();
                    case "sampleRate" -> 0.0;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (CacheConfig) Proxy.newProxyInstance(
                CacheConfig.class.getClassLoader(),
                new Class<?>[] {CacheConfig.class},
                (p, m, a) -> switch (m.getName()) {
                    case "mode" -> mode;
                    case "verifier" -> verifier;
                    case "maxFalseHitRate" -> CacheSettings.DEFAULT_MAX_FALSE_HIT_RATE;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
