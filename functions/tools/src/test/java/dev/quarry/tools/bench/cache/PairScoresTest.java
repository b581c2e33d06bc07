package dev.quarry.tools.bench.cache;

import dev.quarry.cache.CacheSettings;
import dev.quarry.cache.TestVerifiers;
import dev.quarry.cache.verify.VerifierModel;
import dev.quarry.core.port.Reranker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairScoresTest {

    @Test
    void should_run_the_pair_model_once_per_question_pair_however_often_it_is_asked() {
        // given a pair model that counts its runs
        List<String> runs = new ArrayList<>();
        Reranker model = (query, passages) -> {
            runs.add(query + " | " + passages.get(0));
            return new float[] {0.75f};
        };
        PairScores scores = new PairScores("ab".repeat(32), model);

        // when the same pair is scored three times and another once
        double first = scores.score("how do i learn java", "how can i learn java");
        scores.score("how do i learn java", "how can i learn java");
        scores.score("how do i learn java", "how can i learn java");
        scores.score("how can i learn java", "how do i learn java");

        // then the model ran once per ordered pair
        assertThat(first).isEqualTo(0.75);
        assertThat(runs)
                .containsExactly(
                        "how do i learn java | how can i learn java", "how can i learn java | how do i learn java");
    }

    @Test
    void should_refuse_to_measure_weights_beside_a_pair_model_they_were_not_trained_with() {
        // given weights trained with pair model "ab…", and options holding another one, or none
        VerifierModel weights = weights("ab".repeat(32));
        VerifierTraining.Options none = options(null);
        VerifierTraining.Options other =
                options(new PairScores("cd".repeat(32), (query, passages) -> new float[] {0.5f}));

        // when / then
        assertThatThrownBy(() -> VerifierTraining.usePairModel(weights, none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained with pair model " + "ab".repeat(32))
                .hasMessageContaining("--pair-model");
        assertThatThrownBy(() -> VerifierTraining.usePairModel(weights, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the one given is " + "cd".repeat(32));
        assertThatThrownBy(() -> VerifierTraining.usePairModel(weights(null), other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read no pair model");
    }

    private static VerifierTraining.Options options(PairScores pairModel) {
        return new VerifierTraining.Options(
                "x",
                0.2,
                10,
                10,
                1,
                0.70,
                1.0,
                18,
                true,
                Double.NaN,
                CacheSettings.defaults(),
                new BoostedTrees.Settings(0, 3, 0.1, 1.0, 20),
                pairModel);
    }

    private static VerifierModel weights(String pairModel) {
        return pairModel == null ? TestVerifiers.model("x") : TestVerifiers.pairModelWeights("x", pairModel);
    }
}
