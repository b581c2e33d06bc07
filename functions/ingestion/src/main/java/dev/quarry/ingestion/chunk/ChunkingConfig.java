package dev.quarry.ingestion.chunk;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** How documents are cut into chunks ({@code quarry.chunking.*}). */
@ConfigMapping(prefix = "quarry.chunking")
public interface ChunkingConfig {

    /**
     * The most word pieces (of the embedding model's tokenizer, special tokens excluded) of a chunk's text; at
     * most what the model reads ({@code quarry.embedding.window - 2}), and by default exactly that (510 for
     * bge-small-en-v1.5, 254 for all-MiniLM-L6-v2): whole passages of up to ~350 words stay one chunk, so the
     * keyword leg scores them as a whole (see the README, "Retrieval quality", for the measurements). The
     * heading path is embedded in front of the text within the same window (the chunk gets smaller, down to
     * half of this, when it is long).
     */
    Optional<Integer> maxTokens();

    /**
     * Word pieces a chunk repeats from the end of the previous chunk of the same section, so a sentence cut by
     * a chunk boundary is still whole in one chunk. Below half of {@code max-tokens}; 0 disables overlap.
     * Defaults to 15 % of {@code max-tokens}.
     */
    Optional<Integer> overlapTokens();

    /** The plain options record the chunker is built from, for a model that reads {@code modelMaxTokens}. */
    default ChunkingOptions toOptions(int modelMaxTokens) {
        int max = maxTokens().orElse(modelMaxTokens);
        return new ChunkingOptions(max, overlapTokens().orElse(ChunkingOptions.defaultOverlap(max)));
    }
}
