package dev.quarry.models.embed;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.quarry.core.QuarryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnnxEmbedderTest {

    /** Each of these words is one word piece of the model's vocabulary (asserted in the tests). */
    private static final String[] WORDS = {
        "river", "city", "bridge", "music", "history", "school", "garden", "market", "winter", "summer",
        "church", "castle", "forest", "island", "railway", "harbour", "village", "mountain", "library", "theatre"
    };

    private static final EmbeddingOptions MINILM = EmbeddingOptions.of(EmbeddingModel.ALL_MINILM_L6_V2);
    private static final OnnxEmbedder FP32_256 = new OnnxEmbedder(MINILM.withBatchSize(3));
    private static final OnnxEmbedder FP32_128 = new OnnxEmbedder(MINILM.withWindow(128));

    @AfterAll
    static void close() {
        FP32_256.close();
        FP32_128.close();
    }

    @Test
    void should_produce_384_dimensional_unit_vectors() {
        // when
        List<float[]> vectors =
                FP32_256.embedAll(List.of("A short sentence.", "Another, longer sentence about rivers."));

        // then
        assertThat(FP32_256.dimension()).isEqualTo(384);
        assertThat(vectors).hasSize(2).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        });
    }

    @Test
    void should_return_vectors_in_input_order_across_batches() {
        // given seven texts and a batch size of three: batches 3 + 3 + 1
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            texts.add("The " + WORDS[i] + " of " + WORDS[i + 7] + " number " + i);
        }

        // when
        List<float[]> batched = FP32_256.embedAll(texts);

        // then each vector equals the vector of its text embedded alone
        assertThat(batched).hasSize(7);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(cosine(batched.get(i), FP32_256.embed(texts.get(i)))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void should_place_similar_sentences_closer_than_unrelated_ones() {
        // given
        float[] cat = FP32_256.embed("The cat sits on the mat.");
        float[] kitten = FP32_256.embed("A kitten is lying on the rug.");
        float[] stocks = FP32_256.embed("Stock markets fell sharply after the interest rate decision.");

        // then
        assertThat(cosine(cat, kitten)).isGreaterThan(cosine(cat, stocks) + 0.2);
    }

    @Test
    void should_count_word_pieces_without_special_tokens_and_without_truncation() {
        // given
        String text = words(300);

        // then
        assertThat(FP32_256.countTokens("")).isZero();
        assertThat(FP32_256.countTokens("river city")).isEqualTo(2);
        assertThat(FP32_256.countTokens(text)).isEqualTo(300);
        assertThat(FP32_128.countTokens(text)).isEqualTo(300);
        assertThat(FP32_256.maxTokens()).isEqualTo(254);
        assertThat(FP32_128.maxTokens()).isEqualTo(126);
    }

    @Test
    void should_read_tokens_beyond_128_only_with_the_256_window() {
        // given a 200-word-piece text and the same text cut after 126 word pieces (128 with [CLS] and [SEP])
        String full = words(200);
        String cut = words(126);
        assertThat(FP32_256.countTokens(full)).isEqualTo(200);
        assertThat(FP32_256.countTokens(cut)).isEqualTo(126);

        // when
        double with128 = cosine(FP32_128.embed(full), FP32_128.embed(cut));
        double with256 = cosine(FP32_256.embed(full), FP32_256.embed(cut));

        // then the 128 window never sees tokens 127..200, the 256 window does
        assertThat(with128).isCloseTo(1.0, within(1e-5));
        assertThat(with256).isLessThan(0.99);
    }

    @Test
    void should_cut_text_after_254_word_pieces_with_the_256_window() {
        // given
        String full = words(300);
        String cut = words(254);

        // then
        assertThat(cosine(FP32_256.embed(full), FP32_256.embed(cut))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void should_embed_like_langchain4j_bundled_model_with_the_128_window() {
        // given langchain4j's own class, which loads the same jar resources unchanged
        AllMiniLmL6V2EmbeddingModel bundled = new AllMiniLmL6V2EmbeddingModel();
        String text = "Quarry answers questions about your documents. " + words(150);

        // when
        float[] expected = bundled.embed(text).content().vector();

        // then
        assertThat(cosine(FP32_128.embed(text), expected)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void should_load_the_quantized_variant_with_vectors_close_to_fp32() {
        // given
        String text = "The castle stands above the village by the river.";

        // when
        try (OnnxEmbedder quantized = new OnnxEmbedder(EmbeddingOptions.of(EmbeddingModel.ALL_MINILM_L6_V2_Q))) {
            float[] vector = quantized.embed(text);

            // then
            assertThat(vector).hasSize(384);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
            assertThat(cosine(vector, FP32_256.embed(text))).isGreaterThan(0.9);
            assertThat(quantized.maxTokens()).isEqualTo(254);
        }
    }

    @Test
    void should_fail_permanently_with_an_actionable_message_when_the_model_is_missing() {
        // given resources that are not on the classpath
        OnnxEmbedder.ModelResources missing = new OnnxEmbedder.ModelResources(
                "missing.onnx", "all-minilm-l6-v2-tokenizer.json", "some:artifact", PoolingMode.MEAN);

        // then
        assertThatThrownBy(() -> new OnnxEmbedder(EmbeddingOptions.DEFAULTS, missing))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.MODEL_FAILED))
                .hasMessageContaining("missing.onnx")
                .hasMessageContaining("some:artifact is on the classpath")
                .hasRootCauseMessage("classpath resource missing.onnx not found");
    }

    @Test
    void should_reject_blank_text_with_its_index() {
        assertThatThrownBy(() -> FP32_256.embedAll(List.of("fine", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text 1");
    }

    @Test
    void should_reject_a_window_beyond_what_the_model_reads() {
        assertThatThrownBy(() -> MINILM.withWindow(512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16..256 for all-minilm-l6-v2");
        assertThat(EmbeddingOptions.of(EmbeddingModel.BGE_SMALL_EN_V15_Q)
                        .withWindow(512)
                        .window())
                .isEqualTo(512);
    }

    @Test
    void should_embed_bge_with_cls_pooling_like_its_bundled_class_and_prefix_only_queries() {
        // given langchain4j 0.36.2's own class reads the same jar resources with CLS pooling; its tokenizer has
        // no truncation, and text of up to 510 word pieces is one part there, as in the 512 window here
        String text = "Quarry answers questions about your documents. " + words(300);
        try (OnnxEmbedder bge = new OnnxEmbedder(EmbeddingOptions.of(EmbeddingModel.BGE_SMALL_EN_V15_Q))) {
            // when
            float[] document = bge.embed(text);
            float[] query = bge.embedQuery("castle by the river");
            float[] plain = bge.embed("castle by the river");
            float[] prefixed = bge.embed(EmbeddingModel.BGE_QUERY_INSTRUCTION + "castle by the river");

            // then
            assertThat(document).hasSize(384);
            assertThat(norm(document)).isCloseTo(1.0, within(1e-4));
            assertThat(bge.maxTokens()).isEqualTo(510);
            assertThat(cosine(query, prefixed)).isCloseTo(1.0, within(1e-5));
            assertThat(cosine(query, plain)).isLessThan(0.99);
            assertThat(bge.fingerprint()).isEqualTo("bge-small-en-v1.5-q/512");
        }
    }

    @Test
    void should_cut_bge_input_at_the_configured_window() {
        // given a window of 128 and a text of 200 word pieces
        try (OnnxEmbedder bge = new OnnxEmbedder(
                EmbeddingOptions.of(EmbeddingModel.BGE_SMALL_EN_V15_Q).withWindow(128))) {
            String full = words(200);
            String cut = words(126);

            // then the model never sees tokens 127..200
            assertThat(cosine(bge.embed(full), bge.embed(cut))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void should_not_prefix_queries_when_the_instruction_is_off_or_the_model_has_none() {
        try (OnnxEmbedder bge = new OnnxEmbedder(
                EmbeddingOptions.of(EmbeddingModel.BGE_SMALL_EN_V15_Q).withQueryInstruction(false))) {
            assertThat(cosine(bge.embedQuery("river"), bge.embed("river"))).isCloseTo(1.0, within(1e-6));
        }
        assertThat(cosine(FP32_256.embedQuery("river"), FP32_256.embed("river")))
                .isCloseTo(1.0, within(1e-6));
    }

    private static String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[(i * 7 + i / WORDS.length) % WORDS.length]);
        }
        return text.toString();
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
