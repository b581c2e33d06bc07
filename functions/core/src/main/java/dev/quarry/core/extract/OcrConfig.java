package dev.quarry.core.extract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The OCR engine ({@code quarry.ocr.*}): Tesseract by default, Amazon Textract in the ingest Lambda. */
@ConfigMapping(prefix = "quarry.ocr")
public interface OcrConfig {

    /** The engines a function can OCR with. */
    enum Engine {
        /** The Tesseract command line ({@code quarry.ocr.command}); everywhere it is installed. */
        TESSERACT,
        /**
         * Amazon Textract {@code DetectDocumentText}; only the ingest Lambda (functions/ingest) provides it, the
         * local app stops with an error saying so when it first builds its extractor.
         */
        TEXTRACT
    }

    /**
     * Which engine recognises scanned pages: {@code tesseract} (the default) or {@code textract} (ingest Lambda
     * only, env {@code QUARRY_OCR_ENGINE}).
     */
    @WithDefault("tesseract")
    Engine engine();

    /**
     * The Textract endpoint, for tests and VPC endpoints with a custom name; absent means the SDK's default for
     * the region.
     */
    Optional<URI> textractEndpoint();

    /** The Tesseract executable: a name looked up on the {@code PATH} or an absolute path. */
    @WithDefault("tesseract")
    String command();

    /**
     * The Tesseract language(s), e.g. {@code eng} or {@code eng+deu}; each needs its traineddata installed
     * (package {@code tesseract-ocr-<lang>}).
     */
    @WithDefault("eng")
    String language();

    /**
     * Tesseract's page segmentation mode ({@code --psm}): 3 (fully automatic, the default) suits full pages,
     * 1 adds orientation detection for rotated scans (needs {@code osd.traineddata}), 6 reads one uniform
     * block of text.
     */
    @WithDefault("3")
    int pageSegmentationMode();

    /**
     * How long recognising one page may take (ISO-8601, e.g. {@code PT60S}); when absent
     * {@code quarry.extraction.ocr-timeout-per-page} applies.
     */
    Optional<Duration> timeout();

    /** The settings of a {@link TesseractOcr}; {@code limits} supply the timeout when none is configured here. */
    default TesseractOcr.Settings toSettings(ExtractionLimits limits) {
        return new TesseractOcr.Settings(
                command(), language(), pageSegmentationMode(), timeout().orElse(limits.ocrTimeoutPerPage()));
    }
}
