package dev.quarry.testing;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.IngestJob.Action;
import dev.quarry.core.port.WorkQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link WorkQueue} adapter must show (an in-process queue in the embedded default, SQS in
 * production): every job sent is delivered at least once, with every field as sent (action, tenant, key,
 * version, page range, sequencer), jobs of a burst are all delivered, and a missing job is refused before
 * anything is sent. Retries and dead letters are each adapter's own (SQS redrive, the in-process retry loop).
 * Tenants are unique per test, so subclasses may share one server.
 */
public abstract class WorkQueueContractTest {

    /** How long a delivery may take before the test gives up. */
    protected static final Duration DELIVERY = Duration.ofSeconds(20);

    /** The queue under test and the far end that receives what it delivers. */
    protected interface Delivery extends AutoCloseable {

        WorkQueue queue();

        /** The next job delivered within {@code timeout}, or empty; a delivered job counts as handled. */
        Optional<IngestJob> receive(Duration timeout) throws Exception;

        @Override
        default void close() throws Exception {}
    }

    private Delivery delivery;
    private String tenant;

    /** A fresh queue whose deliveries hold nothing yet. */
    protected abstract Delivery open() throws Exception;

    @BeforeEach
    void openForThisTest() throws Exception {
        tenant = Namespaces.fresh() + "a";
        delivery = open();
    }

    @AfterEach
    void closeDelivery() throws Exception {
        delivery.close();
    }

    @Test
    void should_deliver_a_sent_job_with_every_field_as_sent() throws Exception {
        // given
        IngestJob part = new IngestJob(
                Action.INDEX,
                new DocumentRef(tenant, tenant + "/reports/Q1 résumé.pdf", "etag:0123abcd"),
                11,
                20,
                "0055AED6DCD90281E5");

        // when
        delivery.queue().send(part);

        // then
        assertThat(receiveAll(1)).containsExactly(part);
    }

    @Test
    void should_deliver_every_action_when_jobs_of_each_kind_are_sent() throws Exception {
        // given
        DocumentRef document = new DocumentRef(tenant, tenant + "/a.txt", "v1");
        List<IngestJob> jobs =
                List.of(IngestJob.index(document), IngestJob.delete(document), IngestJob.reconcile(document));

        // when
        jobs.forEach(delivery.queue()::send);

        // then
        assertThat(new HashSet<>(receiveAll(jobs.size()))).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void should_deliver_every_job_of_a_burst_at_least_once() throws Exception {
        // given
        Set<IngestJob> sent = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            sent.add(IngestJob.index(new DocumentRef(tenant, tenant + "/doc-" + i + ".txt", "v" + i)));
        }

        // when
        sent.forEach(delivery.queue()::send);

        // then
        assertThat(new HashSet<>(receiveAll(sent.size()))).isEqualTo(sent);
    }

    @Test
    void should_refuse_a_missing_job_before_sending_anything() throws Exception {
        // when / then
        assertThatThrownBy(() -> delivery.queue().send(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("job");
        assertThat(delivery.receive(Duration.ofMillis(300))).isEmpty();
    }

    /** Receives until {@code count} distinct jobs arrived (a redelivery is allowed, and not counted twice). */
    private List<IngestJob> receiveAll(int count) throws Exception {
        List<IngestJob> received = new ArrayList<>();
        Set<IngestJob> distinct = new HashSet<>();
        long deadline = System.nanoTime() + DELIVERY.toNanos();
        while (distinct.size() < count && System.nanoTime() < deadline) {
            Optional<IngestJob> next = delivery.receive(Duration.ofSeconds(1));
            next.ifPresent(job -> {
                if (distinct.add(job)) {
                    received.add(job);
                }
            });
        }
        assertThat(distinct).as("jobs delivered within " + DELIVERY).hasSize(count);
        return received;
    }
}
