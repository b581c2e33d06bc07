package dev.quarry.cache.verify;

import dev.quarry.cache.TestVerifiers;
import dev.quarry.core.port.Reranker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HitVerifierTest {

    private static final String PAIR_MODEL = "ab".repeat(32);

    @Test
    void should_refuse_weights_trained_with_a_pair_model_when_none_is_given() {
        VerifierModel weights = pairModelWeights();

        assertThatThrownBy(() -> new HitVerifier(weights, 0.10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained with pair model " + PAIR_MODEL)
                .hasMessageContaining("quarry.cache.verifier.pair-model-dir");
    }

    @Test
    void should_refuse_a_pair_model_beside_weights_that_read_none() {
        VerifierModel weights = VerifierModel.shipped("bge-small-en-v1.5-q").orElseThrow();
        Reranker pairModel = (query, passages) -> new float[] {0.5f};

        assertThatThrownBy(() -> new HitVerifier(weights, 0.10, pairModel))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read no pair model");
    }

    @Test
    void should_serve_the_nearest_question_only_when_the_pair_model_scores_it_the_same_question() {
        // given weights that follow the pair model alone, and pair models that agree and disagree
        List<String> asked = new ArrayList<>();
        Reranker agrees = (query, passages) -> {
            asked.add(query + " | " + passages);
            return new float[] {0.9f};
        };
        Reranker disagrees = (query, passages) -> new float[] {0.1f};

        // when the same would-be hit is judged with each
        HitVerifier.Verdict served = new HitVerifier(pairModelWeights(), 0.10, agrees)
                .judge("why is the sea salty", "why is the ocean salty", 0.93, 0.70, EntryObservations.NONE);
        HitVerifier.Verdict refused = new HitVerifier(pairModelWeights(), 0.10, disagrees)
                .judge("why is the sea salty", "why is the ocean salty", 0.93, 0.70, EntryObservations.NONE);

        // then the pair model saw the query and the nearest question, and its score decided
        assertThat(asked).containsExactly("why is the sea salty | [why is the ocean salty]");
        assertThat(served.serve()).isTrue();
        assertThat(served.probability()).isGreaterThan(0.99);
        assertThat(refused.serve()).isFalse();
        assertThat(refused.probability()).isLessThan(0.01);
    }

    @Test
    void should_not_run_the_pair_model_for_a_candidate_below_the_weights_cosine_floor() {
        List<String> asked = new ArrayList<>();
        Reranker pairModel = (query, passages) -> {
            asked.add(query);
            return new float[] {0.9f};
        };

        HitVerifier.Verdict verdict = new HitVerifier(pairModelWeights(), 0.10, pairModel)
                .judge("why is the sea salty", "how do volcanoes erupt", 0.40, 0.30, EntryObservations.NONE);

        assertThat(verdict.serve()).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void should_refuse_a_pair_score_outside_zero_to_one() {
        VerifierFeatures features = new VerifierFeatures(TermWeights.NONE);

        assertThatThrownBy(() -> features.of("a b", "a c", 0.9, 0.8, 3.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pairScore must be in [0, 1]");
        assertThat(features.of("a b", "a c", 0.9, 0.8, 0.25))
                .hasSize(VerifierFeatures.NAMES.size() + 1)
                .endsWith(0.25);
    }

    private static VerifierModel pairModelWeights() {
        return TestVerifiers.pairModelWeights("x", PAIR_MODEL);
    }
}
