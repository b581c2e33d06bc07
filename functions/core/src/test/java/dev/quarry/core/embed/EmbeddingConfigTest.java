package dev.quarry.core.embed;

import dev.quarry.core.chunk.ChunkingConfig;
import dev.quarry.core.chunk.ChunkingOptions;
import dev.quarry.core.embed.EmbeddingConfig.Variant;
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
        assertThat(config.getConfigMapping(ChunkingConfig.class).toOptions()).isEqualTo(ChunkingOptions.DEFAULTS);
    }

    @Test
    void should_map_properties_to_options() {
        // given
        SmallRyeConfig config = config(Map.of(
                "quarry.embedding.variant", "quantized",
                "quarry.embedding.window", "128",
                "quarry.embedding.batch-size", "8",
                "quarry.chunking.max-tokens", "100",
                "quarry.chunking.overlap-tokens", "0"));

        // then
        assertThat(config.getConfigMapping(EmbeddingConfig.class).toOptions())
                .isEqualTo(new EmbeddingOptions(Variant.QUANTIZED, 128, 8, 0));
        assertThat(config.getConfigMapping(ChunkingConfig.class).toOptions()).isEqualTo(new ChunkingOptions(100, 0));
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(EmbeddingConfig.class)
                .withMapping(ChunkingConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }
}
