package dev.quarry.e2e.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.ingestion.extract.HostileDocuments;
import dev.quarry.ingestion.extract.HostileDocuments.ImagePlace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hostile-file suite: each file, generated here (nothing large is committed), is ingested by the packaged
 * {@code quarry ingest} in its own JVM with {@code -Xmx1g}, and must end in a typed final state within its time
 * budget, with the process exiting normally. Prints a table of file, final state, reason, seconds and the
 * process's peak RSS (VmHWM). Timings are noisy on a shared machine.
 */
class HostileFilesTest {

    @TempDir
    static Path work;

    private static final List<String> TABLE = new ArrayList<>();

    @BeforeAll
    static void requireJar() {
        assertThat(QuarryProcess.JAR)
                .as("the packaged command line (functions/local)")
                .isRegularFile();
    }

    @AfterAll
    static void printTable() {
        System.out.println("hostile files under -Xmx1g (quarry ingest, one JVM each):");
        System.out.printf(
                "%-26s %10s  %-8s %-14s %8s %13s%n", "file", "bytes", "state", "reason", "seconds", "peak RSS MiB");
        TABLE.forEach(System.out::println);
    }

    /** A generated file, the state and reason it must end in, and its time budget. */
    record Case(String name, Generator generator, String state, String reason, int budgetSeconds) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface Generator {
        void write(OutputStream out) throws IOException;
    }

    static Stream<Arguments> files() {
        return Stream.of(
                        new Case(
                                "ifd-loop.tiff",
                                out -> out.write(HostileDocuments.ifdLoopTiff()),
                                "FAILED",
                                "CORRUPT",
                                60),
                        new Case(
                                "deep-page-tree.pdf",
                                out -> out.write(HostileDocuments.deepPageTree(50_000)),
                                "FAILED",
                                "TOO_LARGE",
                                90),
                        new Case(
                                "inline-image-bomb.pdf",
                                out -> out.write(HostileDocuments.imageBomb(ImagePlace.INLINE, 30_000, 30_000, 1)),
                                "FAILED",
                                "TOO_LARGE",
                                90),
                        new Case(
                                "annotation-image-bomb.pdf",
                                out -> out.write(HostileDocuments.imageBomb(ImagePlace.ANNOTATION, 30_000, 30_000, 1)),
                                "FAILED",
                                "TOO_LARGE",
                                90),
                        new Case(
                                "pattern-image-bomb.pdf",
                                out -> out.write(HostileDocuments.imageBomb(ImagePlace.PATTERN, 30_000, 30_000, 1)),
                                "FAILED",
                                "TOO_LARGE",
                                90),
                        new Case(
                                "rgb-inline-image.pdf",
                                out -> out.write(HostileDocuments.imageBomb(ImagePlace.INLINE, 9_000, 9_000, 3)),
                                "FAILED",
                                "TOO_LARGE",
                                90),
                        new Case(
                                "sixteen-bit-10000.png",
                                out -> out.write(HostileDocuments.sixteenBitPng(10_000, "HARBOUR TIDE TABLES")),
                                "INDEXED",
                                null,
                                240),
                        new Case(
                                "pages-2500.pdf",
                                out -> out.write(HostileDocuments.manyPages(2_500)),
                                "FAILED",
                                "TOO_LARGE",
                                90),
                        new Case(
                                "large-44mb.docx",
                                out -> HostileDocuments.largeDocx(out, 44L * 1024 * 1024),
                                "FAILED",
                                "TOO_LARGE",
                                120))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("files")
    void should_end_in_a_typed_state_within_budget_under_a_one_gigabyte_heap(Case file) throws Exception {
        if (file.name().endsWith(".png")) {
            assumeTrue(onPath("tesseract"), "tesseract is not installed: the image cannot be OCRed here");
        }
        // given
        Path folder = Files.createDirectories(work.resolve(file.name() + "-files"));
        Path document = folder.resolve(file.name());
        try (OutputStream out = Files.newOutputStream(document)) {
            file.generator().write(out);
        }
        Path data = work.resolve(file.name() + "-data");

        // when
        long start = System.nanoTime();
        // keys are paths relative to the ingest root: the file's own folder, so the key is the file name
        QuarryProcess quarry = QuarryProcess.start(
                data, List.of("-Dquarry.local.ingest-root=" + folder), "ingest", document.toString());
        boolean ended = quarry.await(file.budgetSeconds());
        double seconds = (System.nanoTime() - start) / 1e9;

        // then
        JsonNode status = QuarryProcess.status(data, file.name()).orElse(null);
        String state = status == null ? "(none)" : status.path("state").asText();
        String reason = status == null || status.path("reason").isNull()
                ? ""
                : status.path("reason").asText();
        TABLE.add(String.format(
                "%-26s %10d  %-8s %-14s %8.1f %13d",
                file.name(), Files.size(document), state, reason, seconds, quarry.peakRssMib()));
        assertThat(ended)
                .as("ended within " + file.budgetSeconds() + " s\n" + quarry.output())
                .isTrue();
        // 0: indexed; 1: the document failed (a typed failure, not a usage mistake)
        assertThat(quarry.process.exitValue()).as(quarry.output()).isIn(0, 1);
        assertThat(state).as(quarry.output()).isEqualTo(file.state());
        if (file.reason() != null) {
            assertThat(reason).as(quarry.output()).isEqualTo(file.reason());
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
