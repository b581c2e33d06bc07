package dev.quarry.core.model;

import java.util.Objects;

/** A chunk with its embedding vector (L2-normalised by the embedder). */
public record EmbeddedChunk(Chunk chunk, float[] vector) {

    public EmbeddedChunk {
        Objects.requireNonNull(chunk, "chunk must not be null");
        Objects.requireNonNull(vector, "vector must not be null");
    }
}
