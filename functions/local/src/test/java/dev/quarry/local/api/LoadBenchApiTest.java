package dev.quarry.local.api;

import dev.quarry.tools.bench.BenchReport;
import dev.quarry.tools.bench.LoadBench;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quarry bench load} in its short mode against the API in this process: no errors, cache hits served. */
@QuarkusTest
class LoadBenchApiTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    @SuppressWarnings("unchecked")
    void should_serve_a_burst_of_concurrent_clients_without_errors() throws Exception {
        // given
        URI base = url.toURI();
        LoadBench.seedDocuments(base, 10);

        // when
        BenchReport report = new LoadBench(new LoadBench.Settings(
                        base,
                        40,
                        Duration.ofSeconds(3),
                        0.6,
                        0.2,
                        OptionalLong.of(ProcessHandle.current().pid()),
                        Duration.ofSeconds(30),
                        1))
                .run();
        report.print(System.out);

        // then
        assertThat(report.results().get("errors")).isEqualTo(0L);
        assertThat((long) report.results().get("ok")).isPositive();
        Map<String, Long> cache = (Map<String, Long>) report.results().get("cache_by_kind");
        assertThat(cache.getOrDefault("verbatim hit", 0L)).isPositive();
        assertThat(cache.getOrDefault("new hit", 0L)).isZero();
        assertThat((long) report.results().get("server_peak_rss_mb")).isPositive();
    }
}
