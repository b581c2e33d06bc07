package dev.quarry.core;

import java.time.Duration;
import java.util.Objects;

/**
 * A dependency (the LLM, the store) kept throttling after the retries; answered 429 with {@code Retry-After}.
 */
public class ThrottledException extends RuntimeException {

    private final Duration retryAfter;

    /**
     * @param message what was throttled
     * @param retryAfter how long the client should wait before retrying
     */
    public ThrottledException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds for the {@code Retry-After} header, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
