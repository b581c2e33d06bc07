package dev.quarry.ingestion.chunk;

/**
 * How {@link Chunker} cuts documents; see {@link ChunkingConfig}.
 *
 * @param maxTokens the most word pieces of a chunk's text, at least 16
 * @param overlapTokens word pieces repeated from the previous chunk, from 0 to below half of maxTokens
 */
public record ChunkingOptions(int maxTokens, int overlapTokens) {

    /** The default chunks for a model that reads {@code modelMaxTokens}: all of it, 15 % overlap. */
    public static ChunkingOptions fitting(int modelMaxTokens) {
        return new ChunkingOptions(modelMaxTokens, defaultOverlap(modelMaxTokens));
    }

    /** 15 % of {@code maxTokens}, rounded down. */
    static int defaultOverlap(int maxTokens) {
        return maxTokens * 15 / 100;
    }

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
