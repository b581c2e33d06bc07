package dev.quarry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, end to end: the packaged {@code quarry} command line ingests the bundled
 * samples (Markdown, HTML, text, a PDF with a scanned page, a PNG scan) into a fresh data folder and
 * answers questions whose answers sit on OCRed pages. Every run has a {@code PATH} with no program on it and no
 * {@code TESSDATA_PREFIX}: the default OCR (Tesseract in-process, bundled language data) launches no program.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuarryCliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("quarry.jar", "missing"));
    private static final Path SAMPLES = Path.of(System.getProperty("quarry.samples", "missing"));

    @TempDir
    static Path dataDir;

    @TempDir
    static Path emptyPath;

    @BeforeAll
    static void requireTools() {
        assertThat(JAR).as("the packaged command line (functions/local)").isRegularFile();
        assertThat(SAMPLES).isDirectory();
    }

    @Test
    @Order(1)
    void should_index_every_sample_when_ingesting_the_samples_folder() throws Exception {
        // when
        Run run = quarry("ingest", SAMPLES.toString());

        // then
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("indexed 5, failed 0").contains("(2 OCRed)");
    }

    @Test
    @Order(2)
    void should_cite_the_scanned_pdf_page_when_asked_about_descaling() throws Exception {
        // when
        Run run = quarry("ask", "How do I descale the kettle when the ring blinks orange?", "--json");

        // then
        assertThat(run.exit()).as(run.output()).isZero();
        JsonNode first = JSON.readTree(run.stdout()).path("citations").path(0);
        assertThat(first.path("documentKey").asText()).isEqualTo("samples/manuals/kettle-manual.pdf");
        // chunks fill the embedding window (510 word pieces), so the short manual is one passage of pages 1-2:
        // the cited passage holds the scanned page 2, whose text only OCR recovers
        assertThat(first.path("firstPage").asInt()).isLessThanOrEqualTo(2);
        assertThat(first.path("lastPage").asInt()).isEqualTo(2);
        assertThat(first.path("relevance").asDouble()).isGreaterThan(0.6);
    }

    @Test
    @Order(3)
    void should_find_the_image_scan_when_asked_about_its_text() throws Exception {
        // when
        Run run = quarry("ask", "Which evenings is the community garden watered?", "--top-k", "3");

        // then
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.stdout().lines().filter(l -> l.startsWith("[1]")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).contains("samples/field-guide/garden-notice.png"));
    }

    @Test
    @Order(4)
    void should_report_every_document_indexed_when_asked_for_status() throws Exception {
        // when
        Run run = quarry("status");

        // then
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.stdout().lines().filter(l -> l.startsWith("indexed"))).hasSize(5);
    }

    @Test
    @Order(5)
    void should_fail_alone_with_a_reason_when_a_file_is_corrupt(@TempDir Path folder) throws Exception {
        // given
        Files.writeString(folder.resolve("fine.txt"), "Quarry indexes plain text files like this one.");
        Files.write(folder.resolve("broken.pdf"), "%PDF-1.7\n1 0 obj garbage".getBytes(StandardCharsets.US_ASCII));

        // when
        Run run = quarry("ingest", folder.toString());

        // then
        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.stdout())
                .contains("indexed 1, failed 1")
                .contains("broken.pdf")
                .contains("CORRUPT");
    }

    private record Run(int exit, String stdout, String stderr) {
        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static Run quarry(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarry.local.data-dir=" + dataDir,
                // A fresh temporary folder: the bundled language data is copied on this first use.
                "-Djava.io.tmpdir=" + Files.createDirectories(dataDir.resolve("tmp")),
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dataDir, "out-", ".txt");
        Path err = Files.createTempFile(dataDir, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(SAMPLES.getParent().toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        // No program can be found: OCR must not launch one (java itself is started by its absolute path).
        builder.environment().put("PATH", emptyPath.toString());
        builder.environment().remove("TESSDATA_PREFIX");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("quarry " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
