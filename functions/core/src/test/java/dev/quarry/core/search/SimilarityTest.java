package dev.quarry.core.search;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimilarityTest {

    @Test
    void should_give_the_cosine_whatever_the_lengths_of_the_vectors() {
        assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {3, 0})).isCloseTo(1.0, within(1e-12));
        assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {0, 2})).isCloseTo(0.0, within(1e-12));
        assertThat(Similarity.cosine(new float[] {1, 1}, new float[] {-2, -2})).isCloseTo(-1.0, within(1e-12));
        assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {1, 1})).isCloseTo(Math.sqrt(0.5), within(1e-12));
    }

    @Test
    void should_give_zero_when_a_vector_is_all_zeros() {
        assertThat(Similarity.cosine(new float[] {0, 0}, new float[] {1, 0})).isZero();
        assertThat(Similarity.cosine(new float[] {1, 0}, new float[] {0, 0})).isZero();
    }
}
