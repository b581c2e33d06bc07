package dev.quarry.embedded.index;

import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link LuceneChunkIndex} lives, what vectors it holds and what built it.
 *
 * @param directory the index directory on disk, created if missing; empty for an in-memory index (tests)
 * @param vectorDimension the dimension of every chunk and query vector, fixed for the life of the index
 *     (384 for the embedding models Quarry ships); at most {@value #MAX_DIMENSION}, Lucene's limit for HNSW
 *     vectors
 * @param signature the embedder and keyword analyzer; recorded when the index is created, and an index built
 *     with another is refused
 * @param reindexHint what a person runs to rebuild the index, quoted when the signature does not match
 */
public record LuceneIndexConfig(
        Optional<Path> directory, int vectorDimension, IndexSignature signature, String reindexHint) {

    /** The largest vector dimension Lucene's default HNSW format accepts. */
    public static final int MAX_DIMENSION = 1024;

    public LuceneIndexConfig {
        Objects.requireNonNull(directory, "directory must not be null; use Optional.empty() for an in-memory index");
        if (vectorDimension < 1 || vectorDimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("vectorDimension must be within 1.." + MAX_DIMENSION + ", was "
                    + vectorDimension + "; pass the embedding model's output dimension");
        }
        Objects.requireNonNull(signature, "signature must not be null");
        Objects.requireNonNull(reindexHint, "reindexHint must not be null");
    }

    /** An index persisted in {@code directory}, built by {@code signature}. */
    public static LuceneIndexConfig onDisk(
            Path directory, int vectorDimension, IndexSignature signature, String reindexHint) {
        Objects.requireNonNull(directory, "directory must not be null");
        return new LuceneIndexConfig(Optional.of(directory), vectorDimension, signature, reindexHint);
    }

    /**
     * An index persisted in {@code directory} whose vectors come from no named model ({@code
     * vectors-<dimension>}) and whose keyword terms are English: for tests and benchmarks with synthetic vectors.
     */
    public static LuceneIndexConfig onDisk(Path directory, int vectorDimension) {
        return onDisk(directory, vectorDimension, unnamed(vectorDimension), "delete " + directory);
    }

    /** An index held in memory and lost on close; for tests (vectors of no named model, English terms). */
    public static LuceneIndexConfig inMemory(int vectorDimension) {
        return new LuceneIndexConfig(Optional.empty(), vectorDimension, unnamed(vectorDimension), "restart");
    }

    /** The same index with another signature (and re-index hint). */
    public LuceneIndexConfig withSignature(IndexSignature value, String hint) {
        return new LuceneIndexConfig(directory, vectorDimension, value, hint);
    }

    private static IndexSignature unnamed(int vectorDimension) {
        return new IndexSignature("vectors-" + vectorDimension, KeywordAnalyzer.ENGLISH);
    }
}
