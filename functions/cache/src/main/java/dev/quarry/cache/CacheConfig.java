package dev.quarry.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The answer cache on Redis / Valkey ({@code quarry.cache.*}); the server address is {@code quarkus.redis.hosts}. */
@ConfigMapping(prefix = "quarry.cache")
public interface CacheConfig {

    /** Use the Redis cache; when false the function keeps its in-memory (or no) cache and never connects. */
    @WithDefault("false")
    boolean enabled();

    /** off: never answer from the cache; exact: normalised text + parameters; semantic: also paraphrases. */
    @WithDefault("semantic")
    CacheMode mode();

    /** Minimum cosine similarity between two query embeddings for a semantic hit (before the guard). */
    @WithDefault("0.90")
    double threshold();

    /** How long a cached answer is served; old corpus generations simply age out. */
    @WithDefault("24h")
    Duration ttl();

    /**
     * Most entries kept per tenant and corpus generation in Redis; the oldest go first. The in-memory cache
     * used when {@link #enabled()} is false keeps this many entries in total.
     */
    @WithDefault("10000")
    int maxEntriesPerTenant();

    /** Largest serialised answer stored, in bytes; larger answers are not cached. */
    @WithDefault("262144")
    int maxValueBytes();

    /**
     * Apply the question guard (numbers, dates, negation, subject terms must agree) on semantic hits. Turn
     * off only to measure what it prevents.
     */
    @WithDefault("true")
    boolean guard();

    /**
     * Find semantic candidates with the server's vector search (FT.SEARCH KNN) when it has one (Valkey
     * Search, Redis Stack); otherwise, or when false, with LSH buckets. Hits are verified the same way.
     */
    @WithDefault("true")
    boolean serverVectorSearch();

    /** Time budget of one cache lookup or store; past it the query runs without the cache (bypass). */
    @WithDefault("50ms")
    Duration timeout();

    /** Consecutive failures (errors or timeouts) that open the circuit breaker. */
    @WithDefault("3")
    int breakerFailures();

    /** How long an open breaker skips Redis before one probe request is let through. */
    @WithDefault("5s")
    Duration breakerOpen();

    /** How long the first of concurrent identical misses holds the compute lock. */
    @WithDefault("10s")
    Duration lockTtl();

    /** How long the others wait for its answer before computing themselves. */
    @WithDefault("2s")
    Duration lockWait();

    /** Locality-sensitive hashing for semantic lookups on plain Redis. */
    Lsh lsh();

    interface Lsh {
        /** Hash tables (independent sets of hyperplanes); more tables raise recall and bucket reads. */
        @WithDefault("12")
        int tables();

        /** Hyperplanes (bits) per table; more bits make buckets smaller and collisions rarer. */
        @WithDefault("10")
        int bits();

        /** Extra buckets probed per table, flipping the bits the query is closest to. */
        @WithDefault("3")
        int probes();

        /** Seed of the hyperplanes; every writer and reader of a cache must use the same. */
        @WithDefault("20250601")
        long seed();

        /** Most candidates whose vectors are fetched and compared in one lookup. */
        @WithDefault("64")
        int maxCandidates();
    }

    default CacheSettings toSettings() {
        return new CacheSettings(
                mode(),
                threshold(),
                ttl(),
                maxEntriesPerTenant(),
                maxValueBytes(),
                timeout(),
                breakerFailures(),
                breakerOpen(),
                lockTtl(),
                lockWait(),
                lsh().tables(),
                lsh().bits(),
                lsh().probes(),
                lsh().seed(),
                lsh().maxCandidates(),
                guard());
    }
}
