package dev.quarry.embedded.index;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link LuceneChunkIndex} lives and what vectors it holds.
 *
 * @param directory the index directory on disk, created if missing; empty for an in-memory index (tests)
 * @param vectorDimension the dimension of every chunk and query vector, fixed for the life of the index
 *     (384 for all-MiniLM-L6-v2); at most {@value #MAX_DIMENSION}, Lucene's limit for HNSW vectors
 */
public record LuceneIndexConfig(Optional<Path> directory, int vectorDimension) {

    /** The largest vector dimension Lucene's default HNSW format accepts. */
    public static final int MAX_DIMENSION = 1024;

    public LuceneIndexConfig {
        Objects.requireNonNull(directory, "directory must not be null; use Optional.empty() for an in-memory index");
        if (vectorDimension < 1 || vectorDimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("vectorDimension must be within 1.." + MAX_DIMENSION + ", was "
                    + vectorDimension + "; pass the embedding model's output dimension");
        }
    }

    /** An index persisted in {@code directory}. */
    public static LuceneIndexConfig onDisk(Path directory, int vectorDimension) {
        Objects.requireNonNull(directory, "directory must not be null");
        return new LuceneIndexConfig(Optional.of(directory), vectorDimension);
    }

    /** An index held in memory and lost on close; for tests. */
    public static LuceneIndexConfig inMemory(int vectorDimension) {
        return new LuceneIndexConfig(Optional.empty(), vectorDimension);
    }
}
