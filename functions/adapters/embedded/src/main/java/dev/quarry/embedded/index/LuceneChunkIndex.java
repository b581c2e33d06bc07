package dev.quarry.embedded.index;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.HybridFusion;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.core.search.ScoredId;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded {@link ChunkIndex}: Apache Lucene on disk, BM25 over chunk text and headings, HNSW cosine
 * vectors, hybrid results fused by {@link HybridFusion} exactly as Weaviate fuses them.
 *
 * <ul>
 *   <li><b>Keyword leg.</b> BM25 (k1 1.2, b 0.75, Weaviate's defaults too) over one field of keyword terms per
 *       chunk: its heading path and text analysed by Quarry's {@link KeywordAnalyzer} (English stemming by
 *       default), space-joined and indexed with a whitespace analyzer; queries are analysed the same way.
 *       Weaviate indexes the same terms in its {@code keywords} property with {@code whitespace} tokenization,
 *       so both indexes score the same terms.
 *   <li><b>Signature.</b> The index records the embedder and analyzer that built it ({@link IndexSignature}, in
 *       its commit data) and refuses to open for another, with the re-index step in the message.
 *   <li><b>Vector leg.</b> Lucene scores cosine as {@code (1 + cos) / 2}; it is converted back to
 *       {@code cos = 1 - cosine distance}, Weaviate's input to fusion and the score of a vector search.
 *   <li><b>Hybrid.</b> Each leg fetches {@code max(100, limit)} candidates of the tenant, filtered inside
 *       the index (in the vector query too, so filtering never starves it); the keyword set comes first with
 *       weight {@code 1 - alpha}, the vector set second with weight {@code alpha}; the fused list is cut to
 *       {@code limit}. Alpha 0 or 1 runs one leg only ({@link SearchRequest#effectiveMode()}), whose raw
 *       scores are returned.
 *   <li><b>Durability.</b> Every upsert and delete commits before it returns, so a write that returned
 *       survives a crash, and refreshes the searcher, so the next search sees it.
 *   <li><b>Concurrency.</b> Searches run in parallel on a {@link SearcherManager}; writes are serialised.
 * </ul>
 *
 * A retry of a failed upsert completes it: chunk ids are deterministic and an upsert replaces by id.
 */
public final class LuceneChunkIndex implements ChunkIndex, Closeable {

    /** Candidates each leg contributes to hybrid fusion at least. */
    static final int HYBRID_CANDIDATES = 100;

    /** The commit-data key under which the index records its {@link IndexSignature}. */
    static final String SIGNATURE_KEY = "quarry.signature";

    private final String location;
    private final int dimension;
    private final IndexSignature signature;
    private final KeywordAnalyzer keywords;
    /** Splits the pre-analysed keyword terms on whitespace; the other fields are not analysed. */
    private final Analyzer analyzer;

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ReentrantLock writeLock = new ReentrantLock();

    /** Opens (or creates) the index the configuration describes. */
    public LuceneChunkIndex(LuceneIndexConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        this.location = config.directory().map(Path::toString).orElse("(in memory)");
        this.dimension = config.vectorDimension();
        this.signature = config.signature();
        this.keywords = signature.analyzer();
        this.analyzer = new WhitespaceAnalyzer();
        Directory opened = null;
        IndexWriter openedWriter = null;
        try {
            opened = open(config.directory());
            openedWriter = new IndexWriter(
                    opened, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            this.searchers = new SearcherManager(openedWriter, null);
        } catch (LockObtainFailedException e) {
            closeQuietly(openedWriter, opened);
            throw new QuarryException.Transient(
                    QuarryException.Reason.UNAVAILABLE,
                    "the Lucene index at " + location + " is open in another process or index instance; close it"
                            + " first or point this one at another directory",
                    e);
        } catch (IOException e) {
            closeQuietly(openedWriter, opened);
            throw unavailable("open", e);
        }
        this.directory = opened;
        this.writer = openedWriter;
        try {
            checkStoredDimension();
            checkSignature(config.reindexHint());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        Objects.requireNonNull(chunks, "chunks must not be null");
        if (chunks.isEmpty()) {
            return;
        }
        for (EmbeddedChunk chunk : chunks) {
            Objects.requireNonNull(chunk, "chunks must not contain null");
            checkVector(chunk.vector(), "the vector of chunk " + chunk.chunk().id());
        }
        Instant indexedAt = Instant.now();
        write("upsert into", () -> {
            for (EmbeddedChunk chunk : chunks) {
                writer.updateDocument(
                        ChunkDocuments.uid(
                                chunk.chunk().document().tenant(), chunk.chunk().id()),
                        ChunkDocuments.toDocument(chunk, keywords, indexedAt));
            }
            return chunks.size();
        });
    }

    @Override
    public long deleteDocument(String tenant, String key) {
        Tenants.canonical(tenant, "tenant");
        DocumentKeys.canonical(key);
        return delete(ChunkQueries.document(tenant, key));
    }

    @Override
    public long deleteOtherVersions(DocumentRef keep) {
        Objects.requireNonNull(keep, "keep must not be null");
        return delete(ChunkQueries.otherVersions(keep));
    }

    @Override
    public long deleteVersion(DocumentRef version) {
        Objects.requireNonNull(version, "version must not be null");
        return delete(ChunkQueries.version(version));
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        Tenants.canonical(request.tenant(), "tenant");
        SearchMode mode = request.effectiveMode();
        if (mode != SearchMode.BM25) {
            checkVector(request.vector(), "the query vector");
        }
        Query scope = ChunkQueries.scope(request.tenant(), request.filter());
        return read("search", searcher -> {
            SearchLegs legs = new SearchLegs(searcher, keywords);
            List<ScoredId> ranked = switch (mode) {
                case BM25 -> legs.keyword(request.text(), scope, request.limit());
                case VECTOR -> legs.vector(request.vector(), scope, request.limit());
                case HYBRID -> fuse(request, legs, scope);
            };
            return legs.hits(ranked, request.limit(), mode == SearchMode.BM25 ? null : request.vector());
        });
    }

    @Override
    public long count(String tenant) {
        Tenants.canonical(tenant, "tenant");
        return read("count", searcher -> (long) searcher.count(ChunkQueries.tenant(tenant)));
    }

    /** Closes the index; every write has been committed already. */
    @Override
    public void close() {
        try {
            IOUtils.close(searchers, writer, directory, analyzer);
        } catch (IOException e) {
            throw unavailable("close", e);
        }
    }

    private static List<ScoredId> fuse(SearchRequest request, SearchLegs legs, Query scope) throws IOException {
        int candidates = Math.max(HYBRID_CANDIDATES, request.limit());
        List<List<ScoredId>> resultSets = List.of(
                legs.keyword(request.text(), scope, candidates), legs.vector(request.vector(), scope, candidates));
        double[] weights = {1 - request.alpha(), request.alpha()};
        return request.fusion() == FusionType.RANKED
                ? HybridFusion.ranked(resultSets, weights)
                : HybridFusion.relativeScore(resultSets, weights);
    }

    private long delete(Query chunks) {
        return write("delete from", () -> {
            long matching = countNow(chunks);
            if (matching > 0) {
                writer.deleteDocuments(chunks);
            }
            return matching;
        });
    }

    /** Counts with a fresh searcher; call under the write lock, where the searcher reflects every write. */
    private long countNow(Query query) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(query);
        } finally {
            searchers.release(searcher);
        }
    }

    private <T> T write(String verb, IoAction<T> action) {
        writeLock.lock();
        try {
            T result = action.run();
            writer.commit();
            searchers.maybeRefreshBlocking();
            return result;
        } catch (IOException e) {
            throw unavailable(verb, e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T read(String verb, IoFunction<IndexSearcher, T> action) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return action.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw unavailable(verb, e);
        }
    }

    private void checkVector(float[] vector, String what) {
        if (vector.length != dimension) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions but the index at "
                    + location + " holds " + dimension + "-dimensional vectors; embed with the model the index"
                    + " was built with");
        }
        boolean zero = true;
        for (float component : vector) {
            if (!Float.isFinite(component)) {
                throw new IllegalArgumentException(what + " contains " + component + "; pass finite components");
            }
            zero &= component == 0f;
        }
        if (zero) {
            throw new IllegalArgumentException(
                    what + " is all zeros, which has no cosine similarity; pass a non-zero vector");
        }
    }

    private void checkStoredDimension() {
        int stored = read("open", searcher -> {
            FieldInfo vectors =
                    FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(ChunkDocuments.VECTOR);
            return vectors == null ? dimension : vectors.getVectorDimension();
        });
        if (stored != dimension) {
            throw new IllegalArgumentException("the Lucene index at " + location + " holds " + stored
                    + "-dimensional vectors but " + dimension + " were configured; configure " + stored
                    + " or point the index at a new directory and re-ingest");
        }
    }

    /**
     * Records this configuration's signature in a new (or empty) index; refuses an index with documents that was
     * built with another signature, or by a Quarry that recorded none (its keyword field is another).
     */
    private void checkSignature(String reindexHint) {
        Map<String, String> committed = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(entry -> committed.put(entry.getKey(), entry.getValue()));
        }
        String recorded = committed.get(SIGNATURE_KEY);
        boolean empty = writer.getDocStats().numDocs == 0;
        if (recorded == null && !empty) {
            throw new QuarryException.Permanent(
                    QuarryException.Reason.INDEX_MISMATCH,
                    "the Lucene index at " + location + " was built by an earlier Quarry that recorded neither its"
                            + " embedder nor its keyword analysis: re-index (" + reindexHint + ")");
        }
        if (recorded != null && !empty) {
            signature.requireSame(IndexSignature.decode(recorded), "the Lucene index at " + location, reindexHint);
        }
        if (!signature.encode().equals(recorded)) {
            committed.put(SIGNATURE_KEY, signature.encode());
            writer.setLiveCommitData(committed.entrySet());
            write("record the signature of", () -> 0);
        }
    }

    /** What built this index. */
    public IndexSignature signature() {
        return signature;
    }

    private static Directory open(Optional<Path> path) throws IOException {
        return path.isPresent() ? FSDirectory.open(path.get()) : new ByteBuffersDirectory();
    }

    private QuarryException unavailable(String verb, IOException cause) {
        return new QuarryException.Transient(
                QuarryException.Reason.UNAVAILABLE,
                "could not " + verb + " the Lucene index at " + location + ": " + cause.getMessage(),
                cause);
    }

    private static void closeQuietly(Closeable... closeables) {
        for (Closeable closeable : closeables) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (IOException | RuntimeException suppressed) {
                    // already failing with the more useful exception
                }
            }
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface IoFunction<A, T> {
        T apply(A argument) throws IOException;
    }
}
