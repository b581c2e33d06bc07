package dev.quarry.core.port;

import dev.quarry.core.model.IngestJob;

/**
 * Where ingest work is sent (SQS in production, an in-process queue in the embedded default). Both pass {@code
 * dev.quarry.testing.WorkQueueContractTest}.
 */
public interface WorkQueue {

    /** Enqueues a job; the job is delivered at least once. */
    void send(IngestJob job);
}
