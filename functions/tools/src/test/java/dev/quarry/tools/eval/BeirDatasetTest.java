package dev.quarry.tools.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BeirDatasetTest {

    @TempDir
    Path dir;

    @Test
    void should_read_corpus_test_queries_and_graded_qrels() throws IOException {
        // given q3 has no judgment, so it is not a test query
        Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Berlin", "text": "Capital of Germany."}
                {"_id": "d2", "title": "", "text": "No title here."}
                {"_id": "d3", "text": "Title missing entirely."}
                """);
        Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "capital of germany"}
                {"_id": "q2", "text": "untitled"}
                {"_id": "q3", "text": "not judged"}
                """);
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(
                dir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\nq2\td2\t1\n");

        // when
        BeirDataset data = BeirDataset.load(dir);

        // then
        assertThat(data.corpus()).containsOnlyKeys("d1", "d2", "d3");
        assertThat(data.corpus().get("d1").titleAndText()).isEqualTo("Berlin\nCapital of Germany.");
        assertThat(data.corpus().get("d2").titleAndText()).isEqualTo("No title here.");
        assertThat(data.corpus().get("d3").title()).isEmpty();
        assertThat(data.queries()).containsExactly(Map.entry("q1", "capital of germany"), Map.entry("q2", "untitled"));
        assertThat(data.qrels()).containsOnlyKeys("q1", "q2");
        assertThat(data.unjudgedQueries()).isEqualTo(1);
        assertThat(data.qrels().get("q1")).containsExactly(Map.entry("d1", 2), Map.entry("d2", 0));
    }
}
