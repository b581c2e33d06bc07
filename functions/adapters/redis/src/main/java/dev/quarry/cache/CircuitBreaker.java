package dev.quarry.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a failing dependency: after {@code failures} consecutive failures the breaker opens and
 * {@link #allow()} answers false for {@code openFor}; then one caller is let through (half-open) and its
 * outcome closes or reopens the breaker. Recovery needs no operator.
 */
final class CircuitBreaker {

    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failures;
    private final Duration openFor;
    private final Clock clock;
    private int consecutive;
    private State state = State.CLOSED;
    private Instant openedAt = Instant.MIN;

    CircuitBreaker(int failures, Duration openFor, Clock clock) {
        this.failures = failures;
        this.openFor = openFor;
        this.clock = clock;
    }

    synchronized boolean allow() {
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
            state = State.HALF_OPEN;
            return true;
        }
        return false;
    }

    synchronized void success() {
        consecutive = 0;
        state = State.CLOSED;
    }

    /** Records a failure; true when this one opened the breaker. */
    synchronized boolean failure() {
        consecutive++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutive >= failures)) {
            state = State.OPEN;
            openedAt = clock.instant();
            return true;
        }
        return false;
    }

    synchronized State state() {
        return state;
    }
}
