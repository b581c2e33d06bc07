package dev.quarry.core.chunk;

/**
 * How {@link Chunker} cuts documents; see {@link ChunkingConfig}.
 *
 * @param maxTokens the most word pieces of a chunk's text, at least 16
 * @param overlapTokens word pieces repeated from the previous chunk, from 0 to below half of maxTokens
 */
public record ChunkingOptions(int maxTokens, int overlapTokens) {

    /** 200 word pieces with 30 (15 %) overlap: fits the 256 window with room for the heading path. */
    public static final ChunkingOptions DEFAULTS = new ChunkingOptions(200, 30);

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
