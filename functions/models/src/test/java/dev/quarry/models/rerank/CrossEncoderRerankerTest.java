package dev.quarry.models.rerank;

import ai.onnxruntime.OrtException;
import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CrossEncoderRerankerTest {

    private static final String SEA_QUERY = "Which fish live in the sea?";

    private static final List<String> PASSAGES = List.of(
            "Knead the dough, let the yeast work, then bake the bread in a hot oven.",
            "Salt makes the water heavy.",
            "A whale and a shark swim in the deep ocean, far from the coral reef.",
            "The lava of the volcano cooled into black rock after the eruption.",
            "Fish swim between the coral of the warm sea.",
            "Grandmother's bread rose slowly in the oven.",
            "The crater still smokes.");

    @TempDir
    Path dir;

    @Test
    void should_rank_relevant_passage_first_when_scored_by_test_model() {
        // given: the irrelevant passage comes first
        TestCrossEncoderModel.writeTo(dir);
        List<String> passages = List.of(
                "Knead the dough, let the yeast work, then bake the bread in a hot oven.",
                "Salt makes the water heavy.",
                "A whale and a shark swim in the deep ocean, far from the coral reef.");

        // when
        float[] scores;
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            scores = reranker.score(SEA_QUERY, passages);
        }

        // then
        assertThat(rankOf(scores)).containsExactly(2, 1, 0);
    }

    @Test
    void should_return_sigmoid_of_hand_computed_logit_when_pair_is_simple() {
        // given: query "whale" has 1 sea word; the passage has 3 (shark, whale, ocean): logit = 1 * 3 - 1 = 2
        TestCrossEncoderModel.writeTo(dir);

        // when
        float[] scores;
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            scores = reranker.score("whale", List.of("A shark and a whale in the ocean.", "Bread in the oven."));
        }

        // then
        assertThat(scores[0]).isCloseTo((float) (1 / (1 + Math.exp(-2.0))), within(1e-6f));
        assertThat(scores[1]).isCloseTo((float) (1 / (1 + Math.exp(1.0))), within(1e-6f));
        for (float score : scores) {
            assertThat(score).isStrictlyBetween(0f, 1f);
        }
    }

    @Test
    void should_give_same_scores_in_input_order_when_passages_exceed_batch_size() {
        // given
        TestCrossEncoderModel.writeTo(dir);
        float[] oneBatch;
        float[] oneByOne = new float[PASSAGES.size()];
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            oneBatch = reranker.score(SEA_QUERY, PASSAGES);
            for (int i = 0; i < PASSAGES.size(); i++) {
                oneByOne[i] = reranker.score(SEA_QUERY, List.of(PASSAGES.get(i)))[0];
            }
        }

        // when: 7 passages in batches of 3, 3 and 1
        float[] batched;
        try (CrossEncoderReranker reranker =
                new CrossEncoderReranker(dir, RerankOptions.defaults().withBatchSize(3))) {
            batched = reranker.score(SEA_QUERY, PASSAGES);
        }

        // then
        assertThat(batched).containsExactly(oneBatch, within(1e-6f));
        assertThat(batched).containsExactly(oneByOne, within(1e-6f));
        assertThat(rankOf(batched)).startsWith(2, 4).endsWith(6);
    }

    @Test
    void should_truncate_a_5000_word_passage_to_max_length_when_scoring() {
        // given: a model whose output reveals how many tokens it saw
        TestCrossEncoderModel.writeTokenCounter(dir);
        String longPassage = "the whale swims in the ocean and sings ".repeat(625);

        // when
        float[] scores;
        float[] narrowScores;
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            scores = reranker.score("where do whales sing?", List.of(longPassage, "short"));
        }
        try (CrossEncoderReranker reranker =
                new CrossEncoderReranker(dir, RerankOptions.defaults().withMaxLength(64))) {
            narrowScores = reranker.score("where do whales sing?", List.of(longPassage, "short"));
        }

        // then: the short pair is padded in the batch but its padding is masked
        assertThat(TestCrossEncoderModel.countedTokens(scores[0])).isEqualTo(512);
        assertThat(TestCrossEncoderModel.countedTokens(scores[1])).isEqualTo(9);
        assertThat(TestCrossEncoderModel.countedTokens(narrowScores[0])).isEqualTo(64);
        assertThat(TestCrossEncoderModel.countedTokens(narrowScores[1])).isEqualTo(9);
    }

    @Test
    void should_score_without_token_type_ids_when_model_lacks_that_input() {
        // given
        TestCrossEncoderModel.writeWithoutTokenTypeIds(dir);

        // when
        float[] scores;
        boolean feedsTokenTypeIds;
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            feedsTokenTypeIds = reranker.feedsTokenTypeIds();
            scores = reranker.score("whale", List.of("A quiet afternoon.", "A shark and a whale in the ocean."));
        }

        // then: topic words in the whole pair: 1 + 0 and 1 + 3; logit = words - 1
        assertThat(feedsTokenTypeIds).isFalse();
        assertThat(scores[0]).isCloseTo(CrossEncoderReranker.sigmoid(0f), within(1e-6f));
        assertThat(scores[1]).isCloseTo(CrossEncoderReranker.sigmoid(3f), within(1e-6f));
    }

    @Test
    void should_feed_token_type_ids_when_model_declares_them() {
        // given
        TestCrossEncoderModel.writeTo(dir);

        // when / then
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            assertThat(reranker.feedsTokenTypeIds()).isTrue();
        }
    }

    @Test
    void should_return_empty_array_when_no_passages() {
        // given
        TestCrossEncoderModel.writeTo(dir);

        // when
        float[] scores;
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            scores = reranker.score(SEA_QUERY, List.of());
        }

        // then
        assertThat(scores).isEmpty();
    }

    @Test
    void should_give_identical_scores_when_scoring_from_several_threads() throws Exception {
        // given
        TestCrossEncoderModel.writeTo(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (CrossEncoderReranker reranker =
                new CrossEncoderReranker(dir, RerankOptions.defaults().withBatchSize(4))) {
            float[] expected = reranker.score(SEA_QUERY, PASSAGES);
            Callable<float[]> scoring = () -> reranker.score(SEA_QUERY, PASSAGES);

            // when
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(scoring));
            }

            // then
            for (Future<float[]> result : results) {
                assertThat(result.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_fail_with_model_failed_naming_the_directory_when_directory_is_missing() {
        // given
        Path missing = dir.resolve("no-such-model");

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(missing))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("tokenizer.json")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.MODEL_FAILED);
    }

    @Test
    void should_fail_with_model_failed_naming_the_missing_file_when_model_is_missing() throws Exception {
        // given
        TestCrossEncoderModel.writeTo(dir);
        Files.delete(dir.resolve("model.onnx"));

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(dir))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("lacks readable model.onnx;")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.MODEL_FAILED);
    }

    @Test
    void should_fail_with_model_failed_naming_the_missing_file_when_tokenizer_is_missing() throws Exception {
        // given
        TestCrossEncoderModel.writeTo(dir);
        Files.delete(dir.resolve("tokenizer.json"));

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(dir))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("lacks readable tokenizer.json;")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.MODEL_FAILED);
    }

    @Test
    void should_fail_with_model_failed_keeping_the_cause_when_model_is_corrupt() throws Exception {
        // given
        TestCrossEncoderModel.writeTo(dir);
        Files.write(dir.resolve("model.onnx"), "this is not an onnx model".getBytes());

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(dir))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("could not load model.onnx")
                .hasCauseInstanceOf(OrtException.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.MODEL_FAILED);
    }

    @Test
    void should_fail_with_model_failed_when_tokenizer_is_corrupt() throws Exception {
        // given
        TestCrossEncoderModel.writeTo(dir);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(dir))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("could not load tokenizer.json")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.MODEL_FAILED);
    }

    @Test
    void should_fail_with_model_failed_when_model_gives_two_logits_per_pair() throws Exception {
        // given: a two-label classifier, logits [batch, 2]
        TestCrossEncoderModel.writeTokenizer(dir);
        new TinyOnnxModelWriter("two-labels")
                .input("input_ids", TinyOnnxModelWriter.INT64, "batch", "seq")
                .input("attention_mask", TinyOnnxModelWriter.INT64, "batch", "seq")
                .output("logits", TinyOnnxModelWriter.FLOAT, "batch", "2")
                .floats("table", new long[] {30522, 2}, new float[30522 * 2])
                .int64s("axis_seq", new long[] {1}, new long[] {1})
                .node("Gather", List.of("table", "input_ids"), "per_token")
                .node(
                        "ReduceSum",
                        List.of("per_token", "axis_seq"),
                        "logits",
                        TinyOnnxModelWriter.intAttribute("keepdims", 0))
                .writeTo(dir.resolve("model.onnx"));

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(dir))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("expected float [batch, 1] or [batch]");
    }

    @Test
    void should_fail_with_model_failed_when_model_takes_an_input_a_cross_encoder_does_not() throws Exception {
        // given
        TestCrossEncoderModel.writeTokenizer(dir);
        new TinyOnnxModelWriter("extra-input")
                .input("input_ids", TinyOnnxModelWriter.INT64, "batch", "seq")
                .input("attention_mask", TinyOnnxModelWriter.INT64, "batch", "seq")
                .input("position_ids", TinyOnnxModelWriter.INT64, "batch", "seq")
                .output("logits", TinyOnnxModelWriter.FLOAT, "batch", "1")
                .int64s("axis_seq", new long[] {1}, new long[] {1})
                .node("Cast", List.of("position_ids"), "positions", TinyOnnxModelWriter.intAttribute("to", 1))
                .node(
                        "ReduceSum",
                        List.of("positions", "axis_seq"),
                        "logits",
                        TinyOnnxModelWriter.intAttribute("keepdims", 1))
                .writeTo(dir.resolve("model.onnx"));

        // when / then
        assertThatThrownBy(() -> new CrossEncoderReranker(dir))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("takes input 'position_ids'");
    }

    @Test
    void should_fail_with_model_failed_when_the_model_run_fails() throws Exception {
        // given: a model whose table is too small for real token ids, so Gather fails at run time
        TestCrossEncoderModel.writeTokenizer(dir);
        new TinyOnnxModelWriter("too-small-table")
                .input("input_ids", TinyOnnxModelWriter.INT64, "batch", "seq")
                .input("attention_mask", TinyOnnxModelWriter.INT64, "batch", "seq")
                .output("logits", TinyOnnxModelWriter.FLOAT, "batch", "1")
                .floats("table", new long[] {10}, new float[10])
                .int64s("axis_seq", new long[] {1}, new long[] {1})
                .node("Gather", List.of("table", "input_ids"), "per_token")
                .node(
                        "ReduceSum",
                        List.of("per_token", "axis_seq"),
                        "logits",
                        TinyOnnxModelWriter.intAttribute("keepdims", 1))
                .writeTo(dir.resolve("model.onnx"));

        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {

            // when / then
            assertThatThrownBy(() -> reranker.score("whale", List.of("ocean")))
                    .isInstanceOf(QuarryException.Permanent.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("failed on a batch of 1 pair(s) padded to 5 tokens")
                    .hasCauseInstanceOf(OrtException.class)
                    .extracting(e -> ((QuarryException) e).reason())
                    .isEqualTo(Reason.MODEL_FAILED);
        }
    }

    @Test
    void should_reject_null_arguments_by_name() {
        // given
        TestCrossEncoderModel.writeTo(dir);
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {

            // when / then
            assertThatThrownBy(() -> reranker.score(null, List.of("a"))).hasMessageContaining("query");
            assertThatThrownBy(() -> reranker.score("q", null)).hasMessageContaining("passages");
            assertThatThrownBy(() -> reranker.score("q", Arrays.asList("a", null)))
                    .hasMessageContaining("index 1");
        }
        assertThatThrownBy(() -> new CrossEncoderReranker(null)).hasMessageContaining("modelDir");
        assertThatThrownBy(() -> new CrossEncoderReranker(dir, null)).hasMessageContaining("options");
    }

    @Test
    void should_refuse_to_score_after_close() {
        // given
        TestCrossEncoderModel.writeTo(dir);
        CrossEncoderReranker reranker = new CrossEncoderReranker(dir);
        reranker.close();

        // when / then
        assertThatThrownBy(() -> reranker.score(SEA_QUERY, PASSAGES)).isInstanceOf(IllegalStateException.class);
        reranker.close();
    }

    /** Passage indexes from the highest score to the lowest. */
    private static List<Integer> rankOf(float[] scores) {
        return IntStream.range(0, scores.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).reversed())
                .toList();
    }
}
