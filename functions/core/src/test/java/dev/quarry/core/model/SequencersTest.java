package dev.quarry.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequencersTest {

    @Test
    void should_order_by_hex_value_when_lengths_are_equal() {
        assertThat(Sequencers.compare("0055AED6DCD90281E5", "0055AED6DCD90281E6"))
                .isNegative();
        assertThat(Sequencers.compare("0A", "09")).isPositive();
        assertThat(Sequencers.compare("0a", "0A")).as("case does not matter").isZero();
    }

    @Test
    void should_right_pad_the_shorter_value_with_zeros_as_s3_documents() {
        // "0055AED6" right-padded is "0055AED600", which is before "0055AED601"
        assertThat(Sequencers.compare("0055AED6", "0055AED601")).isNegative();
        // and equal to "0055AED600"
        assertThat(Sequencers.compare("0055AED6", "0055AED600")).isZero();
        assertThat(Sequencers.compare("0056", "0055FFFFFF")).isPositive();
    }

    @Test
    void should_call_an_event_stale_only_when_both_sequencers_are_known_and_it_is_older() {
        assertThat(Sequencers.isStale("01", "02")).isTrue();
        assertThat(Sequencers.isStale("02", "02"))
                .as("a redelivery is not stale")
                .isFalse();
        assertThat(Sequencers.isStale("03", "02")).isFalse();
        assertThat(Sequencers.isStale(null, "02")).isFalse();
        assertThat(Sequencers.isStale("01", null)).isFalse();
    }
}
