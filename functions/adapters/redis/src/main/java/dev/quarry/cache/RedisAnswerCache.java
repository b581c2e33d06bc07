package dev.quarry.cache;

import dev.quarry.cache.RedisCacheStore.Scope;
import dev.quarry.cache.SemanticLookup.Candidate;
import dev.quarry.cache.SemanticLookup.Nearest;
import dev.quarry.cache.verify.EntryObservations;
import dev.quarry.cache.verify.HitVerifier;
import dev.quarry.cache.verify.HitVerifier.Verdict;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;
import dev.quarry.core.query.QueryResult.CacheStatus;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The answer cache on Redis OSS / Valkey (ElastiCache, also Serverless): no modules needed. Storage and key
 * layout are {@link RedisCacheStore}'s; this class decides.
 *
 * <p>Lookup: one round trip reads the exact entry and every probed LSH bucket (or the server's KNN
 * result); a second reads the question, vector and online-check outcomes of at most {@code maxCandidates}
 * candidates (those found in most tables first). Only the nearest candidate is judged: the {@link
 * HitVerifier} weighs its cosine, the margin to the second-nearest and how the two questions differ, and the
 * answer is read in a third round trip only when the verifier's calibrated probability of being right
 * reaches {@code 1 - maxFalseHitRate}. A farther candidate is never served in its place. Every round trip
 * shares one time budget ({@code timeout}); an error, a timeout or an open circuit breaker answers the query
 * without the cache ({@link CacheStatus#BYPASS}).
 *
 * <p>Without a verifier for the query embedder (and the verifier not switched off), lookups use the exact
 * path only: an unverified semantic hit is not served.
 *
 * <p>Online verification ({@link OnlineVerifier}): a sampled would-be hit, and a near miss, is computed
 * fresh; when its answer is stored, it is compared with the nearest entry's cached answer and the outcome is
 * added to that entry ({@link EntryObservations}), which moves the entry's own threshold.
 */
public final class RedisAnswerCache implements AnswerCache {

    private static final Logger LOG = Logger.getLogger(RedisAnswerCache.class);
    /** The generation returned when Redis cannot tell: lookups with it bypass the cache. */
    public static final long UNKNOWN_GENERATION = -1;

    private static final Duration POLL = Duration.ofMillis(20);
    /** Near misses at or above this probability of being right are checked when their answer is stored. */
    private static final double CHECK_NEAR_MISSES_FROM = 0.5;

    private final RedisCacheStore store;
    private final CorpusVersion versions;
    private final CacheSettings settings;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final Optional<HitVerifier> verifier;
    private final OnlineVerifier online;
    private final CacheMetrics metrics = new CacheMetrics();
    private final Map<Integer, Lsh> hashers = new ConcurrentHashMap<>();
    private volatile boolean serverSearch;

    /**
     * @param verifier judges semantic hits; empty serves exact hits only (unless {@code settings.verifier()}
     *     is false, which serves the nearest candidate on cosine alone, for measurements)
     * @param comparator online verification's judge of a fresh answer against the cached one
     * @param versions the corpus versions ingestion bumps, read for every key
     */
    public RedisAnswerCache(
            Redis redis,
            CacheSettings settings,
            Clock clock,
            Optional<HitVerifier> verifier,
            AnswerComparator comparator,
            CorpusVersion versions) {
        this.versions = Objects.requireNonNull(versions, "versions must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.verifier = Objects.requireNonNull(verifier, "verifier must not be null: pass Optional.empty()");
        this.store = new RedisCacheStore(
                redis, settings, verifier.map(HitVerifier::embedder).orElse(""));
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpen(), clock);
        this.online = OnlineVerifier.of(settings, Objects.requireNonNull(comparator, "comparator must not be null"));
        if (settings.mode() == CacheMode.SEMANTIC && settings.verifier() && verifier.isEmpty()) {
            LOG.warn("answer cache: no hit verifier for the query embedder, so only identical questions are"
                    + " served (train weights with quarry bench cache-train, or set quarry.cache.mode=exact)");
        }
    }

    /** A cache whose corpus versions are kept in the same Redis ({@link RedisCorpusVersion}). */
    public RedisAnswerCache(
            Redis redis,
            CacheSettings settings,
            Clock clock,
            Optional<HitVerifier> verifier,
            AnswerComparator comparator) {
        this(
                redis,
                settings,
                clock,
                verifier,
                comparator,
                new RedisCorpusVersion(
                        Objects.requireNonNull(redis, "redis must not be null"),
                        Objects.requireNonNull(settings, "settings must not be null")
                                .timeout()));
    }

    /** A cache whose online checks compare answers exactly, with its corpus versions in the same Redis. */
    public RedisAnswerCache(Redis redis, CacheSettings settings, Clock clock, Optional<HitVerifier> verifier) {
        this(redis, settings, clock, verifier, AnswerComparator.EXACT);
    }

    public CacheMetrics metrics() {
        return metrics;
    }

    public CacheSettings settings() {
        return settings;
    }

    public Optional<HitVerifier> verifier() {
        return verifier;
    }

    /** Online verification's counts: sampled would-be hits, checks done, checks where the answers disagreed. */
    public long[] onlineChecks() {
        return new long[] {online.sampledCount(), online.checkCount(), online.disagreementCount()};
    }

    /** Whether the server offers vector search ({@code FT._LIST} answers): Valkey Search or Redis Stack. */
    public boolean serverHasVectorSearch() {
        return store.serverHasVectorSearch();
    }

    /**
     * Finds semantic candidates with the server's vector search ({@code FT.SEARCH … KNN}) instead of the
     * LSH buckets, when the server has it; call once at startup. Candidates are verified exactly as on the
     * LSH path, so the results contract is the same; LSH buckets are still written, and any FT error switches
     * this cache back to them.
     *
     * @return whether the server-side path is now in use
     */
    public boolean useServerVectorSearch() {
        serverSearch = store.serverHasVectorSearch();
        return serverSearch;
    }

    /** Whether semantic candidates currently come from {@code FT.SEARCH}. */
    public boolean usingServerVectorSearch() {
        return serverSearch;
    }

    /**
     * The tenant's corpus version, read from this cache's {@link CorpusVersion}. Fail-open: when it cannot be read
     * (or the cache is off, or its circuit breaker open) the generation is {@link #UNKNOWN_GENERATION}, and
     * lookups and stores with it bypass the cache.
     */
    @Override
    public long corpusGeneration(String tenant) {
        Tenants.canonical(tenant, "tenant");
        if (settings.mode() == CacheMode.OFF || !breaker.allow()) {
            return UNKNOWN_GENERATION;
        }
        try {
            long generation = versions.current(tenant);
            breaker.success();
            return generation;
        } catch (RuntimeException e) {
            failed("read the corpus generation", e);
            return UNKNOWN_GENERATION;
        }
    }

    @Override
    public Optional<QueryResult> lookup(CacheKey key) {
        return Optional.ofNullable(find(key).result());
    }

    @Override
    public void store(CacheKey key, QueryResult result) {
        if (settings.mode() == CacheMode.OFF || key.corpusGeneration() < 0 || !breaker.allow()) {
            return;
        }
        byte[] value = store.encode(key, result, clock.millis());
        if (value == null) {
            return;
        }
        Scope scope = store.scope(key);
        if (value.length > settings.maxValueBytes()) {
            LOG.debugf(
                    "answer not cached: %d bytes > quarry.cache.max-value-bytes=%d",
                    value.length, settings.maxValueBytes());
            check(scope, result);
            return;
        }
        String id = scope.id();
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
            hset.arg("v")
                    .arg(RedisCacheStore.toBytes(key.queryVector()))
                    .arg("s")
                    .arg(scope.tag());
            if (serverSearch && !store.ensureIndex(key.queryVector().length)) {
                serverSearch = false;
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
            List<Response> responses = store.call(batch, settings.timeout());
            long size = responses.get(responses.size() - 1).toLong();
            if (size > settings.maxEntriesPerTenant()) {
                store.evict(scope, size - settings.maxEntriesPerTenant());
            }
            breaker.success();
        } catch (RuntimeException e) {
            failed("store an answer", e);
        }
        check(scope, result);
    }

    /**
     * Online verification: when this question's lookup was sampled (or was a near miss), compares its fresh
     * answer with the entry it would have been served and adds the outcome to that entry.
     */
    private void check(Scope scope, QueryResult fresh) {
        Optional<OnlineVerifier.Pending> waiting = online.take(scope.entry(scope.id()));
        if (waiting.isEmpty() || !breaker.allow()) {
            return;
        }
        OnlineVerifier.Pending p = waiting.get();
        try {
            Response entry = store.callOne(
                    Request.cmd(Command.HMGET).arg(p.entryKey()).arg("r").arg("o"), settings.timeout());
            if (entry == null || entry.get(0) == null) {
                return; // the entry expired meanwhile
            }
            boolean agreed = online.comparator().agree(store.decode(entry.get(0).toBytes()), fresh);
            online.checked(agreed);
            String seen = entry.get(1) == null ? null : entry.get(1).toString();
            String next =
                    EntryObservations.parse(seen).plus(p.probability(), agreed).format();
            store.callOne(store.updateIfPresent(p.entryKey(), "o", next), settings.timeout());
            LOG.debugf(
                    "cache online check entry=%s probability=%.4f sampled=%s agreed=%s",
                    p.entryKey(), p.probability(), p.sampled(), agreed);
        } catch (RuntimeException e) {
            failed("record an online verification", e);
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
        Scope scope = store.scope(key);
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
                    "cache lock of %s held past %s: computing without waiting longer", scope.id(), settings.lockWait());
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
        Scope scope = store.scope(key);
        boolean semantic = settings.mode() == CacheMode.SEMANTIC
                && key.queryVector() != null
                && (verifier.isPresent() || !settings.verifier());
        try {
            List<Request> first = new ArrayList<>();
            first.add(Request.cmd(Command.HMGET)
                    .arg(scope.entry(scope.id()))
                    .arg("q")
                    .arg("r"));
            boolean ft = semantic && serverSearch && store.hasIndex(key.queryVector().length);
            if (ft) {
                first.add(store.knnSearch(scope, key.queryVector()));
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
                responses = store.call(first, remaining(deadline));
            } catch (RuntimeException e) {
                if (ft && !(e instanceof io.smallrye.mutiny.TimeoutException)) {
                    serverSearch = false;
                    LOG.warnf("answer cache: FT.SEARCH failed (%s); using the LSH path from now on", e.toString());
                }
                throw e;
            }
            Response exact = responses.get(0);
            if (exact != null && exact.get(1) != null && key.normalizedQuery().equals(str(exact.get(0)))) {
                QueryResult hit = store.decode(exact.get(1).toBytes());
                breaker.success();
                metrics.lookup(key.tenant(), "hit", "exact", 1, System.nanoTime() - start);
                return new Outcome(hit, false);
            }
            String path = ft ? "ft" : "lsh";
            if (!semantic) {
                breaker.success();
                metrics.lookup(key.tenant(), "miss", "exact", 0, System.nanoTime() - start);
                return Outcome.MISS;
            }
            Map<String, Integer> votes = new LinkedHashMap<>();
            if (ft) {
                for (String entryKey : RedisCacheStore.searchResultKeys(responses.get(1))) {
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
            List<String> candidates = SemanticLookup.rank(votes, scope.id(), settings.maxCandidates());
            if (candidates.isEmpty()) {
                breaker.success();
                metrics.lookup(key.tenant(), "miss", path, 0, System.nanoTime() - start);
                return Outcome.MISS;
            }
            List<Request> second = new ArrayList<>(candidates.size());
            for (String id : candidates) {
                second.add(Request.cmd(Command.HMGET)
                        .arg(scope.entry(id))
                        .arg("q")
                        .arg("v")
                        .arg("o"));
            }
            Nearest nearest =
                    SemanticLookup.nearest(key.queryVector(), candidates, store.call(second, remaining(deadline)));
            Candidate best = nearest.best();
            if (best == null || best.cosine() < settings.threshold()) {
                breaker.success();
                metrics.lookup(key.tenant(), "miss", path, best == null ? 0 : best.cosine(), System.nanoTime() - start);
                return Outcome.MISS;
            }
            String queryEntry = scope.entry(scope.id());
            String bestEntry = scope.entry(best.id());
            if (verifier.isPresent() && settings.verifier()) {
                Verdict verdict = verifier.get()
                        .judge(key.normalizedQuery(), best.question(), best.cosine(), nearest.second(), best.seen());
                boolean waiting = online.waiting(queryEntry);
                boolean explore = verdict.serve() && !waiting && online.sample();
                if (!verdict.serve() || waiting || explore) {
                    if (!verdict.serve()) {
                        metrics.verifierRejected();
                    }
                    if (explore || (!waiting && verdict.probability() >= CHECK_NEAR_MISSES_FROM)) {
                        online.expect(queryEntry, bestEntry, verdict.probability(), explore);
                    }
                    breaker.success();
                    metrics.lookup(key.tenant(), "miss", path, best.cosine(), System.nanoTime() - start);
                    return Outcome.MISS;
                }
            }
            Response value =
                    store.callOne(Request.cmd(Command.HGET).arg(bestEntry).arg("r"), remaining(deadline));
            breaker.success();
            if (value == null) {
                metrics.lookup(key.tenant(), "miss", path, best.cosine(), System.nanoTime() - start);
                return Outcome.MISS;
            }
            metrics.lookup(key.tenant(), "hit", path, best.cosine(), System.nanoTime() - start);
            return new Outcome(store.decode(value.toBytes()), false);
        } catch (RuntimeException e) {
            failed("look up an answer", e);
            metrics.lookup(key.tenant(), "bypass", semantic ? "lsh" : "exact", 0, System.nanoTime() - start);
            return Outcome.BYPASS;
        }
    }

    private Optional<QueryResult> readExact(Scope scope, CacheKey key) {
        try {
            Response exact = store.callOne(
                    Request.cmd(Command.HMGET)
                            .arg(scope.entry(scope.id()))
                            .arg("q")
                            .arg("r"),
                    settings.timeout());
            if (exact != null && exact.get(1) != null && key.normalizedQuery().equals(str(exact.get(0)))) {
                return Optional.of(store.decode(exact.get(1).toBytes()));
            }
        } catch (RuntimeException e) {
            failed("poll for a locked answer", e);
        }
        return Optional.empty();
    }

    /** True: this caller holds the lock; false: another does; null: Redis could not be asked. */
    private Boolean tryLock(Scope scope, String token) {
        try {
            Response r = store.callOne(
                    Request.cmd(Command.SET)
                            .arg(scope.lock())
                            .arg(token)
                            .arg("NX")
                            .arg("PX")
                            .arg(settings.lockTtl().toMillis()),
                    settings.timeout());
            return r != null;
        } catch (RuntimeException e) {
            failed("take the compute lock", e);
            return null;
        }
    }

    private void unlock(Scope scope, String token) {
        try {
            store.callOne(
                    Request.cmd(Command.EVAL)
                            .arg(RedisCacheStore.UNLOCK_SCRIPT)
                            .arg(1)
                            .arg(scope.lock())
                            .arg(token),
                    settings.timeout());
        } catch (RuntimeException e) {
            failed("release the compute lock (it expires by itself)", e);
        }
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

    static String generationKey(String tenant) {
        return RedisCacheStore.generationKey(tenant);
    }

    static byte[] toBytes(float[] vector) {
        return RedisCacheStore.toBytes(vector);
    }

    static float[] toFloats(byte[] bytes) {
        return RedisCacheStore.toFloats(bytes);
    }
}
