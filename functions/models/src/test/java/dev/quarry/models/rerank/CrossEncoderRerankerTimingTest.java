package dev.quarry.models.rerank;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints how long one query's 25 candidates of about 200 tokens take: tokenization alone, and the whole
 * {@code score} call with the topic test model. The test model's graph is trivial, so the second figure is
 * the reranker's own overhead (tokenization, tensors, one run), not the cost of a real MiniLM cross-encoder.
 */
class CrossEncoderRerankerTimingTest {

    private static final String[] WORDS =
            ("the a of and in to whale ocean shark coral sea fish salt current tide reef deep water "
                            + "migration species temperature surface light pressure island coast harbour storm "
                            + "volcano lava bread oven research measured survey population season north south "
                            + "between during after before while which their these many several records show")
                    .split(" ");

    @TempDir
    Path dir;

    @Test
    void should_score_25_candidates_of_about_200_tokens_in_one_model_run() throws Exception {
        // given
        TestCrossEncoderModel.writeTo(dir);
        List<String> passages = passages(25, 190, new Random(42));
        String query = "How deep do whales dive in the ocean?";
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(dir);
                PairEncoder encoder = PairEncoder.load(
                        dir.resolve(CrossEncoderReranker.TOKENIZER_FILE), RerankOptions.DEFAULT_MAX_LENGTH)) {
            long[] tokens = encoder.encode(query, passages).attentionMask();
            long realTokens = Arrays.stream(tokens).sum();

            // when
            long[] encodeNanos = time(20, () -> encoder.encode(query, passages));
            long[] scoreNanos = time(20, () -> reranker.score(query, passages));

            // then
            assertThat(reranker.score(query, passages)).hasSize(25);
            System.out.printf(
                    "Reranker timing: 25 passages, %d tokens per pair on average, batch size %d, %d cores%n"
                            + "  tokenize only:           median %.2f ms, max %.2f ms%n"
                            + "  score (test model):      median %.2f ms, max %.2f ms%n",
                    realTokens / 25,
                    reranker.options().batchSize(),
                    Runtime.getRuntime().availableProcessors(),
                    millis(median(encodeNanos)),
                    millis(max(encodeNanos)),
                    millis(median(scoreNanos)),
                    millis(max(scoreNanos)));
        }
    }

    private static List<String> passages(int count, int words, Random random) {
        List<String> passages = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(w % 17 == 16 ? ". " : " ");
            }
            passages.add(text.toString().strip());
        }
        return passages;
    }

    private static long[] time(int runs, Runnable work) {
        for (int i = 0; i < 5; i++) {
            work.run();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
