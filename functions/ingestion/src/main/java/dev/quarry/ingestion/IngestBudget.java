package dev.quarry.ingestion;

import java.time.Duration;
import java.util.Objects;

/**
 * What one ingest job (a whole document, or one page-range part of a long one) may cost after extraction,
 * and how often a document may be attempted; see {@link IngestBudgetConfig}. A job over budget ends {@code
 * FAILED} with a typed reason instead of running for hours or holding unbounded memory.
 *
 * @param maxChunks the most chunks one job may produce ({@code TOO_LARGE} beyond)
 * @param maxEmbeddingTime how long embedding the chunks of one job may take ({@code TIMEOUT} beyond)
 * @param maxAttempts how many attempts of one document version may start; when that many died without an
 *     outcome (the process was killed), the next one records {@code CRASHED} instead of trying again
 */
public record IngestBudget(int maxChunks, Duration maxEmbeddingTime, int maxAttempts) {

    public static final int DEFAULT_MAX_CHUNKS = 25_000;
    public static final Duration DEFAULT_MAX_EMBEDDING_TIME = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_ATTEMPTS = 2;

    public IngestBudget {
        if (maxChunks < 1) {
            throw new IllegalArgumentException("maxChunks must be >= 1, was " + maxChunks);
        }
        Objects.requireNonNull(maxEmbeddingTime, "maxEmbeddingTime must not be null");
        if (maxEmbeddingTime.isNegative() || maxEmbeddingTime.isZero()) {
            throw new IllegalArgumentException("maxEmbeddingTime must be positive, was " + maxEmbeddingTime);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    /** 25,000 chunks, 10 minutes of embedding, 2 attempts. */
    public static IngestBudget defaults() {
        return new IngestBudget(DEFAULT_MAX_CHUNKS, DEFAULT_MAX_EMBEDDING_TIME, DEFAULT_MAX_ATTEMPTS);
    }
}
