package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Extracts the shared evaluation documents (public test files of the Tika and Tesseract projects)
 * when they are present, and prints one line per file (OCR in-process). Skipped where the folder is missing.
 */
class RealDocumentsTest {

    /** Measured: phototest.tif reads with a CER of 0.0 with Tesseract 5.3 (eng); the bound leaves room for other versions. */
    private static final double PHOTOTEST_MAX_CER = 0.05;
    /**
     * Measured: eurotext.tif (German, French, Italian, Spanish, Portuguese) with eng only: 0.022, its
     * accented letters and guillemets being the misses.
     */
    private static final double EUROTEXT_MAX_CER = 0.10;

    private static final Map<String, Set<Reason>> EXPECTED_FAILURES = Map.of(
            "invalid.pdf", Set.of(Reason.CORRUPT, Reason.UNSUPPORTED_TYPE),
            "testPassword4Spaces.pdf", Set.of(Reason.ENCRYPTED));

    private static Path documents;
    private static DocumentExtractor extractor;

    @BeforeAll
    static void locate() {
        Optional<Path> folder = Stream.of(
                        System.getProperty("quarry.eval.documents"),
                        "../../../shared/eval/documents",
                        "/work/shared/eval/documents")
                .filter(p -> p != null && !p.isBlank())
                .map(Path::of)
                .filter(Files::isDirectory)
                .findFirst();
        assumeTrue(folder.isPresent(), "no evaluation documents (set -Dquarry.eval.documents=<folder>)");
        documents = folder.get();
        extractor = new DocumentExtractor(ExtractionLimits.defaults(), Tesseract.inProcess());
    }

    @Test
    void should_extract_every_evaluation_document_or_fail_it_for_the_expected_reason() throws IOException {
        List<String> table = new ArrayList<>();
        table.add(String.format(
                "| %-26s | %-8s | %5s | %9s | %-32s | %6s |",
                "file", "type", "pages", "OCR pages", "chars or reason", "ms"));
        table.add("|" + "-".repeat(28) + "|" + "-".repeat(10) + "|" + "-".repeat(7) + "|" + "-".repeat(11) + "|"
                + "-".repeat(34) + "|" + "-".repeat(8) + "|");
        for (Path file : files()) {
            String name = file.getFileName().toString();
            byte[] content = Files.readAllBytes(file);
            long start = System.nanoTime();
            try {
                ExtractedDocument document = extractor.extract(content, name);
                long ms = (System.nanoTime() - start) / 1_000_000;
                int chars = document.pages().stream()
                        .mapToInt(p -> p.text().length())
                        .sum();
                table.add(String.format(
                        "| %-26s | %-8s | %5d | %9d | %-32s | %6d |",
                        name,
                        document.contentType(),
                        document.totalPages(),
                        document.ocrPageCount(),
                        chars + " chars",
                        ms));
                assertThat(EXPECTED_FAILURES).as(name + " should have failed").doesNotContainKey(name);
                checkText(name, document);
            } catch (QuarryException e) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                table.add(String.format(
                        "| %-26s | %-8s | %5s | %9s | %-32s | %6d |",
                        name, "-", "-", "-", e.getClass().getSimpleName() + " " + e.reason(), ms));
                assertThat(e).as(name + ": " + e.getMessage()).isInstanceOf(QuarryException.Permanent.class);
                assertThat(EXPECTED_FAILURES.getOrDefault(name, Set.of()))
                        .as(name + " failed unexpectedly: " + e.getMessage())
                        .contains(e.reason());
            }
        }
        System.out.println(String.join("\n", table));
    }

    private static void checkText(String name, ExtractedDocument document) throws IOException {
        String text = document.pages().stream().map(ExtractedPage::text).collect(Collectors.joining("\n"));
        switch (name) {
            case "testOCR.pdf" -> {
                assertThat(document.pages()).extracting(ExtractedPage::source).containsOnly(PageSource.OCR);
                assertThat(text).isNotBlank();
            }
            case "phototest.tif" -> assertThat(cer(name, text, "phototest.txt")).isLessThanOrEqualTo(PHOTOTEST_MAX_CER);
            case "eurotext.tif" -> assertThat(cer(name, text, "eurotext.txt")).isLessThanOrEqualTo(EUROTEXT_MAX_CER);
            case "testPDF.pdf", "testPDF_rotated.pdf" ->
                assertThat(text).as(name).contains("Apache Tika is a toolkit for detecting and extracting metadata");
            default -> {
                if (name.endsWith(".pdf") && !name.contains("malformed")) {
                    assertThat(text).as(name).isNotBlank();
                }
            }
        }
    }

    private static double cer(String name, String recognized, String referenceFile) throws IOException {
        String reference = normalize(Files.readString(documents.resolve(referenceFile), StandardCharsets.UTF_8));
        double cer = (double) levenshtein(normalize(recognized), reference) / reference.length();
        System.out.printf("CER %s: %.4f (%d reference characters)%n", name, cer, reference.length());
        return cer;
    }

    private static String normalize(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(documents)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
