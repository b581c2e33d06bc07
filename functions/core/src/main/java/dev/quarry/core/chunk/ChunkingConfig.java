package dev.quarry.core.chunk;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How documents are cut into chunks ({@code quarry.chunking.*}). */
@ConfigMapping(prefix = "quarry.chunking")
public interface ChunkingConfig {

    /**
     * The most word pieces (of the embedding model's tokenizer, special tokens excluded) of a chunk's text.
     * Must not exceed what the embedding model reads ({@code quarry.embedding.window - 2}); the heading path
     * embedded in front of the text takes the rest of the window. The default 128 is the length
     * all-MiniLM-L6-v2 was trained on; 200 and 254 measured no better, 64 worse (see {@code
     * dev.quarry.core.chunk} package documentation).
     */
    @WithDefault("128")
    int maxTokens();

    /**
     * Word pieces a chunk repeats from the end of the previous chunk of the same section, so a sentence cut by
     * a chunk boundary is still whole in one chunk. Below half of {@code max-tokens}; 0 disables overlap.
     * The default is 15 % of the default {@code max-tokens}.
     */
    @WithDefault("19")
    int overlapTokens();

    /** The plain options record the chunker is built from. */
    default ChunkingOptions toOptions() {
        return new ChunkingOptions(maxTokens(), overlapTokens());
    }
}
