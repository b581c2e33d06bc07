package dev.quarry.ingestion.chunk;

import dev.quarry.models.embed.EmbeddingConfig;
import dev.quarry.models.embed.EmbeddingModel;
import dev.quarry.models.embed.EmbeddingOptions;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingConfigTest {

    @Test
    void should_map_defaults_to_the_default_options() {
        // given no quarry.* properties
        SmallRyeConfig config = config(Map.of());

        // then
        assertThat(config.getConfigMapping(EmbeddingConfig.class).toOptions()).isEqualTo(EmbeddingOptions.DEFAULTS);
        assertThat(config.getConfigMapping(ChunkingConfig.class).toOptions(510))
                .isEqualTo(new ChunkingOptions(510, 76));
    }

    @Test
    void should_map_properties_to_options() {
        // given
        SmallRyeConfig config = config(Map.of(
                "quarry.embedding.model", "all-minilm-l6-v2-q",
                "quarry.embedding.window", "128",
                "quarry.embedding.batch-size", "8",
                "quarry.embedding.query-instruction", "false",
                "quarry.chunking.max-tokens", "100",
                "quarry.chunking.overlap-tokens", "0"));

        // then
        assertThat(config.getConfigMapping(EmbeddingConfig.class).toOptions())
                .isEqualTo(new EmbeddingOptions(EmbeddingModel.ALL_MINILM_L6_V2_Q, 128, 8, 0, false));
        assertThat(config.getConfigMapping(ChunkingConfig.class).toOptions(510)).isEqualTo(new ChunkingOptions(100, 0));
    }

    @Test
    void should_map_each_model_name_and_default_the_window_to_the_model_limit() {
        for (EmbeddingModel model : EmbeddingModel.values()) {
            // given the name as configured, e.g. bge-small-en-v15-q
            String name = model.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');

            // when
            EmbeddingOptions options = config(Map.of("quarry.embedding.model", name))
                    .getConfigMapping(EmbeddingConfig.class)
                    .toOptions();

            // then
            assertThat(options.model()).isEqualTo(model);
            assertThat(options.window()).isEqualTo(model.maxWindow());
        }
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(EmbeddingConfig.class)
                .withMapping(ChunkingConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
