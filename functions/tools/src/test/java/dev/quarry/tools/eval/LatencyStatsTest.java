package dev.quarry.tools.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyStatsTest {

    @Test
    void should_pick_nearest_rank_percentiles_of_five_samples() {
        // given sorted 1 2 3 4 5 ms, given unsorted
        LatencyStats stats = LatencyStats.ofMillis(List.of(5, 1, 4, 2, 3));

        // then p50: rank ceil(0.50 * 5) = 3 -> 3; p95: rank ceil(0.95 * 5) = 5 -> 5; mean 15 / 5 = 3
        assertThat(stats.count()).isEqualTo(5);
        assertThat(stats.p50Millis()).isEqualTo(3);
        assertThat(stats.p95Millis()).isEqualTo(5);
        assertThat(stats.meanMillis()).isEqualTo(3);
        assertThat(stats.maxMillis()).isEqualTo(5);
    }

    @Test
    void should_pick_nearest_rank_percentiles_of_twenty_samples_given_in_nanos() {
        // given 1..20 ms as nanoseconds
        List<Long> nanos =
                IntStream.rangeClosed(1, 20).mapToObj(i -> i * 1_000_000L).toList();

        // when
        LatencyStats stats = LatencyStats.ofNanos(nanos);

        // then p50: rank ceil(10) = 10 -> 10 ms; p95: rank ceil(19) = 19 -> 19 ms; mean 210 / 20 = 10.5
        assertThat(stats.p50Millis()).isEqualTo(10);
        assertThat(stats.p95Millis()).isEqualTo(19);
        assertThat(stats.meanMillis()).isEqualTo(10.5);
    }

    @Test
    void should_return_the_only_sample_for_every_percentile() {
        LatencyStats stats = LatencyStats.ofMillis(List.of(7.5));

        assertThat(stats.p50Millis()).isEqualTo(7.5);
        assertThat(stats.p95Millis()).isEqualTo(7.5);
    }

    @Test
    void should_reject_no_samples() {
        assertThatThrownBy(() -> LatencyStats.ofNanos(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no samples");
    }
}
