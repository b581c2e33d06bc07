package dev.quarry.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer cache's settings as plain values (see {@link CacheConfig} for what each means), so the cache
 * can be built without CDI in tests and benchmarks.
 */
public record CacheSettings(
        CacheMode mode,
        double threshold,
        Duration ttl,
        int maxEntriesPerTenant,
        int maxValueBytes,
        Duration timeout,
        int breakerFailures,
        Duration breakerOpen,
        Duration lockTtl,
        Duration lockWait,
        int lshTables,
        int lshBits,
        int lshProbes,
        long lshSeed,
        int maxCandidates,
        boolean verifier,
        double maxFalseHitRate,
        double verifySampleRate) {

    public CacheSettings {
        Objects.requireNonNull(mode, "mode must not be null");
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        positive(ttl, "ttl");
        positive(timeout, "timeout");
        positive(breakerOpen, "breakerOpen");
        positive(lockTtl, "lockTtl");
        Objects.requireNonNull(lockWait, "lockWait must not be null");
        atLeast(maxEntriesPerTenant, 1, "maxEntriesPerTenant");
        atLeast(maxValueBytes, 1, "maxValueBytes");
        atLeast(breakerFailures, 1, "breakerFailures");
        atLeast(lshTables, 1, "lshTables");
        if (lshBits < 1 || lshBits > 30) {
            throw new IllegalArgumentException("lshBits must be in 1..30, was " + lshBits);
        }
        if (lshProbes < 0 || lshProbes > lshBits) {
            throw new IllegalArgumentException("lshProbes must be in 0..lshBits, was " + lshProbes);
        }
        atLeast(maxCandidates, 1, "maxCandidates");
        if (!(maxFalseHitRate > 0 && maxFalseHitRate < 1)) {
            throw new IllegalArgumentException("maxFalseHitRate must be in (0, 1), was " + maxFalseHitRate);
        }
        if (!(verifySampleRate >= 0 && verifySampleRate <= 1)) {
            throw new IllegalArgumentException("verifySampleRate must be in [0, 1], was " + verifySampleRate);
        }
    }

    /** {@link CacheConfig#threshold()}'s default. */
    public static final double DEFAULT_THRESHOLD = 0.70;

    /** {@link CacheConfig#maxFalseHitRate()}'s default. */
    public static final double DEFAULT_MAX_FALSE_HIT_RATE = 0.10;

    /** {@link CacheConfig.Verify#sampleRate()}'s default. */
    public static final double DEFAULT_VERIFY_SAMPLE_RATE = 0.02;

    /** The defaults of {@link CacheConfig}. */
    public static CacheSettings defaults() {
        return new CacheSettings(
                CacheMode.SEMANTIC,
                DEFAULT_THRESHOLD,
                Duration.ofHours(24),
                10_000,
                256 * 1024,
                Duration.ofMillis(50),
                3,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                12,
                10,
                3,
                20250601L,
                64,
                true,
                DEFAULT_MAX_FALSE_HIT_RATE,
                DEFAULT_VERIFY_SAMPLE_RATE);
    }

    public CacheSettings withThreshold(double value) {
        return new CacheSettings(
                mode,
                value,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                maxFalseHitRate,
                verifySampleRate);
    }

    public CacheSettings withMode(CacheMode value) {
        return new CacheSettings(
                value,
                threshold,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                maxFalseHitRate,
                verifySampleRate);
    }

    public CacheSettings withTtl(Duration value) {
        return new CacheSettings(
                mode,
                threshold,
                value,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                maxFalseHitRate,
                verifySampleRate);
    }

    public CacheSettings withCaps(int entriesPerTenant, int valueBytes) {
        return new CacheSettings(
                mode,
                threshold,
                ttl,
                entriesPerTenant,
                valueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                maxFalseHitRate,
                verifySampleRate);
    }

    public CacheSettings withTimeouts(Duration timeoutValue, Duration breakerOpenValue) {
        return new CacheSettings(
                mode,
                threshold,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeoutValue,
                breakerFailures,
                breakerOpenValue,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                maxFalseHitRate,
                verifySampleRate);
    }

    /** Verifier on (the shipped decision) or off (cosine against the threshold alone, to measure what it adds). */
    public CacheSettings withVerifier(boolean value) {
        return new CacheSettings(
                mode,
                threshold,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                value,
                maxFalseHitRate,
                verifySampleRate);
    }

    public CacheSettings withLsh(int tables, int bits, int probes, int candidates) {
        return new CacheSettings(
                mode,
                threshold,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                tables,
                bits,
                probes,
                lshSeed,
                candidates,
                verifier,
                maxFalseHitRate,
                verifySampleRate);
    }

    public CacheSettings withMaxFalseHitRate(double value) {
        return new CacheSettings(
                mode,
                threshold,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                value,
                verifySampleRate);
    }

    public CacheSettings withVerifySampleRate(double value) {
        return new CacheSettings(
                mode,
                threshold,
                ttl,
                maxEntriesPerTenant,
                maxValueBytes,
                timeout,
                breakerFailures,
                breakerOpen,
                lockTtl,
                lockWait,
                lshTables,
                lshBits,
                lshProbes,
                lshSeed,
                maxCandidates,
                verifier,
                maxFalseHitRate,
                value);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name + " must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }
}
