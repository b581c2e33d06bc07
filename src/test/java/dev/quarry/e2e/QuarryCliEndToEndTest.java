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
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout())
                .contains("indexed 1, failed 1")
                .contains("broken.pdf: CORRUPT: ")
                .doesNotContain("CORRUPT: CORRUPT");
    }

    @Test
    @Order(6)
    void should_keep_one_document_and_say_unchanged_when_a_file_is_ingested_again_by_its_own_path() throws Exception {
        // when (the samples folder was ingested first; the same file by its path now)
        Run again = quarry("ingest", "samples/kitchen/sourdough.txt");
        Run status = quarry("status");

        // then
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.stdout()).contains("indexed 0, failed 0, unchanged 1");
        assertThat(status.stdout().lines().filter(l -> l.contains("sourdough.txt")))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("indexed   samples/kitchen/sourdough.txt  1 page (0 OCRed)"));
        assertThat(status.stdout()).contains("data directory " + dataDir);
    }

    @Test
    @Order(7)
    void should_list_the_known_key_and_name_only_the_unknown_one_when_asked_for_their_status() throws Exception {
        // when
        Run run = quarry("status", "nope.pdf", "samples/kitchen/sourdough.txt");

        // then
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout()).contains("indexed   samples/kitchen/sourdough.txt");
        assertThat(run.stderr()).contains("no document with key nope.pdf ").doesNotContain("sourdough");
    }

    @Test
    @Order(8)
    void should_print_the_passages_and_say_why_there_is_no_answer_when_the_llm_is_unreachable() throws Exception {
        // when
        Run run = quarry(
                List.of(
                        "-Dquarry.answer.provider=openai",
                        "-Dquarry.answer.max-attempts=1",
                        "-Dquarkus.langchain4j.openai.base-url=http://127.0.0.1:" + closedPort() + "/v1"),
                "ask",
                "How do I descale the kettle?");

        // then
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.stdout()).contains("[1] samples/manuals/kettle-manual.pdf");
        assertThat(run.stderr()).contains("quarry ask: no answer, only passages: UNAVAILABLE");
        assertNoStackTrace(run);
    }

    @Test
    @Order(9)
    void should_find_nothing_of_a_document_once_it_is_deleted() throws Exception {
        // when
        Run deleted = quarry("delete", "samples/kitchen/sourdough.txt");
        Run asked = quarry("ask", "How long does the sourdough rise?", "--prefix", "samples/kitchen/");

        // then
        assertThat(deleted.exit()).as(deleted.output()).isZero();
        assertThat(deleted.stdout()).contains("deleted samples/kitchen/sourdough.txt");
        assertThat(asked.stdout())
                .contains("No passages found in documents whose key starts with \"samples/kitchen/\"");
    }

    @Test
    @Order(10)
    void should_answer_mistakes_in_one_line_without_a_stack_trace_and_help_with_exit_0() throws Exception {
        // when
        Run missing = quarry("ingest", "no/such/folder");
        Run help = quarry("ask", "--help");
        Run empty = quarry(List.of("-Dquarry.local.data-dir=" + dataDir.resolve("empty")), "status");

        // then
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("quarry ingest: no such file or folder: no/such/folder");
        assertNoStackTrace(missing);
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("Usage: quarry ask", "Example:");
        assertThat(empty.exit()).isZero();
        assertThat(empty.stdout()).contains("no documents yet");
    }

    private static void assertNoStackTrace(Run run) {
        // A stack trace has frames ("\tat ...") and causes; a one-line message may name an exception's type.
        assertThat(run.stdout() + run.stderr()).doesNotContain("\tat ").doesNotContain("Caused by:");
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Run(int exit, String stdout, String stderr) {
        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static Run quarry(String... args) throws IOException, InterruptedException {
        return quarry(List.of(), args);
    }

    private static Run quarry(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarry.local.data-dir=" + dataDir));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                // A fresh temporary folder: the bundled language data is copied on this first use.
                "-Djava.io.tmpdir=" + Files.createDirectories(dataDir.resolve("tmp")), "-jar", JAR.toString()));
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
