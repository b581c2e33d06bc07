package dev.quarry.ingestion.extract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The OCR engine ({@code quarry.ocr.*}): Tesseract in-process by default (its library and English language data
 * come with the build), the Tesseract command line or Amazon Textract (ingest Lambda) on request.
 */
@ConfigMapping(prefix = "quarry.ocr")
public interface OcrConfig {

    /** The engines a function can OCR with. */
    enum Engine {
        /**
         * Tesseract's library in-process (JavaCPP presets, natives for Linux, macOS and Windows in the build),
         * with the bundled English and orientation data or {@code quarry.ocr.tessdata}; launches no program.
         */
        TESSERACT,
        /** The Tesseract command line ({@code quarry.ocr.command}); wherever it is installed. */
        TESSERACT_CLI,
        /**
         * Amazon Textract {@code DetectDocumentText}; only the ingest Lambda (functions/ingest) provides it, the
         * local app stops with an error saying so when it first builds its extractor.
         */
        TEXTRACT
    }

    /**
     * Which engine recognises scanned pages: {@code tesseract} (in-process, the default), {@code tesseract-cli} (the
     * installed {@code tesseract} program) or {@code textract} (ingest Lambda only); env {@code QUARRY_OCR_ENGINE}.
     */
    @WithDefault("tesseract")
    Engine engine();

    /**
     * The Textract endpoint, for tests and VPC endpoints with a custom name; absent means the SDK's default for
     * the region.
     */
    Optional<URI> textractEndpoint();

    /**
     * The folder of Tesseract's language data ({@code *.traineddata}) for the in-process engine; absent means
     * {@code TESSDATA_PREFIX} when it holds the configured languages, else the bundled {@code eng} and {@code osd}
     * (copied once into {@code java.io.tmpdir}/quarry-tessdata). A folder given here must hold every configured
     * language, and {@code osd.traineddata} for turning pages upright.
     */
    Optional<Path> tessdata();

    /**
     * Whether the in-process engine detects pages scanned sideways or upside down, and pages in another script than
     * the configured languages read, and reads them turned upright with that script's installed data.
     */
    @WithDefault("true")
    boolean detectOrientation();

    /** The Tesseract executable of {@code tesseract-cli}: a name looked up on the {@code PATH} or an absolute path. */
    @WithDefault("tesseract")
    String command();

    /**
     * The Tesseract language(s), e.g. {@code eng} or {@code eng+deu}. {@code eng} comes with the build; for others
     * put their traineddata (tessdata_fast) with {@code eng} and {@code osd} into a folder named by
     * {@code quarry.ocr.tessdata} ({@code tesseract-cli}: install {@code tesseract-ocr-<lang>}).
     */
    @WithDefault("eng")
    String language();

    /**
     * Tesseract's page segmentation mode ({@code --psm}): 3 (fully automatic, the default) suits full pages,
     * 6 reads one uniform block of text. The in-process engine detects orientation on its own
     * ({@code detect-orientation}).
     */
    @WithDefault("3")
    int pageSegmentationMode();

    /**
     * How long recognising one page may take (ISO-8601, e.g. {@code PT60S}); when absent
     * {@code quarry.extraction.ocr-timeout-per-page} applies.
     */
    Optional<Duration> timeout();

    /** The settings of a {@link TesseractApiOcr}; {@code limits} supply the timeout when none is configured here. */
    default TesseractApiOcr.Settings toApiSettings(ExtractionLimits limits) {
        Path dir = Tessdata.resolve(
                tessdata(), Map.copyOf(System.getenv()), Path.of(System.getProperty("java.io.tmpdir")), language());
        return new TesseractApiOcr.Settings(
                dir,
                language(),
                pageSegmentationMode(),
                detectOrientation(),
                timeout().orElse(limits.ocrTimeoutPerPage()));
    }

    /** The settings of a {@link TesseractOcr}; {@code limits} supply the timeout when none is configured here. */
    default TesseractOcr.Settings toSettings(ExtractionLimits limits) {
        return new TesseractOcr.Settings(
                command(), language(), pageSegmentationMode(), timeout().orElse(limits.ocrTimeoutPerPage()));
    }
}
