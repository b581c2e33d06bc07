package dev.quarry.core.extract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The Tesseract OCR engine ({@code quarry.ocr.*}). */
@ConfigMapping(prefix = "quarry.ocr")
public interface OcrConfig {

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
