package dev.quarry.tools.bench;

import dev.quarry.core.port.Embedder;
import dev.quarry.embedded.index.LuceneChunkIndex;
import dev.quarry.embedded.index.LuceneIndexConfig;
import dev.quarry.models.embed.OnnxEmbedder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code quarry bench scale} in its short mode, so the benchmark cannot rot. */
@QuarkusTest
class ScaleBenchTest {

    @Inject
    OnnxEmbedder embedder;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void should_report_growth_at_each_checkpoint() throws Exception {
        try (LuceneChunkIndex index = new LuceneChunkIndex(LuceneIndexConfig.onDisk(dir, 384))) {
            // when
            BenchReport report = new ScaleBench(Optional.of((Embedder) embedder))
                    .run(index, dir, new ScaleBench.Settings(List.of(100, 400), 10, 8, 500, 3));
            report.print(System.out);

            // then
            List<Map<String, Object>> points =
                    (List<Map<String, Object>>) report.results().get("checkpoints");
            assertThat(points).extracting(p -> p.get("documents")).containsExactly(100, 400);
            long small = (long) points.get(0).get("chunks");
            long large = (long) points.get(1).get("chunks");
            // several chunks a document, and the index holds exactly what was written
            assertThat(small).isGreaterThan(200);
            assertThat(large).isEqualTo(index.count("bench"));
            assertThat((double) points.get(1).get("index_mb"))
                    .isGreaterThan((double) points.get(0).get("index_mb"));
            assertThat((Map<String, Object>) report.results().get("real_embedder"))
                    .containsKey("chunks_per_second");
        }
    }

    @Test
    void should_generate_the_same_corpus_from_the_same_seed() {
        SyntheticCorpus a = new SyntheticCorpus(5);
        SyntheticCorpus b = new SyntheticCorpus(5);
        assertThat(a.text(17)).isEqualTo(b.text(17));
        assertThat(a.syntheticVector(17, 2)).isEqualTo(b.syntheticVector(17, 2));
        assertThat(a.text(17)).isNotEqualTo(a.text(18));
        // lengths vary from document to document around the median, not in runs
        double words = 0;
        for (int n = 0; n < 2_000; n++) {
            words += a.text(n).split(" ").length;
        }
        assertThat(words / 2_000).isBetween(SyntheticCorpus.MEDIAN_WORDS * 1.0, SyntheticCorpus.MEDIAN_WORDS * 1.8);
        // chunks of one document are closer to each other than to another topic's
        float[] x = a.syntheticVector(3, 0);
        float[] y = a.syntheticVector(3, 1);
        double same = 0;
        for (int i = 0; i < x.length; i++) {
            same += x[i] * y[i];
        }
        assertThat(same).isBetween(0.4, 0.95);
    }
}
