package dev.quarry.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The answer cache on Redis / Valkey ({@code quarry.cache.*}); the server address is {@code quarkus.redis.hosts}. */
@ConfigMapping(prefix = "quarry.cache")
public interface CacheConfig {

    /** Use the Redis cache; when false the function keeps its in-memory (or no) cache and never connects. */
    @WithDefault("false")
    boolean enabled();

    /** off: never answer from the cache; exact: normalised text + parameters; semantic: also paraphrases. */
    @WithDefault("semantic")
    CacheMode mode();

    /**
     * Minimum cosine similarity of the nearest cached question for a semantic hit to be considered at all; the
     * hit verifier decides above it. The default adds nothing to the verifier (its weights never serve below
     * the cosine they were trained from, 0.70); raise it only to be stricter than the verifier.
     */
    @WithDefault("0.70")
    double threshold();

    /**
     * The largest probability, per served semantic hit, that it answers a different question: a hit is served
     * only when the hit verifier's calibrated probability that it is right reaches {@code 1 - this}. Lower is
     * stricter (fewer, surer hits). The default was chosen on a calibration split of Quora Question Pairs
     * train (see the README's semantic answer cache section), not on the evaluation data.
     */
    @WithDefault("0.10")
    double maxFalseHitRate();

    /** The hit verifier: learned weights that judge a would-be semantic hit, and online checks of them. */
    Verifier verifier();

    interface Verifier {
        /**
         * Judge semantic hits with the verifier. When false (only to measure what it adds), the nearest
         * candidate at or above {@link CacheConfig#threshold()} is served on cosine alone.
         */
        @WithDefault("true")
        boolean enabled();

        /**
         * A weights file of one's own ({@code quarry bench cache-train --out FILE}); by default the weights
         * shipped for the query embedder in use. Weights made for another embedder are refused.
         */
        Optional<String> weights();

        /**
         * The pair model the weights were trained with ({@code quarry bench cache-train --pair-model DIR}): a
         * directory with a cross-encoder's {@code model.onnx} and {@code tokenizer.json}, ideally one trained on
         * duplicate questions. It scores the query against the nearest cached question, once per judged
         * candidate. Weights record the SHA-256 of its model file; a missing or different model is refused at
         * start. Not set: the weights must read no pair model (the shipped ones read none).
         */
        Optional<Path> pairModelDir();

        /**
         * Online verification: the share of would-be semantic hits computed fresh anyway, their answer compared
         * with the cached one; the outcome tightens (or, on consistent agreement, loosens) that entry's
         * threshold. 0 turns it off.
         */
        @WithDefault("0.02")
        double sampleRate();
    }

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
                verifier().enabled(),
                maxFalseHitRate(),
                verifier().sampleRate());
    }
}
