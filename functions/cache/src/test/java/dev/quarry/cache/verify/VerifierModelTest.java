package dev.quarry.cache.verify;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifierModelTest {

    @Test
    void should_ship_weights_for_the_default_embedder_that_record_it_and_the_feature_list() {
        VerifierModel model = VerifierModel.shipped("all-minilm-l6-v2").orElseThrow();

        assertThat(model.embedder()).isEqualTo("all-minilm-l6-v2");
        assertThat(model.features()).isEqualTo(VerifierFeatures.NAMES);
        assertThat(model.provenance().get("command").asText()).contains("quarry bench cache-train");
    }

    @Test
    void should_refuse_weights_made_for_another_embedder() {
        VerifierModel model = VerifierModel.shipped("all-minilm-l6-v2").orElseThrow();

        assertThatThrownBy(() -> model.requireEmbedder("bge-small-en-v1.5-q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained for embedder all-minilm-l6-v2")
                .hasMessageContaining("cache-train --embedder bge-small-en-v1.5-q");
        assertThat(VerifierModel.shipped("some.other.Embedder")).isEmpty();
    }

    @Test
    void should_refuse_weights_for_another_feature_list() {
        String json = "{\"format\":\"quarry-cache-verifier/1\",\"embedder\":\"x\",\"features\":[\"cosine\"],"
                + "\"mean\":[0],\"scale\":[1],\"weights\":[1],\"intercept\":0,\"min_cosine\":0.7}";

        assertThatThrownBy(() -> VerifierModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasStackTraceContaining("retrain");
    }

    @Test
    void should_rank_a_paraphrase_above_a_question_that_differs_in_a_number_at_equal_cosine() {
        VerifierModel model = VerifierModel.shipped("all-minilm-l6-v2").orElseThrow();

        double paraphrase = model.probability(
                VerifierFeatures.of("how do i lose weight fast", "what is the fastest way to lose weight", 0.93, 0.70));
        double number = model.probability(
                VerifierFeatures.of("how do i lose 10 kg fast", "how do i lose 20 kg fast", 0.93, 0.70));

        assertThat(paraphrase).isGreaterThan(number);
    }
}
