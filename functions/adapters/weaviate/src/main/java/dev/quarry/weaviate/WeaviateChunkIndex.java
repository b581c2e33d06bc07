package dev.quarry.weaviate;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.IndexSignature;
import dev.quarry.core.search.KeywordAnalyzer;
import dev.quarry.core.search.SearchFilter;
import dev.quarry.core.search.SearchMode;
import dev.quarry.core.search.SearchRequest;
import dev.quarry.core.search.Similarity;
import io.weaviate.client6.v1.api.collections.CollectionHandle;
import io.weaviate.client6.v1.api.collections.Vectors;
import io.weaviate.client6.v1.api.collections.WeaviateObject;
import io.weaviate.client6.v1.api.collections.aggregate.AggregateResponse;
import io.weaviate.client6.v1.api.collections.data.DeleteManyResponse;
import io.weaviate.client6.v1.api.collections.data.InsertManyResponse;
import io.weaviate.client6.v1.api.collections.query.Filter;
import io.weaviate.client6.v1.api.collections.query.Hybrid;
import io.weaviate.client6.v1.api.collections.query.Metadata;
import io.weaviate.client6.v1.api.collections.query.NearVector;
import io.weaviate.client6.v1.api.collections.query.QueryMetadata;
import io.weaviate.client6.v1.api.collections.query.QueryResponse;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chunk index on Weaviate: one multi-tenant collection with bring-your-own vectors, one Weaviate tenant
 * per Quarry tenant (created on first write), searched with Weaviate's own hybrid search.
 *
 * <ul>
 *   <li><b>Writes</b> go in gRPC batches of {@code batch-size} objects whose UUIDs derive from the chunk ids,
 *       so a redelivered document overwrites. A batch reply is checked object by object: failed objects are
 *       retried with backoff, and objects still failing after {@code max-attempts} fail the upsert
 *       ({@link QuarryException.Transient}), never silently.
 *   <li><b>Keyword terms</b>: each chunk's heading path and text, analysed by Quarry's {@link KeywordAnalyzer}
 *       (as the Lucene index analyses them), go into the {@code keywords} property with whitespace tokenization;
 *       queries get the same analysis. The collection records the embedder and analyzer that built it, and an
 *       index configured with others refuses to open ({@link IndexSignature}).
 *   <li><b>Hybrid search</b> always sends alpha and the fusion type (server defaults have changed between
 *       versions and protocols), queries {@code keywords}, applies
 *       every filter server-side, and maps Weaviate's fused score into {@link SearchHit#score()}; the
 *       explain-score is logged at debug. Alpha 0 and 1 run as pure BM25 and pure vector searches, as
 *       Weaviate itself does and as the embedded index does, so the modes rank alike.
 *   <li><b>Scores</b>: hybrid the fused score, BM25 the BM25 score, vector {@code 1 - cosine distance}.
 *   <li><b>Deletes</b> are server-side filtered batch deletes (key, or key and version != kept), repeated
 *       until nothing matches (a batch delete removes at most the server's query maximum per call).
 * </ul>
 */
public final class WeaviateChunkIndex implements ChunkIndex, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WeaviateChunkIndex.class);

    /** Hybrid and BM25 search the keyword terms (heading path and text, analysed by Quarry). */
    static final List<String> QUERY_PROPERTIES = List.of(Schemas.KEYWORDS);

    /** What a person does when the collection was built with another embedder or analyzer. */
    static final String REINDEX = "create a new collection: point quarry.weaviate.chunk-collection at a new name"
            + " and ingest the documents again";

    private static final List<String> RETURN_PROPERTIES = List.of(
            "chunkId", "key", "version", "contentType", "firstPage", "lastPage", "position", "headings", "text");

    private final WeaviateConnection connection;
    private final String collection;
    private final boolean ownsConnection;
    private final KeywordAnalyzer keywords;

    /** An index over its own connection, closed with the index; creates or checks the collection. */
    public static WeaviateChunkIndex open(WeaviateSettings settings, IndexSignature signature) {
        return new WeaviateChunkIndex(new WeaviateConnection(settings), signature, true);
    }

    /**
     * An index on a shared connection (not closed with the index); creates the collection recording {@code
     * signature}, or checks an existing one against it.
     */
    public WeaviateChunkIndex(WeaviateConnection connection, IndexSignature signature) {
        this(connection, signature, false);
    }

    private WeaviateChunkIndex(WeaviateConnection connection, IndexSignature signature, boolean ownsConnection) {
        this.connection = connection;
        this.collection = connection.settings().chunkCollection();
        this.ownsConnection = ownsConnection;
        this.keywords = signature.analyzer();
        var wanted = Schemas.chunks(collection, signature);
        connection.ensureCollection(wanted, existing -> Schemas.verifyChunks(existing, wanted, signature, REINDEX));
    }

    @Override
    public void upsert(List<EmbeddedChunk> chunks) {
        Map<String, List<EmbeddedChunk>> byTenant = new LinkedHashMap<>();
        for (EmbeddedChunk chunk : chunks) {
            byTenant.computeIfAbsent(chunk.chunk().document().tenant(), t -> new ArrayList<>())
                    .add(chunk);
        }
        String ingestedAt = Instant.now().toString();
        int batchSize = connection.settings().batchSize();
        byTenant.forEach((tenant, tenantChunks) -> {
            connection.ensureTenant(collection, tenant);
            CollectionHandle<Map<String, Object>> handle = connection.handle(collection, tenant);
            for (int from = 0; from < tenantChunks.size(); from += batchSize) {
                List<WeaviateObject<Map<String, Object>>> batch = new ArrayList<>();
                for (EmbeddedChunk chunk :
                        tenantChunks.subList(from, Math.min(tenantChunks.size(), from + batchSize))) {
                    batch.add(toObject(chunk, keywords, ingestedAt));
                }
                insertAll(handle, batch, "chunks of tenant " + tenant);
            }
        });
    }

    /**
     * Inserts {@code objects} in one batch and retries the objects the reply reports as failed.
     *
     * @throws QuarryException.Transient when objects still fail after the configured attempts
     */
    static void insertAll(
            WeaviateConnection connection,
            CollectionHandle<Map<String, Object>> handle,
            List<WeaviateObject<Map<String, Object>>> objects,
            String what) {
        List<WeaviateObject<Map<String, Object>>> pending = objects;
        int maxAttempts = connection.settings().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            List<WeaviateObject<Map<String, Object>>> batch = pending;
            InsertManyResponse response =
                    connection.call("write " + batch.size() + " " + what, () -> handle.data.insertMany(batch));
            Map<String, String> failed = failures(response);
            if (failed.isEmpty()) {
                return;
            }
            if (attempt >= maxAttempts) {
                throw new QuarryException.Transient(
                        Reason.UNAVAILABLE,
                        "Weaviate rejected " + failed.size() + " of " + batch.size() + " " + what + " after "
                                + attempt + " attempt(s); first error: "
                                + failed.values().iterator().next());
            }
            LOG.debugf("Weaviate rejected %d of %d %s; retrying them", failed.size(), batch.size(), what);
            List<WeaviateObject<Map<String, Object>>> retry = new ArrayList<>();
            for (WeaviateObject<Map<String, Object>> object : batch) {
                if (failed.containsKey(object.uuid())) {
                    retry.add(object);
                }
            }
            if (retry.isEmpty()) {
                // The reply named objects we cannot match: retry the whole batch rather than lose any.
                retry = batch;
            }
            connection.backoff(attempt);
            pending = retry;
        }
    }

    private void insertAll(
            CollectionHandle<Map<String, Object>> handle,
            List<WeaviateObject<Map<String, Object>>> objects,
            String what) {
        insertAll(connection, handle, objects, what);
    }

    /** UUID to error message of every object the batch reply reports as failed. */
    private static Map<String, String> failures(InsertManyResponse response) {
        Map<String, String> failed = new LinkedHashMap<>();
        if (response.responses() != null) {
            for (var object : response.responses()) {
                if (!object.successful()) {
                    failed.put(object.uuid(), object.error());
                }
            }
        }
        if (failed.isEmpty() && response.errors() != null && !response.errors().isEmpty()) {
            failed.put("?", response.errors().get(0));
        }
        return failed;
    }

    private static WeaviateObject<Map<String, Object>> toObject(
            EmbeddedChunk embedded, KeywordAnalyzer keywords, String ingestedAt) {
        Chunk chunk = embedded.chunk();
        Map<String, Object> properties = new HashMap<>();
        properties.put("chunkId", chunk.id());
        properties.put("key", chunk.document().key());
        properties.put("version", chunk.document().version());
        properties.put("contentType", chunk.contentType().name());
        properties.put("firstPage", (long) chunk.firstPage());
        properties.put("lastPage", (long) chunk.lastPage());
        properties.put("position", (long) chunk.position());
        properties.put("headings", chunk.headingPath());
        properties.put("text", chunk.text());
        properties.put(Schemas.KEYWORDS, keywords.analyse(chunk));
        properties.put("ingestedAt", ingestedAt);
        return WeaviateObject.<Map<String, Object>>of(object -> object.uuid(Uuids.chunk(chunk.id()))
                .properties(properties)
                .vectors(Vectors.of(Schemas.VECTOR, embedded.vector())));
    }

    @Override
    public long deleteDocument(String tenant, String key) {
        return deleteWhere(tenant, Filter.property("key").eq(key));
    }

    @Override
    public long deleteOtherVersions(DocumentRef keep) {
        return deleteWhere(
                keep.tenant(),
                Filter.and(
                        Filter.property("key").eq(keep.key()),
                        Filter.property("version").ne(keep.version())));
    }

    @Override
    public long deleteVersion(DocumentRef version) {
        return deleteWhere(
                version.tenant(),
                Filter.and(
                        Filter.property("key").eq(version.key()),
                        Filter.property("version").eq(version.version())));
    }

    private long deleteWhere(String tenant, Filter filter) {
        Tenants.canonical(tenant, "tenant");
        if (!connection.tenantExists(collection, tenant)) {
            return 0;
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(collection, tenant);
        long removed = 0;
        // One batch delete removes at most the server's QUERY_MAXIMUM_RESULTS objects: repeat until none match.
        for (int round = 0; round < 10_000; round++) {
            DeleteManyResponse response =
                    connection.call("delete chunks of tenant " + tenant, () -> handle.data.deleteMany(filter));
            if (response.failed() > 0) {
                throw new QuarryException.Transient(
                        Reason.UNAVAILABLE,
                        "Weaviate failed to delete " + response.failed() + " of " + response.matches()
                                + " chunks of tenant " + tenant + "; the delete is retried with the message");
            }
            removed += response.successful();
            if (response.matches() == 0 || response.successful() == 0) {
                return removed;
            }
        }
        return removed;
    }

    @Override
    public List<SearchHit> search(SearchRequest request) {
        Tenants.canonical(request.tenant(), "tenant");
        if (!connection.tenantExists(collection, request.tenant())) {
            return List.of();
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(collection, request.tenant());
        Filter filter = filter(request.filter());
        int limit = request.limit();
        // The keyword leg searches pre-analysed terms: the query gets the same analysis, then whitespace splits it.
        String terms = keywords.analyseQuery(request.text());
        if (request.effectiveMode() == SearchMode.BM25 && terms.isEmpty()) {
            return List.of(); // only stop words: no term can match, as in the Lucene index
        }
        QueryResponse<Map<String, Object>> response = switch (request.effectiveMode()) {
            case BM25 ->
                connection.call(
                        "search (BM25) tenant " + request.tenant(),
                        () -> handle.query.bm25(terms, bm25 -> {
                            bm25.queryProperties(QUERY_PROPERTIES)
                                    .limit(limit)
                                    .returnProperties(RETURN_PROPERTIES)
                                    .returnMetadata(Metadata.SCORE, Metadata.EXPLAIN_SCORE);
                            if (filter != null) {
                                bm25.filters(filter);
                            }
                            return bm25;
                        }));
            case VECTOR ->
                connection.call(
                        "search (vector) tenant " + request.tenant(),
                        () -> handle.query.nearVector(request.vector(), near -> {
                            near.limit(limit)
                                    .returnProperties(RETURN_PROPERTIES)
                                    .returnMetadata(Metadata.DISTANCE);
                            if (filter != null) {
                                near.filters(filter);
                            }
                            return near;
                        }));
            case HYBRID ->
                connection.call(
                        "search (hybrid) tenant " + request.tenant(),
                        () -> handle.query.hybrid(terms, hybrid -> {
                            hybrid.alpha((float) request.alpha())
                                    .fusionType(fusion(request.fusion()))
                                    .queryProperties(QUERY_PROPERTIES)
                                    .nearVector(NearVector.of(request.vector()))
                                    .limit(limit)
                                    .returnProperties(RETURN_PROPERTIES)
                                    .returnMetadata(Metadata.SCORE, Metadata.EXPLAIN_SCORE)
                                    .includeVector(Schemas.VECTOR);
                            if (filter != null) {
                                hybrid.filters(filter);
                            }
                            return hybrid;
                        }));
        };
        List<SearchHit> hits = new ArrayList<>();
        for (WeaviateObject<Map<String, Object>> object : response.objects()) {
            if (hits.size() == limit) {
                break;
            }
            QueryMetadata metadata = object.queryMetadata();
            double score = score(request, metadata);
            if (metadata != null && metadata.explainScore() != null && LOG.isDebugEnabled()) {
                LOG.debugf("%s explain-score: %s", object.uuid(), metadata.explainScore());
            }
            SearchHit hit = new SearchHit(toChunk(request.tenant(), object.properties()), score);
            Double similarity = similarity(request, object, metadata);
            hits.add(similarity == null ? hit : hit.withSimilarity(similarity));
        }
        return hits;
    }

    private static double score(SearchRequest request, QueryMetadata metadata) {
        if (metadata == null) {
            throw new QuarryException.Transient(
                    Reason.UNAVAILABLE, "Weaviate returned a hit without the score metadata Quarry asked for");
        }
        return switch (request.effectiveMode()) {
            case VECTOR -> {
                if (metadata.distance() == null) {
                    throw new QuarryException.Transient(
                            Reason.UNAVAILABLE, "Weaviate returned a vector hit without its distance");
                }
                yield 1.0 - metadata.distance();
            }
            case BM25, HYBRID -> {
                if (metadata.score() == null) {
                    throw new QuarryException.Transient(
                            Reason.UNAVAILABLE, "Weaviate returned a keyword or hybrid hit without its score");
                }
                yield metadata.score();
            }
        };
    }

    /**
     * The cosine of the query vector and the chunk's: {@code 1 - distance} in vector mode, computed from the
     * returned vector in hybrid mode (Weaviate reports only the fused score there); null for bm25.
     */
    private static Double similarity(
            SearchRequest request, WeaviateObject<Map<String, Object>> object, QueryMetadata metadata) {
        return switch (request.effectiveMode()) {
            case BM25 -> null;
            case VECTOR -> 1.0 - metadata.distance();
            case HYBRID -> {
                float[] stored = object.vectors() == null || !object.vectors().contains(Schemas.VECTOR)
                        ? null
                        : object.vectors().getSingle(Schemas.VECTOR);
                yield stored == null || stored.length != request.vector().length
                        ? null
                        : Similarity.cosine(request.vector(), stored);
            }
        };
    }

    static Hybrid.FusionType fusion(FusionType fusion) {
        return switch (fusion) {
            case RELATIVE_SCORE -> Hybrid.FusionType.RELATIVE_SCORE;
            case RANKED -> Hybrid.FusionType.RANKED;
        };
    }

    /** The server-side filter of a search, or null when it restricts nothing. */
    static Filter filter(SearchFilter filter) {
        List<Filter> parts = new ArrayList<>();
        filter.keyPrefix().ifPresent(prefix -> parts.add(Filter.property("key").like(likePrefix(prefix))));
        filter.contentType()
                .ifPresent(type -> parts.add(Filter.property("contentType").eq(type.name())));
        filter.indexedAfter()
                .ifPresent(after -> parts.add(Filter.property("ingestedAt").gte(after.atOffset(ZoneOffset.UTC))));
        filter.indexedBefore()
                .ifPresent(before -> parts.add(Filter.property("ingestedAt").lt(before.atOffset(ZoneOffset.UTC))));
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return Filter.and(parts.toArray(new Filter[0]));
    }

    /**
     * The {@code like} pattern that matches exactly the keys starting with {@code prefix}, every character of it
     * taken literally, as Lucene's prefix query takes it.
     *
     * <p>Weaviate turns a {@code like} pattern into a regular expression by replacing {@code ?} with {@code .}
     * and {@code *} with {@code .*} and anchoring it, leaving every other character as it is; when the pattern
     * does not start with a wildcard, it also seeks the index to the characters before the first wildcard and
     * stops when keys no longer start with them, comparing bytes. So:
     *
     * <ul>
     *   <li>a prefix without {@code * ? \ . + ( ) [ ] { } ^ $ |} is sent as {@code prefix*}: the seek and the
     *       regular expression both read it literally (the usual case, and the fast one);
     *   <li>any other prefix is sent as {@code *\A} followed by the prefix with each such character escaped for
     *       the regular expression ({@code *} and {@code ?} as {@code \x2a} and {@code \x3f}, which Weaviate's
     *       replacement leaves alone) and a final {@code *}. The leading wildcard turns the seek off (a seek on
     *       escaped text would skip matching keys), and {@code \A} (start of text) makes the {@code .*} it
     *       becomes match nothing, so the match is still anchored at the start of the key.
     * </ul>
     */
    static String likePrefix(String prefix) {
        StringBuilder escaped = new StringBuilder();
        boolean literal = true;
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            switch (c) {
                case '*' -> escaped.append("\\x2a");
                case '?' -> escaped.append("\\x3f");
                case '\\', '.', '+', '(', ')', '[', ']', '{', '}', '^', '$', '|' ->
                    escaped.append('\\').append(c);
                default -> {
                    escaped.append(c);
                    continue;
                }
            }
            literal = false;
        }
        return literal ? prefix + "*" : "*\\A" + escaped + "*";
    }

    private static Chunk toChunk(String tenant, Map<String, Object> properties) {
        DocumentRef document =
                new DocumentRef(tenant, (String) properties.get("key"), (String) properties.get("version"));
        return new Chunk(
                (String) properties.get("chunkId"),
                document,
                ContentType.valueOf((String) properties.get("contentType")),
                number(properties.get("firstPage")),
                number(properties.get("lastPage")),
                number(properties.get("position")),
                strings(properties.get("headings")),
                (String) properties.get("text"));
    }

    static int number(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        throw new QuarryException.Transient(
                Reason.UNAVAILABLE, "Weaviate returned " + value + " where Quarry stored a number");
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.stream(array).map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    @Override
    public long count(String tenant) {
        Tenants.canonical(tenant, "tenant");
        if (!connection.tenantExists(collection, tenant)) {
            return 0;
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(collection, tenant);
        AggregateResponse response = connection.call(
                "count chunks of tenant " + tenant,
                () -> handle.aggregate.overAll(aggregate -> aggregate.includeTotalCount(true)));
        return response.totalCount() == null ? 0 : response.totalCount();
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }
}
