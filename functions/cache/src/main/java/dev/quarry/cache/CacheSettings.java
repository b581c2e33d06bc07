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
        boolean guard) {

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
    }

    /** The defaults of {@link CacheConfig}. */
    public static CacheSettings defaults() {
        return new CacheSettings(
                CacheMode.SEMANTIC,
                0.90,
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
                true);
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
                guard);
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
                guard);
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
                guard);
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
                guard);
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
                guard);
    }

    public CacheSettings withGuard(boolean value) {
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
                value);
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
                guard);
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
