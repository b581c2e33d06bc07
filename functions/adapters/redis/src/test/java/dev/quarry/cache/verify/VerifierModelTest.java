package dev.quarry.cache.verify;

import dev.quarry.cache.TestVerifiers;
import dev.quarry.cache.verify.VerifierModel.Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifierModelTest {

    private static final String SHIPPED = "bge-small-en-v1.5-q";

    @Test
    void should_ship_weights_for_the_default_embedder_that_record_it_the_feature_list_and_the_idf() {
        VerifierModel model = VerifierModel.shipped(SHIPPED).orElseThrow();

        assertThat(model.embedder()).isEqualTo(SHIPPED);
        assertThat(model.features()).isEqualTo(VerifierFeatures.NAMES);
        assertThat(model.provenance().get("command").asText()).contains("quarry bench cache-train");
        assertThat(model.terms().documents()).isGreaterThan(10_000);
        assertThat(model.terms().idf("barnacl")).isGreaterThan(model.terms().idf("best"));
    }

    @Test
    void should_refuse_weights_made_for_another_embedder() {
        VerifierModel model = VerifierModel.shipped(SHIPPED).orElseThrow();

        assertThatThrownBy(() -> model.requireEmbedder("all-minilm-l6-v2-q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trained for embedder " + SHIPPED)
                .hasMessageContaining("cache-train --embedder all-minilm-l6-v2-q");
        assertThat(VerifierModel.shipped("some.other.Embedder")).isEmpty();
    }

    @Test
    void should_keep_the_pair_model_and_its_feature_through_writing_and_reading_the_weights(@TempDir Path dir)
            throws Exception {
        // given weights trained with a pair model
        String pairModel = "cd".repeat(32);
        VerifierModel weights = TestVerifiers.pairModelWeights("x", pairModel);

        // when they are written and read back
        Path file = dir.resolve("weights.json");
        weights.write(file);
        VerifierModel read = VerifierModel.read(file);

        // then they still name the model and read its score as their last feature
        assertThat(read.pairModel()).isEqualTo(pairModel);
        assertThat(read.needsPairScore()).isTrue();
        assertThat(read.features()).last().isEqualTo(VerifierFeatures.PAIR_SCORE);
        assertThat(read.probability("why is the sea salty", "why is the ocean salty", 0.9, 0.7, () -> 0.9))
                .isGreaterThan(0.99);
        assertThatThrownBy(() -> read.probability("why is the sea salty", "why is the ocean salty", 0.9, 0.7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("trained with pair model " + pairModel);
    }

    @Test
    void should_refuse_weights_that_name_a_pair_model_without_reading_its_score() {
        VerifierModel withoutPairModel = model(List.of());

        assertThatThrownBy(() -> new VerifierModel(
                        VerifierModel.FORMAT,
                        "x",
                        withoutPairModel.features(),
                        withoutPairModel.mean(),
                        withoutPairModel.scale(),
                        withoutPairModel.weights(),
                        0,
                        List.of(),
                        TermWeights.NONE,
                        0.7,
                        null,
                        null,
                        "ef".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("with pair model " + "ef".repeat(32))
                .hasMessageContaining(VerifierFeatures.PAIR_SCORE);
    }

    @Test
    void should_refuse_weights_for_another_feature_list() {
        String json = "{\"format\":\"quarry-cache-verifier/2\",\"embedder\":\"x\",\"features\":[\"cosine\"],"
                + "\"mean\":[0],\"scale\":[1],\"weights\":[1],\"intercept\":0,\"min_cosine\":0.7,"
                + "\"idf\":{\"documents\":1,\"min_df\":1,\"df\":{}}}";

        assertThatThrownBy(() -> VerifierModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasStackTraceContaining("retrain");
    }

    @Test
    void should_refuse_weights_of_the_first_format() {
        String json = "{\"format\":\"quarry-cache-verifier/1\",\"embedder\":\"x\"}";

        assertThatThrownBy(() -> VerifierModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .hasStackTraceContaining("this build reads quarry-cache-verifier/2");
    }

    @Test
    void should_add_the_trees_to_the_logistic_regression_when_scoring() {
        // given a model whose linear part is 0 and whose one tree splits on the cosine at 0.9
        Tree tree = new Tree(
                new int[] {VerifierFeatures.NAMES.indexOf("cosine"), -1, -1},
                new double[] {0.9, 0, 0},
                new int[] {1, -1, -1},
                new int[] {2, -1, -1},
                new double[] {0, -2.0, 3.0});
        VerifierModel model = model(List.of(tree));
        double[] near = new double[VerifierFeatures.NAMES.size()];
        near[0] = 0.95;
        double[] far = near.clone();
        far[0] = 0.85;

        // when / then
        assertThat(model.logOdds(near)).isEqualTo(3.0);
        assertThat(model.logOdds(far)).isEqualTo(-2.0);
        assertThat(model.probability(near)).isGreaterThan(0.95);
    }

    @Test
    void should_refuse_a_tree_whose_child_points_back_to_its_parent() {
        Tree loop = new Tree(
                new int[] {0, -1}, new double[] {0.9, 0}, new int[] {0, -1}, new int[] {1, -1}, new double[] {0, 1});

        assertThatThrownBy(() -> model(List.of(loop)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed tree at node 0");
    }

    @Test
    void should_rank_a_paraphrase_above_a_question_that_differs_in_a_rare_word_at_equal_cosine() {
        VerifierModel model = VerifierModel.shipped(SHIPPED).orElseThrow();

        double paraphrase =
                model.probability("how do i lose weight fast", "what is the fastest way to lose weight", 0.93, 0.70);
        double number = model.probability("how do i lose 10 kg fast", "how do i lose 20 kg fast", 0.93, 0.70);
        double rareWord =
                model.probability("how do barnacles survive low tide", "how do limpets survive low tide", 0.93, 0.70);

        assertThat(paraphrase).isGreaterThan(number).isGreaterThan(rareWord);
    }

    private static VerifierModel model(List<Tree> trees) {
        int n = VerifierFeatures.NAMES.size();
        double[] scale = new double[n];
        java.util.Arrays.fill(scale, 1);
        return new VerifierModel(
                VerifierModel.FORMAT,
                "x",
                VerifierFeatures.NAMES,
                new double[n],
                scale,
                new double[n],
                0,
                trees,
                TermWeights.NONE,
                0.7,
                null,
                null,
                null);
    }
}
