package dev.quarry.core.chunk;

/**
 * How {@link Chunker} cuts documents; see {@link ChunkingConfig}.
 *
 * @param maxTokens the most word pieces of a chunk's text, at least 16
 * @param overlapTokens word pieces repeated from the previous chunk, from 0 to below half of maxTokens
 */
public record ChunkingOptions(int maxTokens, int overlapTokens) {

    /**
     * 128 word pieces with 19 (15 %) overlap: the model's training length, leaving the rest of the 256
     * window to the heading path. Measured in the {@code dev.quarry.core.chunk} package documentation.
     */
    public static final ChunkingOptions DEFAULTS = new ChunkingOptions(128, 19);

    public ChunkingOptions {
        if (maxTokens < 16) {
            throw new IllegalArgumentException("maxTokens must be >= 16, was " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens * 2 >= maxTokens) {
            throw new IllegalArgumentException(
                    "overlapTokens must be >= 0 and below half of maxTokens (" + maxTokens + "), was " + overlapTokens);
        }
    }
}
