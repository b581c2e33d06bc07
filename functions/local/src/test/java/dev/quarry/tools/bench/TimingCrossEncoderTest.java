package dev.quarry.tools.bench;

import dev.quarry.models.rerank.CrossEncoderReranker;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A Quarkus test only so that DJL's native tokenizer loads in the same class loader as the other tests'. */
@QuarkusTest
class TimingCrossEncoderTest {

    @TempDir
    Path dir;

    @Test
    void should_build_a_minilm_shaped_cross_encoder_that_the_reranker_loads_and_runs() throws Exception {
        // given
        TimingCrossEncoder.writeTo(dir);
        List<String> passages = new ArrayList<>();
        Random random = new Random(1);
        for (int i = 0; i < 25; i++) {
            passages.add(SyntheticCorpus.words(random, 150));
        }

        // when
        float[] scores;
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir)) {
            scores = reranker.score("how deep is the harbour", passages);

            // then: BERT-style inputs, one probability per passage, not a constant
            assertThat(reranker.feedsTokenTypeIds()).isTrue();
        }
        assertThat(scores).hasSize(25);
        for (float score : scores) {
            assertThat(score).isStrictlyBetween(0f, 1f);
        }
        float min = scores[0];
        float max = scores[0];
        for (float s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        assertThat(max - min).isGreaterThan(1e-4f);
        assertThat(Files.readString(dir.resolve(TimingCrossEncoder.LABEL_FILE))).contains("TIMING MODEL ONLY");
        // the encoder's 6 layers are all there: the model is as big as the encoder it came from
        assertThat(Files.size(dir.resolve(CrossEncoderReranker.MODEL_FILE))).isGreaterThan(80_000_000L);
    }

    @Test
    void should_write_the_same_model_every_time() throws Exception {
        byte[] encoder;
        try (var in = TimingCrossEncoder.class.getResourceAsStream("/" + TimingCrossEncoder.ENCODER)) {
            encoder = in.readAllBytes();
        }
        byte[] first = TimingCrossEncoder.withClassificationHead(encoder);
        byte[] second = TimingCrossEncoder.withClassificationHead(encoder);
        assertThat(first).isEqualTo(second);
        assertThat(first.length).isGreaterThan(encoder.length - 1_000_000);
    }
}
