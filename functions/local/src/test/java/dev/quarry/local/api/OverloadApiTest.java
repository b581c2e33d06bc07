package dev.quarry.local.api;

import dev.quarry.tools.bench.BenchReport;
import dev.quarry.tools.bench.LoadBench;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** With one query slot and no queue, a burst is answered 429 problem+json with Retry-After, never 5xx. */
@QuarkusTest
class OverloadApiTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void should_answer_429_with_retry_after_when_every_slot_is_taken() throws Exception {
        // given one query slot and no queue (a profile would restart Quarkus, which DJL's native tokenizer
        // library cannot survive in one JVM)
        QuarkusMock.installMockForType(new QueryAdmission(1, 0, Duration.ofSeconds(10)), QueryAdmission.class);
        URI base = url.toURI();
        LoadBench.seedDocuments(base, 5);

        // when: 30 clients, all new questions (no cache to hide the load)
        BenchReport report = new LoadBench(new LoadBench.Settings(
                        base, 30, Duration.ofSeconds(2), 0, 0, OptionalLong.empty(), Duration.ofSeconds(30), 2))
                .run();
        report.print(System.out);

        // then
        assertThat(report.results().get("errors")).isEqualTo(0L);
        assertThat((long) report.results().get("refused_429")).isPositive();
        assertThat((long) report.results().get("ok")).isPositive();
        assertThat((String) report.results().get("sample_429"))
                .startsWith("application/problem+json")
                .endsWith("Retry-After=1");
    }
}
