package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.WorkQueue;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The embedded stand-in for SQS: jobs run on a fixed pool of worker threads. Like SQS with a DLQ, a job
 * that throws is retried with backoff up to {@code maxAttempts} times, then handed to the dead-letter
 * handler with its last error; a {@link QuarryException.Permanent} failure or an {@link Error} (out of
 * memory, stack overflow …) is not retried. Every job ends in the handler or the dead-letter handler: a
 * worker never dies with a job unaccounted for.
 */
public final class InProcessWorkQueue implements WorkQueue, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InProcessWorkQueue.class);

    private final Consumer<IngestJob> handler;
    private final BiConsumer<IngestJob, Throwable> deadLetter;
    private final int maxAttempts;
    private final Duration backoff;
    private final ExecutorService workers;
    private final AtomicInteger pending = new AtomicInteger();
    private final Object idle = new Object();

    public InProcessWorkQueue(
            Consumer<IngestJob> handler,
            BiConsumer<IngestJob, Throwable> deadLetter,
            int workers,
            int maxAttempts,
            Duration backoff) {
        this.handler = Objects.requireNonNull(handler, "handler must not be null");
        this.deadLetter = Objects.requireNonNull(deadLetter, "deadLetter must not be null");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff must not be null");
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "quarry-ingest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void send(IngestJob job) {
        Objects.requireNonNull(job, "job must not be null");
        pending.incrementAndGet();
        workers.execute(() -> run(job));
    }

    /** Blocks until every job sent so far has finished (succeeded or dead-lettered). */
    public void awaitIdle() throws InterruptedException {
        synchronized (idle) {
            while (pending.get() > 0) {
                idle.wait();
            }
        }
    }

    private void run(IngestJob job) {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    handler.accept(job);
                    return;
                } catch (QuarryException.Permanent | Error e) {
                    deadLetter(job, e);
                    return;
                } catch (RuntimeException e) {
                    if (attempt >= maxAttempts) {
                        deadLetter(job, e);
                        return;
                    }
                    LOG.infof("retrying %s after attempt %d failed: %s", job.document(), attempt, e.getMessage());
                    sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 10)));
                }
            }
        } finally {
            if (pending.decrementAndGet() == 0) {
                synchronized (idle) {
                    idle.notifyAll();
                }
            }
        }
    }

    /** Hands a job to the dead-letter handler; a failure of the handler itself is logged, never lost silently. */
    private void deadLetter(IngestJob job, Throwable error) {
        try {
            deadLetter.accept(job, error);
        } catch (RuntimeException | Error e) {
            e.addSuppressed(error);
            LOG.errorf(e, "could not record the failure of %s", job.document());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }
}
