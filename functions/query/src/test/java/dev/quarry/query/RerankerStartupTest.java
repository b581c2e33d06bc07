package dev.quarry.query;

import dev.quarry.core.QuarryException;
import dev.quarry.models.rerank.RerankConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bad model directory stops the query function's start. (Loading a good one is covered by QueryFunctionTest:
 * the tokenizer's native library can live in one class loader per JVM only.)
 */
class RerankerStartupTest {

    static RerankConfig modelDir(Path dir) {
        return new RerankConfig() {
            public Optional<Path> modelDir() {
                return Optional.ofNullable(dir);
            }

            public int maxLength() {
                return 128;
            }

            public int batchSize() {
                return 32;
            }

            public int intraOpThreads() {
                return 1;
            }

            public Optional<Double> minScore() {
                return Optional.empty();
            }
        };
    }

    @Test
    void should_fail_naming_the_directory_when_the_model_directory_is_missing() {
        Path missing = Path.of("/nonexistent/models/cross-encoder");

        assertThatThrownBy(() -> new QueryBeans().reranker(() -> true, modelDir(missing)))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(missing.toString())
                .satisfies(
                        e -> assertThat(((QuarryException) e).reason()).isEqualTo(QuarryException.Reason.MODEL_FAILED));
    }

    @Test
    void should_fail_when_reranking_is_enabled_but_no_directory_is_set() {
        assertThatThrownBy(() -> new QueryBeans().reranker(() -> true, modelDir(null)))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("quarry.rerank.enabled=false");
    }

    @Test
    void should_load_nothing_when_reranking_is_switched_off() {
        assertThat(new QueryBeans().reranker(() -> false, modelDir(Path.of("/nonexistent"))))
                .isEmpty();
    }
}
