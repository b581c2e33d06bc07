package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.IngestJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class InProcessWorkQueueTest {

    private static IngestJob job(String key) {
        return IngestJob.index(new DocumentRef("acme", key, "v1"));
    }

    @Test
    void should_run_every_job_once_when_all_succeed() throws Exception {
        // given
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<IngestJob> dead = new CopyOnWriteArrayList<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                j -> runs.computeIfAbsent(j.document().key(), k -> new AtomicInteger())
                        .incrementAndGet(),
                (j, e) -> dead.add(j),
                3,
                3,
                Duration.ofMillis(1))) {
            // when
            for (int i = 0; i < 50; i++) {
                queue.send(job("doc-" + i));
            }
            queue.awaitIdle();
        }

        // then
        assertThat(runs).hasSize(50).allSatisfy((k, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(dead).isEmpty();
    }

    @Test
    void should_retry_a_transient_failure_until_it_succeeds() throws Exception {
        // given
        AtomicInteger attempts = new AtomicInteger();
        List<IngestJob> dead = new CopyOnWriteArrayList<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                j -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new QuarryException.Transient(QuarryException.Reason.UNAVAILABLE, "store down");
                    }
                },
                (j, e) -> dead.add(j),
                1,
                3,
                Duration.ofMillis(1))) {
            // when
            queue.send(job("a"));
            queue.awaitIdle();
        }

        // then
        assertThat(attempts).hasValue(3);
        assertThat(dead).isEmpty();
    }

    @Test
    void should_dead_letter_after_max_attempts_and_not_retry_permanent_failures() throws Exception {
        // given
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, Throwable> dead = new ConcurrentHashMap<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                j -> {
                    attempts.computeIfAbsent(j.document().key(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (j.document().key().equals("corrupt")) {
                        throw new QuarryException.Permanent(QuarryException.Reason.CORRUPT, "bad bytes");
                    }
                    throw new IllegalStateException("always down");
                },
                (j, e) -> dead.put(j.document().key(), e),
                2,
                3,
                Duration.ofMillis(1))) {
            // when
            queue.send(job("corrupt"));
            queue.send(job("flaky"));
            queue.awaitIdle();
        }

        // then
        assertThat(attempts.get("corrupt")).hasValue(1);
        assertThat(attempts.get("flaky")).hasValue(3);
        assertThat(dead).containsOnlyKeys("corrupt", "flaky");
        assertThat(dead.get("corrupt")).isInstanceOf(QuarryException.Permanent.class);
    }

    @Test
    void should_dead_letter_once_and_keep_working_when_a_job_throws_an_error() throws Exception {
        // given a job that runs out of memory and one that overflows the stack, then a good one
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, Throwable> dead = new ConcurrentHashMap<>();
        List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                j -> {
                    attempts.computeIfAbsent(j.document().key(), k -> new AtomicInteger())
                            .incrementAndGet();
                    switch (j.document().key()) {
                        case "oom" -> throw new OutOfMemoryError("Java heap space");
                        case "deep" -> throw new StackOverflowError();
                        default -> done.add(j.document().key());
                    }
                },
                (j, e) -> dead.put(j.document().key(), e),
                1,
                3,
                Duration.ofMillis(1))) {
            // when
            queue.send(job("oom"));
            queue.send(job("deep"));
            queue.send(job("fine"));
            queue.awaitIdle();
        }

        // then each error is dead-lettered once, not retried, and the worker carries on
        assertThat(attempts.get("oom")).hasValue(1);
        assertThat(attempts.get("deep")).hasValue(1);
        assertThat(dead.get("oom")).isInstanceOf(OutOfMemoryError.class);
        assertThat(dead.get("deep")).isInstanceOf(StackOverflowError.class);
        assertThat(done).containsExactly("fine");
    }
}
