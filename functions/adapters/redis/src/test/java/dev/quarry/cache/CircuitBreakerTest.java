package dev.quarry.cache;

import dev.quarry.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    @Test
    void should_open_after_consecutive_failures_and_let_one_probe_through_after_the_open_period() {
        ManualClock clock = new ManualClock();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(5), clock);

        assertThat(breaker.failure()).isFalse();
        assertThat(breaker.failure()).isFalse();
        assertThat(breaker.failure()).as("third failure opens").isTrue();
        assertThat(breaker.allow()).isFalse();

        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.allow()).as("probe").isTrue();
        assertThat(breaker.allow()).as("only one probe at a time").isFalse();

        breaker.success();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.allow()).isTrue();
    }

    @Test
    void should_reopen_when_the_probe_fails_and_forget_failures_after_a_success() {
        ManualClock clock = new ManualClock();
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(5), clock);
        breaker.failure();
        breaker.success();
        assertThat(breaker.failure()).as("count restarted after the success").isFalse();
        assertThat(breaker.failure()).isTrue();

        clock.advance(Duration.ofSeconds(6));
        assertThat(breaker.allow()).isTrue();
        assertThat(breaker.failure()).as("failed probe reopens").isTrue();
        assertThat(breaker.allow()).isFalse();
    }
}
