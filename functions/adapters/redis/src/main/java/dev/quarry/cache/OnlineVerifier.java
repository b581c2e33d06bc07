package dev.quarry.cache;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Online verification's bookkeeping, in process: which lookups are waiting for their fresh answer to be
 * compared with a cached entry. Two kinds are checked:
 *
 * <ul>
 *   <li>sampled hits: a would-be hit that is computed fresh anyway, with probability {@code sampleRate};
 *   <li>near misses: a lookup whose nearest entry was judged not servable but likely right; its answer is
 *       computed anyway, so comparing costs one read and no model call.
 * </ul>
 *
 * A lookup is remembered until the answer for the same question is stored (its compute lock's lifetime at
 * most), so that {@code lookup} and a later {@code lookupOrCompute} of the same request (a server that
 * answers hits before queueing) agree: a sampled question is not served from the cache by either.
 * Memory is bounded: at most {@value #MAX_PENDING} lookups wait; past that, new ones are not checked.
 */
final class OnlineVerifier {

    static final int MAX_PENDING = 10_000;

    /** A lookup awaiting its fresh answer: the entry it would have been served and the verifier's probability. */
    record Pending(String entryKey, double probability, boolean sampled, long expiresNanos) {}

    private final double sampleRate;
    private final Duration hold;
    private final AnswerComparator comparator;
    private final DoubleSupplier random;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final LongAdder sampled = new LongAdder();
    private final LongAdder checks = new LongAdder();
    private final LongAdder disagreements = new LongAdder();

    OnlineVerifier(double sampleRate, Duration hold, AnswerComparator comparator, DoubleSupplier random) {
        this.sampleRate = sampleRate;
        this.hold = Objects.requireNonNull(hold, "hold must not be null");
        this.comparator = Objects.requireNonNull(comparator, "comparator must not be null");
        this.random = Objects.requireNonNull(random, "random must not be null");
    }

    static OnlineVerifier of(CacheSettings settings, AnswerComparator comparator) {
        return new OnlineVerifier(
                settings.verifySampleRate(),
                settings.lockTtl(),
                comparator,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    boolean enabled() {
        return sampleRate > 0;
    }

    /** Whether this would-be hit is computed fresh instead (and checked). */
    boolean sample() {
        return sampleRate > 0 && random.getAsDouble() < sampleRate;
    }

    /** Whether {@code queryEntryKey} already waits for a check (then it is not served from the cache). */
    boolean waiting(String queryEntryKey) {
        Pending p = pending.get(queryEntryKey);
        if (p == null) {
            return false;
        }
        if (p.expiresNanos() - System.nanoTime() < 0) {
            pending.remove(queryEntryKey, p);
            return false;
        }
        return p.sampled();
    }

    void expect(String queryEntryKey, String entryKey, double probability, boolean sampledHit) {
        if (sampleRate <= 0) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            sweep();
            if (pending.size() >= MAX_PENDING) {
                return;
            }
        }
        if (sampledHit) {
            sampled.increment();
        }
        pending.put(queryEntryKey, new Pending(entryKey, probability, sampledHit, System.nanoTime() + hold.toNanos()));
    }

    Optional<Pending> take(String queryEntryKey) {
        Pending p = pending.remove(queryEntryKey);
        return p == null || p.expiresNanos() - System.nanoTime() < 0 ? Optional.empty() : Optional.of(p);
    }

    AnswerComparator comparator() {
        return comparator;
    }

    void checked(boolean agreed) {
        checks.increment();
        if (!agreed) {
            disagreements.increment();
        }
    }

    long sampledCount() {
        return sampled.sum();
    }

    long checkCount() {
        return checks.sum();
    }

    long disagreementCount() {
        return disagreements.sum();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresNanos() - now < 0) {
                it.remove();
            }
        }
    }
}
