package dev.quarry.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.query.QueryResult.CacheStatus;
import dev.quarry.core.query.QueryResult.Timings;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answer cache's storage on Redis: key layout, round trips under a time budget, the value codec, the
 * per-scope entry cap and the server-side vector index. No decisions are made here.
 *
 * <pre>
 * quarry:cache:{T}:gen                  the tenant's corpus generation (INCR on every corpus change)
 * quarry:cache:{T}:g&lt;G&gt;:e:&lt;id&gt;           one entry (hash: q query, p parameters, v vector, s scope tag,
 *                                       r answer JSON, o online-verification outcomes)
 * quarry:cache:{T}:g&lt;G&gt;:b:&lt;P&gt;:&lt;t&gt;:&lt;sig&gt;  LSH bucket of table t for parameter set P (set of entry ids)
 * quarry:cache:{T}:g&lt;G&gt;:n                entries of the generation by store time (zset, for the cap)
 * quarry:cache:{T}:g&lt;G&gt;:l:&lt;id&gt;           the compute lock of one question
 * </pre>
 *
 * All keys of a tenant share the hash slot {@code {T}}, so a pipeline never crosses cluster slots; the
 * parameter set P also covers the query embedder, so entries of two embedders never meet.
 */
final class RedisCacheStore {

    private static final Logger LOG = Logger.getLogger(RedisCacheStore.class);

    private static final String UPDATE_IF_PRESENT =
            "if redis.call('exists', KEYS[1]) == 1 then return redis.call('hset', KEYS[1], ARGV[1], ARGV[2])"
                    + " else return 0 end";
    static final String UNLOCK_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final Redis redis;
    private final CacheSettings settings;
    private final String embedder;
    private final Set<Integer> ftIndexes = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @param embedder the query embedder's id, part of every scope ("" when entries carry no vectors) */
    RedisCacheStore(Redis redis, CacheSettings settings, String embedder) {
        this.redis = Objects.requireNonNull(redis, "redis must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
    }

    Redis redis() {
        return redis;
    }

    /** Sends one pipelined batch and waits at most {@code budget}. */
    List<Response> call(List<Request> requests, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalStateException("cache time budget spent");
        }
        return redis.batch(requests).await().atMost(budget);
    }

    Response callOne(Request request, Duration budget) {
        return call(List.of(request), budget).get(0);
    }

    /** The value stored for an answer, or null when it cannot be serialised. */
    byte[] encode(CacheKey key, QueryResult result, long nowMillis) {
        try {
            return json.writeValueAsBytes(new CachedAnswer(
                    key.normalizedQuery(),
                    key.parameters(),
                    nowMillis,
                    result.answer(),
                    result.hits(),
                    result.reranked(),
                    result.rerankNote()));
        } catch (JsonProcessingException e) {
            LOG.warnf("answer not cached: it cannot be serialised (%s)", e.getMessage());
            return null;
        }
    }

    QueryResult decode(byte[] bytes) {
        try {
            CachedAnswer a = json.readValue(bytes, CachedAnswer.class);
            return new QueryResult(a.answer(), a.hits(), CacheStatus.HIT, a.reranked(), a.rerankNote(), Timings.NONE);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cached answer is not readable: " + e.getMessage(), e);
        }
    }

    /** Sets one field of an entry only if the entry still exists (an expired entry is not resurrected). */
    Request updateIfPresent(String entryKey, String field, String value) {
        return Request.cmd(Command.EVAL)
                .arg(UPDATE_IF_PRESENT)
                .arg(1)
                .arg(entryKey)
                .arg(field)
                .arg(value);
    }

    /** Drops the {@code count} oldest entries of the scope (their bucket memberships expire with the TTL). */
    void evict(Scope scope, long count) {
        Response oldest =
                callOne(Request.cmd(Command.ZRANGE).arg(scope.index()).arg(0).arg(count - 1), settings.timeout());
        if (oldest == null || oldest.size() == 0) {
            return;
        }
        Request zrem = Request.cmd(Command.ZREM).arg(scope.index());
        Request del = Request.cmd(Command.DEL);
        for (Response member : oldest) {
            zrem.arg(member.toString());
            del.arg(scope.entry(member.toString()));
        }
        call(List.of(zrem, del), settings.timeout());
    }

    /** Whether the server offers vector search ({@code FT._LIST} answers): Valkey Search or Redis Stack. */
    boolean serverHasVectorSearch() {
        try {
            redis.send(Request.cmd(Command.create("FT._LIST"))).await().atMost(Duration.ofSeconds(2));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    boolean hasIndex(int dimension) {
        return ftIndexes.contains(dimension);
    }

    /**
     * Creates the vector index for {@code dimension} once; an existing index is fine.
     *
     * @return false when the server refused (the caller goes back to LSH)
     */
    boolean ensureIndex(int dimension) {
        if (ftIndexes.contains(dimension)) {
            return true;
        }
        try {
            redis.send(Request.cmd(Command.create("FT.CREATE"))
                            .arg(indexName(dimension))
                            .arg("ON")
                            .arg("HASH")
                            .arg("PREFIX")
                            .arg(1)
                            .arg("quarry:cache:")
                            .arg("SCHEMA")
                            .arg("s")
                            .arg("TAG")
                            .arg("v")
                            .arg("VECTOR")
                            .arg("HNSW")
                            .arg(6)
                            .arg("TYPE")
                            .arg("FLOAT32")
                            .arg("DIM")
                            .arg(dimension)
                            .arg("DISTANCE_METRIC")
                            .arg("COSINE"))
                    .await()
                    .atMost(Duration.ofSeconds(2));
            ftIndexes.add(dimension);
            return true;
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("exists")) {
                ftIndexes.add(dimension);
                return true;
            }
            LOG.warnf("answer cache: FT.CREATE failed (%s); using the LSH path", e.toString());
            return false;
        }
    }

    Request knnSearch(Scope scope, float[] vector) {
        return Request.cmd(Command.create("FT.SEARCH"))
                .arg(indexName(vector.length))
                .arg("@s:{" + scope.tag() + "}=>[KNN " + settings.maxCandidates() + " @v $vec]")
                .arg("PARAMS")
                .arg(2)
                .arg("vec")
                .arg(toBytes(vector))
                .arg("NOCONTENT")
                .arg("LIMIT")
                .arg(0)
                .arg(settings.maxCandidates())
                .arg("DIALECT")
                .arg(2);
    }

    private static String indexName(int dimension) {
        return "quarry-cache-" + dimension;
    }

    /** The keys of an {@code FT.SEARCH … NOCONTENT} reply: RESP2 [total, key, key …] or RESP3 {results: [{id}]}. */
    static List<String> searchResultKeys(Response reply) {
        List<String> keys = new ArrayList<>();
        if (reply == null) {
            return keys;
        }
        if (reply.isMap()) {
            Response results = reply.get("results");
            if (results != null) {
                for (Response item : results) {
                    keys.add(item.isMap() ? item.get("id").toString() : item.toString());
                }
            }
            return keys;
        }
        for (int i = 1; i < reply.size(); i++) {
            keys.add(reply.get(i).toString());
        }
        return keys;
    }

    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
            buffer.putFloat(f);
        }
        return buffer.array();
    }

    static float[] toFloats(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.length / 4];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = buffer.getFloat();
        }
        return vector;
    }

    static String generationKey(String tenant) {
        return "quarry:cache:{" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "}:gen";
    }

    Scope scope(CacheKey key) {
        String prefix = "quarry:cache:{" + URLEncoder.encode(key.tenant(), StandardCharsets.UTF_8) + "}:g"
                + key.corpusGeneration();
        String parameters = embedder.isEmpty() ? key.parameters() : key.parameters() + "\u0000" + embedder;
        return new Scope(prefix, sha(parameters).substring(0, 16), sha(parameters + "\u0000" + key.normalizedQuery()));
    }

    /** The keys of one tenant, generation and parameter set; {@code id} is the looked-up question's. */
    record Scope(String prefix, String parameters, String id) {
        String entry(String entryId) {
            return prefix + ":e:" + entryId;
        }

        String bucket(int table, int signature) {
            return prefix + ":b:" + parameters + ":" + table + ":" + Integer.toHexString(signature);
        }

        String index() {
            return prefix + ":n";
        }

        String lock() {
            return prefix + ":l:" + id;
        }

        /** The tag that scopes a server-side vector search to this tenant, generation and parameter set. */
        String tag() {
            return sha(prefix + ":" + parameters);
        }
    }

    static String sha(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
