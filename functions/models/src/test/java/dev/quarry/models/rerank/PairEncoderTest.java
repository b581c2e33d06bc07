package dev.quarry.models.rerank;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PairEncoderTest {

    private static final long CLS = 101;
    private static final long SEP = 102;
    private static final long WHALE = 13156;
    private static final long OCEAN = 4153;

    @TempDir
    Path dir;

    private PairEncoder encoder(int maxLength) throws Exception {
        TestCrossEncoderModel.writeTokenizer(dir);
        return PairEncoder.load(dir.resolve(CrossEncoderReranker.TOKENIZER_FILE), maxLength);
    }

    @Test
    void should_encode_query_and_passage_as_sentence_pair_with_segment_ids() throws Exception {
        // given
        try (PairEncoder encoder = encoder(512)) {

            // when
            EncodedBatch batch = encoder.encode("Whale", List.of("ocean"));

            // then
            assertThat(batch.size()).isEqualTo(1);
            assertThat(batch.inputIds()).containsExactly(CLS, WHALE, SEP, OCEAN, SEP);
            assertThat(batch.tokenTypeIds()).containsExactly(0, 0, 0, 1, 1);
            assertThat(batch.attentionMask()).containsExactly(1, 1, 1, 1, 1);
        }
    }

    @Test
    void should_pad_each_pair_to_the_longest_pair_of_the_batch() throws Exception {
        // given
        try (PairEncoder encoder = encoder(512)) {

            // when
            EncodedBatch batch = encoder.encode("whale", List.of("ocean", "ocean ocean ocean"));

            // then
            assertThat(batch.size()).isEqualTo(2);
            assertThat(batch.length()).isEqualTo(7);
            assertThat(Arrays.copyOfRange(batch.inputIds(), 0, 7)).containsExactly(CLS, WHALE, SEP, OCEAN, SEP, 0, 0);
            assertThat(Arrays.copyOfRange(batch.attentionMask(), 0, 7)).containsExactly(1, 1, 1, 1, 1, 0, 0);
            assertThat(Arrays.copyOfRange(batch.tokenTypeIds(), 0, 7)).containsExactly(0, 0, 0, 1, 1, 0, 0);
            assertThat(batch.idsOf(1)).containsExactly(CLS, WHALE, SEP, OCEAN, OCEAN, OCEAN, SEP);
        }
    }

    @Test
    void should_truncate_the_passage_and_keep_the_query_when_pair_exceeds_max_length() throws Exception {
        // given
        String passage = "ocean ".repeat(5_000);
        try (PairEncoder encoder = encoder(16)) {

            // when
            EncodedBatch batch = encoder.encode("whale whale", List.of(passage));

            // then
            long[] ids = batch.idsOf(0);
            assertThat(ids).hasSize(16);
            assertThat(Arrays.copyOfRange(ids, 0, 4)).containsExactly(CLS, WHALE, WHALE, SEP);
            assertThat(Arrays.copyOfRange(ids, 4, 15)).containsOnly(OCEAN);
            assertThat(ids[15]).isEqualTo(SEP);
        }
    }

    @Test
    void should_truncate_a_5000_word_passage_to_the_default_window() throws Exception {
        // given
        String passage = "the whale swims in the ocean and sings ".repeat(625);
        try (PairEncoder encoder = encoder(RerankOptions.DEFAULT_MAX_LENGTH)) {

            // when
            EncodedBatch batch = encoder.encode("where do whales sing?", List.of(passage, "short"));

            // then
            assertThat(batch.length()).isEqualTo(512);
            assertThat(batch.idsOf(0)).hasSize(512).endsWith(SEP);
            assertThat(batch.idsOf(1)).hasSize(9);
        }
    }

    @Test
    void should_cap_the_query_at_half_the_window_when_the_query_alone_is_too_long() throws Exception {
        // given
        String query = "whale ".repeat(100);
        try (PairEncoder encoder = encoder(32)) {

            // when
            EncodedBatch batch = encoder.encode(query, List.of("ocean ".repeat(100)));

            // then: (32 - 3 special tokens) / 2 = 14 query tokens, the rest of the window for the passage
            assertThat(encoder.maxQueryTokens()).isEqualTo(14);
            long[] ids = batch.idsOf(0);
            assertThat(ids).hasSize(32);
            assertThat(Arrays.copyOfRange(ids, 1, 15)).containsOnly(WHALE);
            assertThat(ids[15]).isEqualTo(SEP);
            assertThat(Arrays.copyOfRange(ids, 16, 31)).containsOnly(OCEAN);
        }
    }

    @Test
    void should_cap_a_query_with_characters_outside_the_basic_plane_at_a_character_boundary() throws Exception {
        // given: each emoji is two UTF-16 units but one character for the native tokenizer
        String query = "\uD83D\uDC33 whale ".repeat(40);
        try (PairEncoder encoder = encoder(32)) {

            // when
            String capped = encoder.capQuery(query);

            // then
            assertThat(query).startsWith(capped);
            assertThat(capped).endsWith("whale");
            assertThat(encoder.encode(capped, List.of("ocean")).idsOf(0)).hasSize(14 + 3 + 1);
        }
    }

    @Test
    void should_keep_a_query_that_fits_unchanged() throws Exception {
        // given
        try (PairEncoder encoder = encoder(512)) {

            // when
            String capped = encoder.capQuery("  Where do whales sing?  ");

            // then
            assertThat(capped).isEqualTo("  Where do whales sing?  ");
        }
    }
}
