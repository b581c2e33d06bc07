package dev.quarry.ingestion;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The cost limits of one ingest job after extraction ({@code quarry.budget.*}); see {@link IngestBudget}. */
@ConfigMapping(prefix = "quarry.budget")
public interface IngestBudgetConfig {

    /**
     * The most chunks one job (a whole document, or one page-range part) may produce; beyond it the document
     * fails with {@code TOO_LARGE}. 25,000 chunks of 128 word pieces is about 2.5 million words.
     */
    @WithDefault("25000")
    int maxChunks();

    /** How long embedding the chunks of one job may take before the document fails with {@code TIMEOUT}. */
    @WithDefault("PT10M")
    Duration maxEmbeddingTime();

    /**
     * How many attempts of one document version may start. An attempt that dies without recording an outcome
     * (the process was killed for memory or time) leaves the document {@code PROCESSING}; once this many died,
     * the next delivery records {@code FAILED} with reason {@code CRASHED} instead of dying again.
     */
    @WithDefault("2")
    int maxAttempts();

    default IngestBudget toBudget() {
        return new IngestBudget(maxChunks(), maxEmbeddingTime(), maxAttempts());
    }
}
