package dev.quarry.local.api;

import dev.quarry.core.ThrottledException;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.core.query.QueryRequest;
import dev.quarry.core.query.QueryResult;
import dev.quarry.http.QueryGate;
import dev.quarry.local.LocalConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the queries {@code quarry serve} runs at once, so a burst degrades into a short queue and then 429
 * responses, never into unbounded memory or unbounded waits: each running query holds tokenizer buffers and
 * ONNX activations (tens of MB for 25 reranked candidates), and running more than there are cores adds
 * memory without adding throughput.
 *
 * <p>Queries run on this class's own pool of {@code maxConcurrent} threads behind a queue of {@code
 * maxQueued}; the HTTP layer hands them over without blocking, so a request waits in exactly one bounded
 * place. A query that finds the queue full, or that waited longer than {@code queueTimeout} by the time a
 * thread takes it, fails with {@link Overloaded} (answered 429 with {@code Retry-After}).
 *
 * <p>Cache hits do not wait behind misses: {@link #run} first tries the cheap path (query embedding and
 * cache lookup, milliseconds), and only a miss enters the queue of the expensive path (search and a 25-pair
 * rerank, about a second of CPU). Measured with {@code quarry bench load}: with one queue for both, hits
 * timed out behind misses.
 */
@ApplicationScoped
public class QueryAdmission implements QueryGate {

    /** Seconds a refused client is asked to wait ({@code Retry-After}). */
    static final int RETRY_AFTER_SECONDS = 1;

    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor lookups;
    private final AtomicInteger admitted = new AtomicInteger();
    private final int maxConcurrent;
    private final int maxQueued;
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
        this.pool = null;
        this.lookups = null;
        this.maxConcurrent = 0;
        this.maxQueued = 0;
        this.queueTimeout = Duration.ZERO;
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
        this.maxQueued = maxQueued;
        this.queueTimeout = queueTimeout;
        this.pool = pool("quarry-query-", maxConcurrent, maxQueued);
        this.lookups = pool("quarry-cache-lookup-", maxConcurrent, maxQueued);
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, name + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Tries {@code cached} on the lookup pool; when it finds nothing, runs {@code query} on the query pool.
     * Both are bounded as {@link #submit(Supplier)} describes.
     */
    public <T> CompletionStage<T> submit(Supplier<Optional<T>> cached, Supplier<T> query) {
        return run(lookups, cached)
                .thenCompose(hit -> hit.map(CompletableFuture::completedFuture)
                        .orElseGet(() -> submit(query).toCompletableFuture()));
    }

    /**
     * Runs {@code query} on a free query thread; the stage fails with {@link Overloaded} when the queue is
     * full or the query waited longer than the queue timeout, and with the query's own exception otherwise.
     */
    public <T> CompletionStage<T> submit(Supplier<T> query) {
        return run(pool, query);
    }

    private <T> CompletableFuture<T> run(ThreadPoolExecutor pool, Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long queuedAt = System.nanoTime();
        admitted.incrementAndGet();
        try {
            pool.execute(() -> {
                T value = null;
                RuntimeException refused = null;
                Throwable failure = null;
                try {
                    long waitedMs = (System.nanoTime() - queuedAt) / 1_000_000;
                    if (waitedMs > queueTimeout.toMillis()) {
                        refused = new Overloaded("waited " + waitedMs + " ms for a query slot (limit "
                                + queueTimeout.toMillis() + " ms); retry after " + RETRY_AFTER_SECONDS + " s");
                    } else {
                        value = query.get();
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    admitted.decrementAndGet(); // before completing, so a caller sees the count settled
                }
                if (refused != null) {
                    result.completeExceptionally(refused);
                } else if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        } catch (RejectedExecutionException e) {
            admitted.decrementAndGet();
            result.completeExceptionally(new Overloaded(maxConcurrent + " queries are running and " + maxQueued
                    + " waiting; retry after " + RETRY_AFTER_SECONDS + " s"));
        }
        return result;
    }

    /**
     * {@code POST /v1/query} in {@code quarry serve}: a cache hit is answered on the request's own thread
     * (milliseconds, so hits never wait behind misses); a miss runs on the bounded query pool, and this
     * thread waits for it.
     */
    @Override
    public QueryResult run(QueryRequest request, QueryPipeline pipeline) {
        QueryPipeline.Prepared prepared = pipeline.prepare(request);
        Optional<QueryResult> hit = pipeline.cached(prepared);
        if (hit.isPresent()) {
            return hit.get();
        }
        try {
            return submit(() -> pipeline.query(prepared)).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Queries admitted now (running and waiting). */
    int admitted() {
        return admitted.get();
    }

    void stop(@Observes ShutdownEvent event) {
        if (pool != null) {
            pool.shutdownNow();
            lookups.shutdownNow();
        }
    }

    /** The server is at capacity: answered 429 with {@code Retry-After} (as every {@link ThrottledException}). */
    public static final class Overloaded extends ThrottledException {
        public Overloaded(String message) {
            super(message, Duration.ofSeconds(RETRY_AFTER_SECONDS), null);
        }
    }
}
