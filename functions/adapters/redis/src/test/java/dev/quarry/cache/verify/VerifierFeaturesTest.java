package dev.quarry.cache.verify;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class VerifierFeaturesTest {

    private static final VerifierFeatures FEATURES =
            new VerifierFeatures(new TermWeights(1000, 2, new TreeMap<>(Map.of("best", 400, "book", 50))));

    private static double feature(String name, String query, String candidate) {
        return FEATURES.of(query, candidate, 0.93, 0.80)[VerifierFeatures.NAMES.indexOf(name)];
    }

    @Test
    void should_mark_a_polar_conflict_when_one_question_has_the_opposite_word_of_the_other() {
        assertThat(feature("polar_conflict", "what causes high tide", "what causes low tide"))
                .isEqualTo(1);
        assertThat(feature("polar_conflict", "how do i increase my height", "how can i decrease my height"))
                .isEqualTo(1);
        assertThat(feature("polar_conflict", "what is the best book on python", "which is the best python book"))
                .isEqualTo(0);
        // both words in one question: a comparison, not a conflict
        assertThat(feature("polar_conflict", "pros and cons of python", "what are the cons of python"))
                .isEqualTo(0);
    }

    @Test
    void should_count_swapped_subjects_when_the_shared_terms_come_in_the_opposite_order() {
        assertThat(feature("order_swaps", "is python better than java", "is java better than python"))
                .isEqualTo(1);
        assertThat(feature("order_swaps", "is python better than java", "is python really better than java"))
                .isEqualTo(0);
        assertThat(feature("order_swaps", "what is python", "what is java")).isEqualTo(0);
    }

    @Test
    void should_not_count_a_misspelt_word_as_an_unmatched_subject_when_pairing_spellings() {
        double plain = feature("idf_unmatched_max", "how do i stop masturbating", "how do i stop masturbaiting");
        double fuzzy = feature("idf_unmatched_fuzzy_max", "how do i stop masturbating", "how do i stop masturbaiting");

        assertThat(plain).isGreaterThan(0);
        assertThat(fuzzy).isEqualTo(0);
        assertThat(feature("idf_unmatched_fuzzy_max", "what is the capital of france", "what is the capital of spain"))
                .isGreaterThan(0);
    }

    @Test
    void should_pair_spellings_by_edit_distance_or_a_long_shared_prefix_but_not_short_or_numeric_words() {
        assertThat(VerifierFeatures.spelling("recieve", "receive")).isTrue();
        assertThat(VerifierFeatures.spelling("programm", "programmer")).isTrue();
        assertThat(VerifierFeatures.spelling("java", "javascript")).isFalse();
        assertThat(VerifierFeatures.spelling("cat", "car")).isFalse();
        assertThat(VerifierFeatures.spelling("2016", "2017")).isFalse();
    }
}
