package dev.quarry.embedded.store;

import dev.quarry.core.model.IngestJob;
import dev.quarry.core.port.WorkQueue;
import dev.quarry.testing.WorkQueueContractTest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work-queue contract on the in-process queue, whose handler is the far end. Every assertion lives in {@link
 * WorkQueueContractTest}; retries and dead letters are {@link InProcessWorkQueueTest}'s.
 */
class InProcessWorkQueueContractTest extends WorkQueueContractTest {

    @Override
    protected Delivery open() {
        BlockingQueue<IngestJob> handled = new LinkedBlockingQueue<>();
        List<Throwable> deadLettered = new CopyOnWriteArrayList<>();
        InProcessWorkQueue queue = new InProcessWorkQueue(
                handled::add, (job, error) -> deadLettered.add(error), 2, 3, Duration.ofMillis(1));
        return new Delivery() {
            @Override
            public WorkQueue queue() {
                return queue;
            }

            @Override
            public Optional<IngestJob> receive(Duration timeout) throws InterruptedException {
                return Optional.ofNullable(handled.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
            }

            @Override
            public void close() throws InterruptedException {
                queue.close();
                assertThat(deadLettered)
                        .as("jobs the handler never failed are never dead-lettered")
                        .isEmpty();
            }
        };
    }
}
