package dev.quarry.local.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryAdmissionTest {

    @Test
    void should_queue_up_to_the_limit_then_refuse_at_once() throws Exception {
        // given one slot, one place in line, and a query holding the slot
        QueryAdmission admission = new QueryAdmission(1, 1, Duration.ofSeconds(5));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = admission
                .submit(() -> {
                    running.countDown();
                    await(release);
                    return "first";
                })
                .toCompletableFuture();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> second = admission.submit(() -> "second").toCompletableFuture();

        // when a third arrives, the line is full: refused at once
        CompletableFuture<String> third = admission.submit(() -> "third").toCompletableFuture();
        assertThatThrownBy(() -> third.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(QueryAdmission.Overloaded.class)
                .hasMessageContaining("retry after");

        // then the queued one runs once the slot frees, and nothing leaks
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(admission.submit(() -> "fourth").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo("fourth");
        assertThat(admission.admitted()).isZero();
    }

    @Test
    void should_refuse_a_query_that_waited_longer_than_the_queue_timeout() throws Exception {
        QueryAdmission admission = new QueryAdmission(1, 5, Duration.ofMillis(50));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> holder = admission
                .submit(() -> {
                    running.countDown();
                    await(release);
                    return "held";
                })
                .toCompletableFuture();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> late = admission.submit(() -> "late").toCompletableFuture();
        Thread.sleep(120);

        release.countDown();
        assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("held");
        assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(QueryAdmission.Overloaded.class)
                .hasMessageContaining("limit 50 ms");
    }

    @Test
    void should_answer_a_cache_hit_while_every_query_slot_is_taken() throws Exception {
        // given the only query slot busy and no queue
        QueryAdmission admission = new QueryAdmission(1, 0, Duration.ofSeconds(5));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> busy = admission
                .submit(() -> {
                    running.countDown();
                    await(release);
                    return "busy";
                })
                .toCompletableFuture();
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        // when
        CompletableFuture<String> hit =
                admission.submit(() -> Optional.of("hit"), () -> "miss").toCompletableFuture();
        CompletableFuture<String> miss =
                admission.submit(Optional::<String>empty, () -> "miss").toCompletableFuture();

        // then the hit is served, the miss finds no slot
        assertThat(hit.get(5, TimeUnit.SECONDS)).isEqualTo("hit");
        assertThatThrownBy(() -> miss.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(QueryAdmission.Overloaded.class);
        release.countDown();
        assertThat(busy.get(5, TimeUnit.SECONDS)).isEqualTo("busy");
    }

    @Test
    void should_pass_the_query_failure_through_unchanged() {
        QueryAdmission admission = new QueryAdmission(1, 1, Duration.ofSeconds(5));
        CompletableFuture<String> failed = admission
                .submit((java.util.function.Supplier<String>) () -> {
                    throw new IllegalArgumentException("bad query");
                })
                .toCompletableFuture();
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad query");
    }

    @Test
    void should_reject_nonsense_limits_with_the_property_name() {
        assertThatThrownBy(() -> new QueryAdmission(0, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("quarry.local.max-concurrent-queries");
        assertThatThrownBy(() -> new QueryAdmission(1, -1, Duration.ofSeconds(1)))
                .hasMessageContaining("quarry.local.max-queued-queries");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
