package dev.quarry.tools.bench;

import dev.quarry.core.port.Reranker;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.models.rerank.CrossEncoderReranker;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quarry bench query} in its short mode, so the benchmark cannot rot. */
@QuarkusTest
class QueryBenchTest {

    @Inject
    OnnxEmbedder embedder;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void should_report_every_stage_at_each_client_count_with_the_timing_reranker() throws Exception {
        // given
        Path model = TimingCrossEncoder.writeTo(BenchFiles.timingModelDir());
        try (CrossEncoderReranker reranker = new CrossEncoderReranker(model);
                LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(dir, 384))) {

            // when
            BenchReport report = new QueryBench(embedder, Optional.of((Reranker) reranker))
                    .run(index, new QueryBench.Settings(300, 6, 1, List.of(1, 2), 25, false, 7));

            // then
            assertThat(index.count("bench")).isGreaterThanOrEqualTo(300);
            assertThat(report.rows()).hasSize(8);
            List<Map<String, Object>> levels =
                    (List<Map<String, Object>>) report.results().get("levels");
            assertThat(levels).extracting(l -> l.get("clients")).containsExactly(1, 2);
            for (Map<String, Object> level : levels) {
                Map<String, Object> rerank = (Map<String, Object>) level.get("rerank");
                Map<String, Object> total = (Map<String, Object>) level.get("total");
                assertThat(rerank.get("count")).isEqualTo(6);
                assertThat((double) rerank.get("p50_ms")).isPositive();
                assertThat((double) total.get("p95_ms")).isGreaterThanOrEqualTo((double) rerank.get("p50_ms"));
            }
            assertThat(report.toMap()).containsKeys("machine", "settings", "table");
        }
    }
}
