package dev.quarry.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.pipeline.CacheKey;
import dev.quarry.core.pipeline.QueryResult;
import dev.quarry.core.pipeline.QueryResult.CacheStatus;
import dev.quarry.core.pipeline.QueryResult.Timings;
import dev.quarry.core.port.AnswerCache;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The answer cache on Redis OSS / Valkey (ElastiCache, also Serverless): no modules needed.
 *
 * <p>Keys, all in the tenant's hash slot {@code {tenant}} so one pipeline never crosses cluster slots:
 *
 * <pre>
 * quarry:cache:{T}:gen                  the tenant's corpus generation (INCR on every corpus change)
 * quarry:cache:{T}:g&lt;G&gt;:e:&lt;id&gt;           one entry (hash: q query, p parameters, v vector, r answer JSON)
 * quarry:cache:{T}:g&lt;G&gt;:b:&lt;P&gt;:&lt;t&gt;:&lt;sig&gt;  LSH bucket of table t for parameter set P (set of entry ids)
 * quarry:cache:{T}:g&lt;G&gt;:n                entries of the generation by store time (zset, for the cap)
 * quarry:cache:{T}:g&lt;G&gt;:l:&lt;id&gt;           the compute lock of one question
 * </pre>
 *
 * Every key but the generation counter expires after the TTL, so old generations simply age out.
 *
 * <p>Lookup: one round trip reads the exact entry and every probed LSH bucket; a second reads the
 * vectors and questions of at most {@code maxCandidates} candidates (those found in most tables first);
 * the best candidate at or above the threshold that the {@link QuestionGuard} accepts is read in a third.
 * Every round trip shares one time budget ({@code timeout}); an error, a timeout or an open circuit breaker
 * answers the query without the cache ({@link CacheStatus#BYPASS}).
 */
public final class RedisAnswerCache implements AnswerCache {

    private static final Logger LOG = Logger.getLogger(RedisAnswerCache.class);
    /** The generation returned when Redis cannot tell: lookups with it bypass the cache. */
    public static final long UNKNOWN_GENERATION = -1;

    private static final String UNLOCK_SCRIPT =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Redis redis;
    private final CacheSettings settings;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final CacheMetrics metrics = new CacheMetrics();
    private final Map<Integer, Lsh> hashers = new ConcurrentHashMap<>();
    private final Set<Integer> ftIndexes = ConcurrentHashMap.newKeySet();
    private volatile boolean serverSearch;
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RedisAnswerCache(Redis redis, CacheSettings settings, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpen(), clock);
    }

    public CacheMetrics metrics() {
        return metrics;
    }

    public CacheSettings settings() {
        return settings;
    }

    /**
     * Whether the server offers vector search ({@code FT._LIST} answers): Valkey Search or Redis Stack.
     */
    public boolean serverHasVectorSearch() {
        try {
            redis.send(Request.cmd(Command.create("FT._LIST"))).await().atMost(Duration.ofSeconds(2));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Finds semantic candidates with the server's vector search ({@code FT.SEARCH … KNN}) instead of the
     * LSH buckets, when the server has it; call once at startup. Candidates are verified exactly as on the
     * LSH path (exact cosine, threshold, guard), so the results contract is the same; LSH buckets are still
     * written, and any FT error switches this cache back to them.
     *
     * @return whether the server-side path is now in use
     */
    public boolean useServerVectorSearch() {
        serverSearch = serverHasVectorSearch();
        return serverSearch;
    }

    /** Whether semantic candidates currently come from {@code FT.SEARCH}. */
    public boolean usingServerVectorSearch() {
        return serverSearch;
    }

    @Override
    public long corpusGeneration(String tenant) {
        Tenants.canonical(tenant, "tenant");
        if (settings.mode() == CacheMode.OFF || !breaker.allow()) {
            return UNKNOWN_GENERATION;
        }
        try {
            Response r = call(List.of(Request.cmd(Command.GET).arg(generationKey(tenant))), settings.timeout())
                    .get(0);
            breaker.success();
            return r == null ? 0 : Long.parseLong(r.toString());
        } catch (RuntimeException e) {
            failed("read the corpus generation", e);
            return UNKNOWN_GENERATION;
        }
    }

    /**
     * Bumps the tenant's generation. Not fail-open: a lost bump could serve answers computed before the
     * change, so a failure is {@link QuarryException.Transient} and the ingestion is retried.
     */
    @Override
    public void corpusChanged(String tenant) {
        Tenants.canonical(tenant, "tenant");
        Duration budget =
                settings.timeout().compareTo(Duration.ofSeconds(2)) > 0 ? settings.timeout() : Duration.ofSeconds(2);
        try {
            call(List.of(Request.cmd(Command.INCR).arg(generationKey(tenant))), budget);
        } catch (RuntimeException e) {
            throw new QuarryException.Transient(
                    QuarryException.Reason.UNAVAILABLE,
                    "could not bump the answer cache generation of tenant " + tenant
                            + " (check quarkus.redis.hosts); retry the ingestion",
                    e);
        }
    }

    @Override
    public Optional<QueryResult> lookup(CacheKey key) {
        Outcome outcome = find(key);
        return Optional.ofNullable(outcome.result());
    }

    @Override
    public void store(CacheKey key, QueryResult result) {
        if (settings.mode() == CacheMode.OFF || key.corpusGeneration() < 0 || !breaker.allow()) {
            return;
        }
        byte[] value;
        try {
            value = json.writeValueAsBytes(new CachedAnswer(
                    key.normalizedQuery(),
                    key.parameters(),
                    clock.millis(),
                    result.answer(),
                    result.hits(),
                    result.reranked(),
                    result.rerankNote()));
        } catch (JsonProcessingException e) {
            LOG.warnf("answer not cached: it cannot be serialised (%s)", e.getMessage());
            return;
        }
        if (value.length > settings.maxValueBytes()) {
            LOG.debugf(
                    "answer not cached: %d bytes > quarry.cache.max-value-bytes=%d",
                    value.length, settings.maxValueBytes());
            return;
        }
        Scope scope = scope(key);
        String id = scope.id;
        long ttl = settings.ttl().toMillis();
        List<Request> batch = new ArrayList<>();
        Request hset = Request.cmd(Command.HSET)
                .arg(scope.entry(id))
                .arg("q")
                .arg(key.normalizedQuery())
                .arg("p")
                .arg(key.parameters())
                .arg("r")
                .arg(value);
        boolean semantic = settings.mode() == CacheMode.SEMANTIC && key.queryVector() != null;
        if (semantic) {
            hset.arg("v").arg(toBytes(key.queryVector())).arg("s").arg(scope.tag());
            if (serverSearch) {
                ensureIndex(key.queryVector().length);
            }
        }
        batch.add(hset);
        batch.add(Request.cmd(Command.PEXPIRE).arg(scope.entry(id)).arg(ttl));
        if (semantic) {
            int[] signatures = lsh(key.queryVector()).signatures(key.queryVector());
            for (int t = 0; t < signatures.length; t++) {
                String bucket = scope.bucket(t, signatures[t]);
                batch.add(Request.cmd(Command.SADD).arg(bucket).arg(id));
                batch.add(Request.cmd(Command.PEXPIRE).arg(bucket).arg(ttl));
            }
        }
        batch.add(
                Request.cmd(Command.ZADD).arg(scope.index()).arg(clock.millis()).arg(id));
        batch.add(Request.cmd(Command.PEXPIRE).arg(scope.index()).arg(ttl));
        batch.add(Request.cmd(Command.ZCARD).arg(scope.index()));
        try {
            List<Response> responses = call(batch, settings.timeout());
            long size = responses.get(responses.size() - 1).toLong();
            if (size > settings.maxEntriesPerTenant()) {
                evict(scope, size - settings.maxEntriesPerTenant());
            }
            breaker.success();
        } catch (RuntimeException e) {
            failed("store an answer", e);
        }
    }

    /**
     * Lookup, then on a miss a short lock so that concurrent identical misses compute once: the lock holder
     * computes and stores, the others poll the entry for up to {@code lockWait} and compute themselves if
     * it does not appear. Redis trouble at any step answers without the cache.
     */
    @Override
    public QueryResult lookupOrCompute(CacheKey key, Supplier<QueryResult> compute) {
        Outcome outcome = find(key);
        if (outcome.result() != null) {
            return outcome.result();
        }
        if (outcome.bypass()) {
            QueryResult computed = compute.get();
            return computed.withCache(CacheStatus.BYPASS, computed.timings());
        }
        if (settings.mode() == CacheMode.OFF) {
            return compute.get();
        }
        Scope scope = scope(key);
        String token = UUID.randomUUID().toString();
        Boolean locked = tryLock(scope, token);
        if (locked == null) {
            QueryResult computed = compute.get();
            return computed.withCache(CacheStatus.BYPASS, computed.timings());
        }
        if (!locked) {
            long deadline = System.nanoTime() + settings.lockWait().toNanos();
            while (System.nanoTime() < deadline && breaker.allow()) {
                sleep(POLL);
                Optional<QueryResult> ready = readExact(scope, key);
                if (ready.isPresent()) {
                    return ready.get();
                }
            }
            LOG.debugf(
                    "cache lock of %s held past %s: computing without waiting longer", scope.id, settings.lockWait());
        }
        try {
            QueryResult computed = compute.get();
            store(key, computed);
            return computed;
        } finally {
            if (locked) {
                unlock(scope, token);
            }
        }
    }

    private record Outcome(QueryResult result, boolean bypass) {
        static final Outcome MISS = new Outcome(null, false);
        static final Outcome BYPASS = new Outcome(null, true);
    }

    private Outcome find(CacheKey key) {
        long start = System.nanoTime();
        if (settings.mode() == CacheMode.OFF) {
            return Outcome.MISS;
        }
        if (key.corpusGeneration() < 0 || !breaker.allow()) {
            metrics.lookup(key.tenant(), "bypass", "none", 0, System.nanoTime() - start);
            return Outcome.BYPASS;
        }
        long deadline = start + settings.timeout().toNanos();
        Scope scope = scope(key);
        boolean semantic = settings.mode() == CacheMode.SEMANTIC && key.queryVector() != null;
        try {
            List<Request> first = new ArrayList<>();
            first.add(Request.cmd(Command.HMGET)
                    .arg(scope.entry(scope.id))
                    .arg("q")
                    .arg("r"));
            boolean ft = semantic && serverSearch && ftIndexes.contains(key.queryVector().length);
            if (ft) {
                first.add(Request.cmd(Command.create("FT.SEARCH"))
                        .arg(indexName(key.queryVector().length))
                        .arg("@s:{" + scope.tag() + "}=>[KNN " + settings.maxCandidates() + " @v $vec]")
                        .arg("PARAMS")
                        .arg(2)
                        .arg("vec")
                        .arg(toBytes(key.queryVector()))
                        .arg("NOCONTENT")
                        .arg("LIMIT")
                        .arg(0)
                        .arg(settings.maxCandidates())
                        .arg("DIALECT")
                        .arg(2));
            } else if (semantic) {
                List<int[]> probes = lsh(key.queryVector()).probeSignatures(key.queryVector());
                for (int t = 0; t < probes.size(); t++) {
                    for (int signature : probes.get(t)) {
                        first.add(Request.cmd(Command.SMEMBERS).arg(scope.bucket(t, signature)));
                    }
                }
            }
            List<Response> responses;
            try {
                responses = call(first, remaining(deadline));
            } catch (RuntimeException e) {
                if (ft && !(e instanceof io.smallrye.mutiny.TimeoutException)) {
                    serverSearch = false;
                    LOG.warnf("answer cache: FT.SEARCH failed (%s); using the LSH path from now on", e.toString());
                }
                throw e;
            }
            Response exact = responses.get(0);
            if (exact != null && exact.get(1) != null && key.normalizedQuery().equals(str(exact.get(0)))) {
                QueryResult hit = decode(exact.get(1).toBytes());
                breaker.success();
                metrics.lookup(key.tenant(), "hit", "exact", 1, System.nanoTime() - start);
                return new Outcome(hit, false);
            }
            if (!semantic) {
                breaker.success();
                metrics.lookup(key.tenant(), "miss", "exact", 0, System.nanoTime() - start);
                return Outcome.MISS;
            }
            Map<String, Integer> votes = new LinkedHashMap<>();
            if (ft) {
                for (String entryKey : searchResultKeys(responses.get(1))) {
                    votes.merge(entryKey.substring(entryKey.lastIndexOf(':') + 1), 1, Integer::sum);
                }
            }
            for (int i = ft ? responses.size() : 1; i < responses.size(); i++) {
                Response members = responses.get(i);
                if (members != null) {
                    for (Response member : members) {
                        votes.merge(member.toString(), 1, Integer::sum);
                    }
                }
            }
            votes.remove(scope.id);
            List<String> candidates = votes.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(settings.maxCandidates())
                    .map(Map.Entry::getKey)
                    .toList();
            if (candidates.isEmpty()) {
                breaker.success();
                metrics.lookup(key.tenant(), "miss", ft ? "ft" : "lsh", 0, System.nanoTime() - start);
                return Outcome.MISS;
            }
            List<Request> second = new ArrayList<>(candidates.size());
            for (String id : candidates) {
                second.add(
                        Request.cmd(Command.HMGET).arg(scope.entry(id)).arg("q").arg("v"));
            }
            List<Response> fetched = call(second, remaining(deadline));
            String best = null;
            double bestSimilarity = -1;
            for (int i = 0; i < candidates.size(); i++) {
                Response entry = fetched.get(i);
                if (entry == null || entry.get(0) == null || entry.get(1) == null) {
                    continue; // evicted or expired; its bucket membership outlived it
                }
                float[] vector = toFloats(entry.get(1).toBytes());
                if (vector.length != key.queryVector().length) {
                    continue;
                }
                double similarity = Lsh.cosine(key.queryVector(), vector);
                if (similarity < settings.threshold() || similarity <= bestSimilarity) {
                    continue;
                }
                if (settings.guard() && !QuestionGuard.sameQuestion(key.normalizedQuery(), str(entry.get(0)))) {
                    metrics.guardRejected();
                    continue;
                }
                best = candidates.get(i);
                bestSimilarity = similarity;
            }
            if (best == null) {
                breaker.success();
                metrics.lookup(key.tenant(), "miss", "lsh", 0, System.nanoTime() - start);
                return Outcome.MISS;
            }
            Response value = call(
                            List.of(Request.cmd(Command.HGET)
                                    .arg(scope.entry(best))
                                    .arg("r")),
                            remaining(deadline))
                    .get(0);
            breaker.success();
            if (value == null) {
                metrics.lookup(key.tenant(), "miss", "lsh", bestSimilarity, System.nanoTime() - start);
                return Outcome.MISS;
            }
            metrics.lookup(key.tenant(), "hit", "lsh", bestSimilarity, System.nanoTime() - start);
            return new Outcome(decode(value.toBytes()), false);
        } catch (RuntimeException e) {
            failed("look up an answer", e);
            metrics.lookup(key.tenant(), "bypass", semantic ? "lsh" : "exact", 0, System.nanoTime() - start);
            return Outcome.BYPASS;
        }
    }

    private Optional<QueryResult> readExact(Scope scope, CacheKey key) {
        try {
            Response exact = call(
                            List.of(Request.cmd(Command.HMGET)
                                    .arg(scope.entry(scope.id))
                                    .arg("q")
                                    .arg("r")),
                            settings.timeout())
                    .get(0);
            if (exact != null && exact.get(1) != null && key.normalizedQuery().equals(str(exact.get(0)))) {
                return Optional.of(decode(exact.get(1).toBytes()));
            }
        } catch (RuntimeException e) {
            failed("poll for a locked answer", e);
        }
        return Optional.empty();
    }

    /** True: this caller holds the lock; false: another does; null: Redis could not be asked. */
    private Boolean tryLock(Scope scope, String token) {
        try {
            Response r = call(
                            List.of(Request.cmd(Command.SET)
                                    .arg(scope.lock())
                                    .arg(token)
                                    .arg("NX")
                                    .arg("PX")
                                    .arg(settings.lockTtl().toMillis())),
                            settings.timeout())
                    .get(0);
            return r != null;
        } catch (RuntimeException e) {
            failed("take the compute lock", e);
            return null;
        }
    }

    private void unlock(Scope scope, String token) {
        try {
            call(
                    List.of(Request.cmd(Command.EVAL)
                            .arg(UNLOCK_SCRIPT)
                            .arg(1)
                            .arg(scope.lock())
                            .arg(token)),
                    settings.timeout());
        } catch (RuntimeException e) {
            failed("release the compute lock (it expires by itself)", e);
        }
    }

    /** Drops the {@code count} oldest entries of the scope (their bucket memberships expire with the TTL). */
    private void evict(Scope scope, long count) {
        Response oldest = call(
                        List.of(Request.cmd(Command.ZRANGE)
                                .arg(scope.index())
                                .arg(0)
                                .arg(count - 1)),
                        settings.timeout())
                .get(0);
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

    /** Creates the vector index for {@code dimension} once; an existing index is fine. */
    private void ensureIndex(int dimension) {
        if (ftIndexes.contains(dimension)) {
            return;
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
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage())
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("exists")) {
                ftIndexes.add(dimension);
            } else {
                serverSearch = false;
                LOG.warnf("answer cache: FT.CREATE failed (%s); using the LSH path", e.toString());
            }
        }
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

    private List<Response> call(List<Request> requests, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalStateException("cache time budget spent");
        }
        return redis.batch(requests).await().atMost(budget);
    }

    private void failed(String what, RuntimeException e) {
        metrics.error();
        boolean opened = breaker.failure();
        if (opened) {
            LOG.warnf(
                    "answer cache: could not %s (%s); circuit breaker open, queries skip the cache for %s",
                    what, e.toString(), settings.breakerOpen());
        } else {
            LOG.debugf("answer cache: could not %s (%s); query answered without the cache", what, e.toString());
        }
    }

    private QueryResult decode(byte[] bytes) {
        try {
            CachedAnswer a = json.readValue(bytes, CachedAnswer.class);
            return new QueryResult(a.answer(), a.hits(), CacheStatus.HIT, a.reranked(), a.rerankNote(), Timings.NONE);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cached answer is not readable: " + e.getMessage(), e);
        }
    }

    private Lsh lsh(float[] vector) {
        return hashers.computeIfAbsent(
                vector.length,
                d -> new Lsh(d, settings.lshTables(), settings.lshBits(), settings.lshProbes(), settings.lshSeed()));
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(deadlineNanos - System.nanoTime());
    }

    private static String str(Response r) {
        return r == null ? null : r.toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cached answer", e);
        }
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

    private Scope scope(CacheKey key) {
        String prefix = "quarry:cache:{" + URLEncoder.encode(key.tenant(), StandardCharsets.UTF_8) + "}:g"
                + key.corpusGeneration();
        return new Scope(
                prefix,
                sha(key.parameters()).substring(0, 16),
                sha(key.parameters() + "\u0000" + key.normalizedQuery()));
    }

    /** The keys of one tenant, generation and parameter set; {@code id} is the looked-up question's. */
    private record Scope(String prefix, String parameters, String id) {
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

    private static String sha(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
