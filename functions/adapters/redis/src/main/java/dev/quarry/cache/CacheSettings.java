package dev.quarry.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

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
        return with(c -> c.threshold = value);
    }

    public CacheSettings withMode(CacheMode value) {
        return with(c -> c.mode = value);
    }

    public CacheSettings withTtl(Duration value) {
        return with(c -> c.ttl = value);
    }

    public CacheSettings withCaps(int entriesPerTenant, int valueBytes) {
        return with(c -> {
            c.maxEntriesPerTenant = entriesPerTenant;
            c.maxValueBytes = valueBytes;
        });
    }

    public CacheSettings withTimeouts(Duration timeoutValue, Duration breakerOpenValue) {
        return with(c -> {
            c.timeout = timeoutValue;
            c.breakerOpen = breakerOpenValue;
        });
    }

    /** Verifier on (the shipped decision) or off (cosine against the threshold alone, to measure what it adds). */
    public CacheSettings withVerifier(boolean value) {
        return with(c -> c.verifier = value);
    }

    public CacheSettings withLsh(int tables, int bits, int probes, int candidates) {
        return with(c -> {
            c.lshTables = tables;
            c.lshBits = bits;
            c.lshProbes = probes;
            c.maxCandidates = candidates;
        });
    }

    public CacheSettings withMaxFalseHitRate(double value) {
        return with(c -> c.maxFalseHitRate = value);
    }

    public CacheSettings withVerifySampleRate(double value) {
        return with(c -> c.verifySampleRate = value);
    }

    /** These settings with what {@code change} sets on a copy of them; the new settings are checked again. */
    private CacheSettings with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy of every component, for the {@code with…} methods to change one or a few of. */
    private static final class Copy {
        CacheMode mode;
        double threshold;
        Duration ttl;
        int maxEntriesPerTenant;
        int maxValueBytes;
        Duration timeout;
        int breakerFailures;
        Duration breakerOpen;
        Duration lockTtl;
        Duration lockWait;
        int lshTables;
        int lshBits;
        int lshProbes;
        long lshSeed;
        int maxCandidates;
        boolean verifier;
        double maxFalseHitRate;
        double verifySampleRate;

        Copy(CacheSettings s) {
            mode = s.mode;
            threshold = s.threshold;
            ttl = s.ttl;
            maxEntriesPerTenant = s.maxEntriesPerTenant;
            maxValueBytes = s.maxValueBytes;
            timeout = s.timeout;
            breakerFailures = s.breakerFailures;
            breakerOpen = s.breakerOpen;
            lockTtl = s.lockTtl;
            lockWait = s.lockWait;
            lshTables = s.lshTables;
            lshBits = s.lshBits;
            lshProbes = s.lshProbes;
            lshSeed = s.lshSeed;
            maxCandidates = s.maxCandidates;
            verifier = s.verifier;
            maxFalseHitRate = s.maxFalseHitRate;
            verifySampleRate = s.verifySampleRate;
        }

        CacheSettings build() {
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
                    verifySampleRate);
        }
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
