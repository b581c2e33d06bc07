package dev.quarry.ingestion.extract;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Limits of document extraction ({@code quarry.extraction.*}). Durations are ISO-8601 ({@code PT60S});
 * Quarkus also accepts the short form ({@code 60s}).
 */
@ConfigMapping(prefix = "quarry.extraction")
public interface ExtractionConfig {

    /** The largest document accepted, in bytes (100 MiB); a larger one fails with {@code TOO_LARGE}. */
    @WithDefault("104857600")
    long maxBytes();

    /** The most pages (PDF) or frames (TIFF) of one document; a longer one fails with {@code TOO_LARGE}. */
    @WithDefault("2000")
    int maxPages();

    /**
     * The most pixels of one page image (100 million). Images declaring more are rejected before decoding;
     * PDF pages that would render larger are rendered at a lower resolution.
     */
    @WithDefault("100000000")
    long maxPixels();

    /** How long OCR of one page may take before it fails with {@code TIMEOUT}. */
    @WithDefault("PT60S")
    Duration ocrTimeoutPerPage();

    /** The resolution (dots per inch) at which PDF pages without a text layer are rendered for OCR. */
    @WithDefault("300")
    int renderDpi();

    /**
     * A PDF page whose text layer has fewer letters and digits than this is treated as scanned and OCRed.
     * {@code 0} turns OCR of PDF pages off.
     */
    @WithDefault("20")
    int minTextLayerChars();

    /** How long the extraction of one document (or page range) may take as a whole, checked between pages. */
    @WithDefault("PT10M")
    Duration timeout();

    /**
     * The most memory one decoded image may take (128 MiB), read from its header before decoding: a PDF image
     * over it fails with {@code TOO_LARGE}; a PNG, JPEG or TIFF page over it is decoded at a lower resolution
     * that fits; PDF pages are rendered for OCR at a resolution whose raster fits. See docs/memory.md.
     */
    @WithDefault("134217728")
    long maxImageBytes();

    /**
     * The most characters of text one document (or page range) may yield (10 million, about 4,000 dense
     * pages); a longer one fails with {@code TOO_LARGE} as soon as extraction passes it.
     */
    @WithDefault("10000000")
    int maxTextChars();

    /**
     * Documents extracted at once in this process; more wait for a turn. 0 sizes it from the maximum heap so
     * that that many worst-case extractions fit beside the models (see docs/memory.md).
     */
    @WithDefault("0")
    int concurrency();

    default ExtractionLimits toLimits() {
        return new ExtractionLimits(
                maxBytes(),
                maxPages(),
                maxPixels(),
                ocrTimeoutPerPage(),
                renderDpi(),
                minTextLayerChars(),
                timeout(),
                maxImageBytes(),
                maxTextChars());
    }
}
