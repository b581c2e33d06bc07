package dev.quarry.cache;

import org.jboss.logging.Logger;

import java.util.concurrent.atomic.LongAdder;

/**
 * Hits, misses, bypasses and lookup latency, as counters readable by tests and benchmarks and as
 * structured log lines: one DEBUG line per lookup, one INFO summary every {@value #SUMMARY_EVERY} lookups.
 */
public final class CacheMetrics {

    private static final Logger LOG = Logger.getLogger(CacheMetrics.class);
    static final int SUMMARY_EVERY = 1000;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypasses = new LongAdder();
    private final LongAdder verifierRejections = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder lookups = new LongAdder();
    private final LongAdder lookupNanos = new LongAdder();

    /** A snapshot of the counters. */
    public record Snapshot(
            long hits, long misses, long bypasses, long verifierRejections, long errors, double meanLookupMs) {}

    void lookup(String tenant, String outcome, String path, double similarity, long nanos) {
        switch (outcome) {
            case "hit" -> hits.increment();
            case "miss" -> misses.increment();
            default -> bypasses.increment();
        }
        lookups.increment();
        lookupNanos.add(nanos);
        if (LOG.isDebugEnabled()) {
            LOG.debugf(
                    "cache lookup tenant=%s outcome=%s path=%s similarity=%.4f latency_ms=%.3f",
                    tenant, outcome, path, similarity, nanos / 1e6);
        }
        if (lookups.sum() % SUMMARY_EVERY == 0) {
            Snapshot s = snapshot();
            LOG.infof(
                    "cache stats hits=%d misses=%d bypasses=%d verifier_rejections=%d errors=%d mean_lookup_ms=%.3f",
                    s.hits(), s.misses(), s.bypasses(), s.verifierRejections(), s.errors(), s.meanLookupMs());
        }
    }

    void verifierRejected() {
        verifierRejections.increment();
    }

    void error() {
        errors.increment();
    }

    public Snapshot snapshot() {
        long n = lookups.sum();
        return new Snapshot(
                hits.sum(),
                misses.sum(),
                bypasses.sum(),
                verifierRejections.sum(),
                errors.sum(),
                n == 0 ? 0 : lookupNanos.sum() / 1e6 / n);
    }
}
