package dev.quarry.tools.bench.cache;

import dev.quarry.core.port.Embedder;
import dev.quarry.models.embed.EmbeddingModel;
import dev.quarry.models.embed.EmbeddingOptions;
import dev.quarry.models.embed.OnnxEmbedder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchEmbeddersTest {

    @Test
    void should_embed_every_question_as_the_served_embedder_embeds_a_query_when_the_instruction_is_on() {
        Embedder questions = BenchEmbedders.open("bge-small-en-v1.5-q+query-instruction", 1);
        try (OnnxEmbedder served = new OnnxEmbedder(new EmbeddingOptions(
                EmbeddingModel.BGE_SMALL_EN_V15_Q, EmbeddingModel.BGE_SMALL_EN_V15_Q.maxWindow(), 32, 1, true))) {
            List<float[]> vectors = questions.embedAll(List.of("how do i learn python", "what is a castle"));

            assertThat(questions.id())
                    .isEqualTo("bge-small-en-v1.5-q+query-instruction")
                    .isEqualTo(served.id());
            assertThat(vectors.get(0)).isEqualTo(served.embedQuery("how do i learn python"));
            assertThat(vectors.get(1)).isEqualTo(served.embedQuery("what is a castle"));
            assertThat(vectors.get(0)).isNotEqualTo(served.embed("how do i learn python"));
        } finally {
            BenchEmbedders.close(questions);
        }
    }

    @Test
    void should_name_the_known_ids_when_an_id_is_unknown() {
        assertThatThrownBy(() -> BenchEmbedders.open("e5-small", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bge-small-en-v1.5-q+query-instruction");
    }
}
