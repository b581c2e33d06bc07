package dev.quarry.cache;

import dev.quarry.cache.verify.EntryObservations;
import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.cache.verify.PairModels;
import dev.quarry.core.QuarryException;
import dev.quarry.models.rerank.TestCrossEncoderModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void should_refuse_to_start_when_the_weights_need_a_pair_model_and_none_is_configured(@TempDir Path dir)
            throws Exception {
        // given weights trained with a pair model, and no pair model directory
        Path weights = dir.resolve("weights.json");
        TestVerifiers.pairModelWeights("bge-small-en-v1.5-q", "ab".repeat(32)).write(weights);
        CacheConfig config = config(CacheMode.SEMANTIC, true, weights, null);

        // when / then
        assertThatThrownBy(() -> RedisCacheBeans.verifier(config, "bge-small-en-v1.5-q"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("trained with pair model " + "ab".repeat(32))
                .hasMessageContaining("quarry.cache.verifier.pair-model-dir");
    }

    @Test
    void should_refuse_a_pair_model_directory_that_holds_another_model_or_none(@TempDir Path dir) throws Exception {
        // given weights trained with one pair model, and a directory holding another, and an empty one
        Path weights = dir.resolve("weights.json");
        TestVerifiers.pairModelWeights("bge-small-en-v1.5-q", "ab".repeat(32)).write(weights);
        Path other = TestCrossEncoderModel.writeTo(Files.createDirectories(dir.resolve("other")));
        Path empty = Files.createDirectories(dir.resolve("empty"));

        // when / then
        assertThatThrownBy(() -> RedisCacheBeans.verifier(
                        config(CacheMode.SEMANTIC, true, weights, other), "bge-small-en-v1.5-q"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("holds model " + PairModels.id(other))
                .hasMessageContaining("trained with " + "ab".repeat(32));
        assertThatThrownBy(() -> RedisCacheBeans.verifier(
                        config(CacheMode.SEMANTIC, true, weights, empty), "bge-small-en-v1.5-q"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("cannot read the pair model")
                .hasMessageContaining("model.onnx");
    }

    @Test
    void should_refuse_a_pair_model_directory_beside_weights_that_read_none(@TempDir Path dir) {
        Path model = TestCrossEncoderModel.writeTo(dir);

        assertThatThrownBy(() ->
                        RedisCacheBeans.verifier(config(CacheMode.SEMANTIC, true, null, model), "bge-small-en-v1.5-q"))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("read no pair model")
                .hasMessageContaining("cache-train --pair-model");
    }

    @Test
    void should_judge_with_the_pair_model_the_weights_were_trained_with(@TempDir Path dir) throws Exception {
        // given a cross-encoder that scores questions on one topic as alike, and weights trained with it
        Path model = TestCrossEncoderModel.writeTo(Files.createDirectories(dir.resolve("pair-model")));
        Path weights = dir.resolve("weights.json");
        TestVerifiers.pairModelWeights("bge-small-en-v1.5-q", PairModels.id(model))
                .write(weights);

        // when the verifier is made from that configuration
        HitVerifier verifier = RedisCacheBeans.verifier(
                        config(CacheMode.SEMANTIC, true, weights, model), "bge-small-en-v1.5-q")
                .orElseThrow();

        // then the model's score decides: two sea questions are served, a sea and a volcano question are not
        assertThat(verifier.judge(
                                "why do whales sing in the ocean",
                                "why do whales sing in the sea",
                                0.9,
                                0.7,
                                EntryObservations.NONE)
                        .serve())
                .isTrue();
        assertThat(verifier.judge("why do whales sing", "why do volcano craters glow", 0.9, 0.7, EntryObservations.NONE)
                        .serve())
                .isFalse();
    }

    private static CacheConfig config(CacheMode mode, boolean verifierEnabled) {
        return config(mode, verifierEnabled, null, null);
    }

    private static CacheConfig config(CacheMode mode, boolean verifierEnabled, Path weights, Path pairModelDir) {
        CacheConfig.Verifier verifier = (CacheConfig.Verifier) Proxy.newProxyInstance(
                CacheConfig.class.getClassLoader(),
                new Class<?>[] {CacheConfig.Verifier.class},
                (p, m, a) -> switch (m.getName()) {
                    case "enabled" -> verifierEnabled;
                    case "weights" -> Optional.ofNullable(weights).map(Path::toString);
                    case "pairModelDir" -> Optional.ofNullable(pairModelDir);
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
