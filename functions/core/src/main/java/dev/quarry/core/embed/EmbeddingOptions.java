package dev.quarry.core.embed;

import dev.quarry.core.embed.EmbeddingConfig.Variant;

import java.util.Objects;

/**
 * How {@link MiniLmEmbedder} loads and runs the model; see {@link EmbeddingConfig} for the meaning of each
 * value.
 *
 * @param variant fp32 or quantized weights
 * @param window tokens the model reads, special tokens included: 128 or 256
 * @param batchSize texts per model call, at least 1
 * @param threads parallel inferences, 0 for one per available processor
 */
public record EmbeddingOptions(Variant variant, int window, int batchSize, int threads) {

    /**
     * fp32, window 256, batches of 32, one thread per processor: chosen from the measurements in the {@code
     * dev.quarry.core.embed} package documentation.
     */
    public static final EmbeddingOptions DEFAULTS = new EmbeddingOptions(Variant.FP32, 256, 32, 0);

    public EmbeddingOptions {
        Objects.requireNonNull(variant, "variant must not be null");
        if (window != 128 && window != 256) {
            throw new IllegalArgumentException("window must be 128 or 256, was " + window);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per processor), was " + threads);
        }
    }

    public EmbeddingOptions withVariant(Variant value) {
        return new EmbeddingOptions(value, window, batchSize, threads);
    }

    public EmbeddingOptions withWindow(int value) {
        return new EmbeddingOptions(variant, value, batchSize, threads);
    }

    public EmbeddingOptions withBatchSize(int value) {
        return new EmbeddingOptions(variant, window, value, threads);
    }
}
