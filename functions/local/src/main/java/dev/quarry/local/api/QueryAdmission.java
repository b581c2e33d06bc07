package dev.quarry.local.api;

import dev.quarry.local.LocalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the queries {@code quarry serve} runs at once, so a burst degrades into a short queue and then 429
 * responses, never into unbounded memory: each running query holds tokenizer buffers and ONNX activations
 * (tens of MB for 25 reranked candidates), and running more than there are cores adds memory without adding
 * throughput. A query waits for one of {@code maxConcurrent} slots for at most {@code queueTimeout}; when
 * {@code maxConcurrent + maxQueued} queries are already admitted, a new one is refused at once.
 */
@ApplicationScoped
public class QueryAdmission {

    /** Seconds a refused client is asked to wait ({@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 1;

    private final Semaphore slots;
    private final AtomicInteger admitted = new AtomicInteger();
    private final int maxConcurrent;
    private final int maxAdmitted;
    private final Duration queueTimeout;

    @Inject
    public QueryAdmission(LocalConfig config) {
        this(
                config.maxConcurrentQueries() == 0
                        ? Runtime.getRuntime().availableProcessors()
                        : config.maxConcurrentQueries(),
                config.maxQueuedQueries(),
                config.queryQueueTimeout());
    }

    /** For CDI's client proxy only. */
    QueryAdmission() {
        this(1, 0, Duration.ZERO);
    }

    QueryAdmission(int maxConcurrent, int maxQueued, Duration queueTimeout) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException(
                    "quarry.local.max-concurrent-queries must be >= 1 (or 0 for one per processor), was "
                            + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("quarry.local.max-queued-queries must be >= 0, was " + maxQueued);
        }
        this.maxConcurrent = maxConcurrent;
        this.maxAdmitted = maxConcurrent + maxQueued;
        this.queueTimeout = queueTimeout;
        this.slots = new Semaphore(maxConcurrent, true);
    }

    /**
     * Runs {@code query} in a free slot.
     *
     * @throws Overloaded when the queue is full or no slot frees up within the queue timeout
     */
    public <T> T run(Supplier<T> query) {
        if (admitted.incrementAndGet() > maxAdmitted) {
            admitted.decrementAndGet();
            throw new Overloaded(maxConcurrent + " queries are running and " + (maxAdmitted - maxConcurrent)
                    + " waiting; retry after " + RETRY_AFTER_SECONDS + " s");
        }
        try {
            if (!slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Overloaded("no query slot became free within " + queueTimeout.toMillis() + " ms; retry after "
                        + RETRY_AFTER_SECONDS + " s");
            }
            try {
                return query.get();
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Overloaded("interrupted while waiting for a query slot");
        } finally {
            admitted.decrementAndGet();
        }
    }

    /** Queries admitted now (running and waiting). */
    int admitted() {
        return admitted.get();
    }

    /** The server is at capacity: answered 429 with {@code Retry-After}. */
    public static final class Overloaded extends RuntimeException {
        public Overloaded(String message) {
            super(message, null, false, false);
        }
    }
}
