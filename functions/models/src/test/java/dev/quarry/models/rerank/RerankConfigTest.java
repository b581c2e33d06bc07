package dev.quarry.models.rerank;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RerankConfigTest {

    private static RerankConfig mapping(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(RerankConfig.class)
                .build();
        return config.getConfigMapping(RerankConfig.class);
    }

    @Test
    void should_run_without_reranking_and_use_defaults_when_nothing_is_configured() {
        // when
        RerankConfig config = mapping(Map.of());

        // then
        assertThat(config.modelDir()).isEmpty();
        assertThat(config.minScore()).isEmpty();
        assertThat(config.options()).isEqualTo(RerankOptions.defaults());
        assertThat(config.options()).isEqualTo(new RerankOptions(512, 32, 0));
    }

    @Test
    void should_map_every_property_when_configured() {
        // when
        RerankConfig config = mapping(Map.of(
                "quarry.rerank.model-dir", "/opt/models/cross-encoder",
                "quarry.rerank.max-length", "256",
                "quarry.rerank.batch-size", "8",
                "quarry.rerank.intra-op-threads", "2",
                "quarry.rerank.min-score", "0.2"));

        // then
        assertThat(config.modelDir()).contains(Path.of("/opt/models/cross-encoder"));
        assertThat(config.minScore()).contains(0.2);
        assertThat(config.options()).isEqualTo(new RerankOptions(256, 8, 2));
    }

    @Test
    void should_load_no_reranker_when_no_model_dir_is_configured() {
        // when
        Optional<CrossEncoderReranker> reranker = CrossEncoderReranker.fromConfig(mapping(Map.of()));

        // then
        assertThat(reranker).isEmpty();
    }

    @Test
    void should_load_the_configured_model_with_the_configured_options(@TempDir Path dir) {
        // given
        TestCrossEncoderModel.writeTo(dir);
        RerankConfig config =
                mapping(Map.of("quarry.rerank.model-dir", dir.toString(), "quarry.rerank.batch-size", "4"));

        // when
        Optional<CrossEncoderReranker> reranker = CrossEncoderReranker.fromConfig(config);

        // then
        assertThat(reranker).isPresent();
        try (CrossEncoderReranker loaded = reranker.get()) {
            assertThat(loaded.options().batchSize()).isEqualTo(4);
            assertThat(loaded.score("whale", List.of("ocean"))).hasSize(1);
        }
    }

    @Test
    void should_reject_options_out_of_range_by_name() {
        assertThatThrownBy(() -> RerankOptions.defaults().withMaxLength(4)).hasMessageContaining("maxLength");
        assertThatThrownBy(() -> RerankOptions.defaults().withBatchSize(0)).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> RerankOptions.defaults().withIntraOpThreads(-1))
                .hasMessageContaining("intraOpThreads");
    }
}
