package dev.quarry.ingestion.extract;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits that keep one extraction from exhausting memory or time. A document over a limit fails with
 * a {@link dev.quarry.core.QuarryException.Permanent} ({@code TOO_LARGE} or {@code TIMEOUT}), never with an
 * {@link OutOfMemoryError} or a hang.
 *
 * @param maxBytes the largest document accepted, in bytes; also the largest expanded size of one entry of a
 *     DOCX archive and of the temporary storage PDFBox may use for decoded streams
 * @param maxPages the most pages (PDF) or frames (TIFF) a document may have; larger documents are rejected
 *     as a whole, even when only a page range is asked for
 * @param maxPixels the most pixels of one page image: an image whose header declares more is rejected before
 *     it is decoded, a PDF page that would render larger is rendered at a lower resolution (or rejected when
 *     that resolution would be below {@link #MIN_RENDER_DPI})
 * @param ocrTimeoutPerPage how long OCR of one page image may take; the OCR engine enforces it (a
 *     {@link TesseractOcr} built from {@link OcrConfig#toSettings} kills Tesseract after it)
 * @param renderDpi the resolution at which PDF pages without a usable text layer are rendered for OCR
 * @param minTextLayerChars a PDF page whose text layer has fewer letters and digits than this is treated as
 *     scanned and OCRed (a page number or a stray header on a scanned page does not count as a text layer;
 *     glyphs without a Unicode mapping come out as non-letters and do not count either); 0 turns OCR of PDF
 *     pages off
 * @param timeout how long the extraction of one document (or page range) may take as a whole; checked
 *     between pages
 * @param maxImageBytes the most memory one decoded image may take, checked from its header before it is
 *     decoded: a PDF image of any kind (page and form XObjects, inline images, annotation appearances,
 *     patterns, soft masks, Type 3 glyphs) over it fails with {@code TOO_LARGE}, a PNG, JPEG or TIFF page over
 *     it is decoded at a reduced resolution that fits, and a PDF page is rendered for OCR at a resolution
 *     whose raster fits it
 * @param maxTextChars the most characters of text one document (or page range) may yield; a longer one
 *     fails with {@code TOO_LARGE} as soon as extraction passes it, which also bounds the chunks made from it
 */
public record ExtractionLimits(
        long maxBytes,
        int maxPages,
        long maxPixels,
        Duration ocrTimeoutPerPage,
        int renderDpi,
        int minTextLayerChars,
        Duration timeout,
        long maxImageBytes,
        int maxTextChars) {

    /** Below this resolution OCR of ordinary print is not worth running. */
    public static final int MIN_RENDER_DPI = 100;

    public static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
    public static final int DEFAULT_MAX_PAGES = 2000;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final Duration DEFAULT_OCR_TIMEOUT_PER_PAGE = Duration.ofSeconds(60);
    public static final int DEFAULT_RENDER_DPI = 300;
    public static final int DEFAULT_MIN_TEXT_LAYER_CHARS = 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final long DEFAULT_MAX_IMAGE_BYTES = 128L * 1024 * 1024;
    public static final int DEFAULT_MAX_TEXT_CHARS = 10_000_000;

    /** Limits with the default image and text budgets. */
    public ExtractionLimits(
            long maxBytes,
            int maxPages,
            long maxPixels,
            Duration ocrTimeoutPerPage,
            int renderDpi,
            int minTextLayerChars,
            Duration timeout) {
        this(
                maxBytes,
                maxPages,
                maxPixels,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                timeout,
                DEFAULT_MAX_IMAGE_BYTES,
                DEFAULT_MAX_TEXT_CHARS);
    }

    public ExtractionLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be >= 1, was " + maxPages);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, was " + maxPixels);
        }
        requirePositive(ocrTimeoutPerPage, "ocrTimeoutPerPage");
        if (renderDpi < MIN_RENDER_DPI || renderDpi > 1200) {
            throw new IllegalArgumentException(
                    "renderDpi must be within [" + MIN_RENDER_DPI + ",1200] (300 suits OCR), was " + renderDpi);
        }
        if (minTextLayerChars < 0) {
            throw new IllegalArgumentException(
                    "minTextLayerChars must be >= 0 (0 turns OCR of PDF pages off), was " + minTextLayerChars);
        }
        requirePositive(timeout, "timeout");
        if (maxImageBytes < 1024 * 1024) {
            throw new IllegalArgumentException("maxImageBytes must be >= 1 MiB, was " + maxImageBytes);
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be >= 1, was " + maxTextChars);
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * The defaults: 100 MiB, 2000 pages, 100 million pixels, 60 s OCR per page, 300 dpi, 20 chars, 10 min,
     * 128 MiB per decoded image, 10 million characters.
     */
    public static ExtractionLimits defaults() {
        return new ExtractionLimits(
                DEFAULT_MAX_BYTES,
                DEFAULT_MAX_PAGES,
                DEFAULT_MAX_PIXELS,
                DEFAULT_OCR_TIMEOUT_PER_PAGE,
                DEFAULT_RENDER_DPI,
                DEFAULT_MIN_TEXT_LAYER_CHARS,
                DEFAULT_TIMEOUT);
    }

    /**
     * The most memory one extraction may hold on top of the document's bytes, as the memory model in {@code
     * docs/memory.md} derives it: PDFBox's in-memory scratch (16 MiB), one decoded image and what PDFBox and
     * OCR derive from it (three times {@link #maxImageBytes()}), and the text (two bytes a character, three
     * copies: pages, joined text, chunks).
     */
    public long workingSetBytes() {
        return 16L * 1024 * 1024 + 3 * maxImageBytes + 6L * maxTextChars;
    }

    public ExtractionLimits withMaxBytes(long value) {
        return new ExtractionLimits(
                value,
                maxPages,
                maxPixels,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                timeout,
                maxImageBytes,
                maxTextChars);
    }

    public ExtractionLimits withMaxPages(int value) {
        return new ExtractionLimits(
                maxBytes,
                value,
                maxPixels,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                timeout,
                maxImageBytes,
                maxTextChars);
    }

    public ExtractionLimits withMaxPixels(long value) {
        return new ExtractionLimits(
                maxBytes,
                maxPages,
                value,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                timeout,
                maxImageBytes,
                maxTextChars);
    }

    public ExtractionLimits withTimeout(Duration value) {
        return new ExtractionLimits(
                maxBytes,
                maxPages,
                maxPixels,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                value,
                maxImageBytes,
                maxTextChars);
    }

    public ExtractionLimits withMaxImageBytes(long value) {
        return new ExtractionLimits(
                maxBytes,
                maxPages,
                maxPixels,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                timeout,
                value,
                maxTextChars);
    }

    public ExtractionLimits withMaxTextChars(int value) {
        return new ExtractionLimits(
                maxBytes,
                maxPages,
                maxPixels,
                ocrTimeoutPerPage,
                renderDpi,
                minTextLayerChars,
                timeout,
                maxImageBytes,
                value);
    }
}
