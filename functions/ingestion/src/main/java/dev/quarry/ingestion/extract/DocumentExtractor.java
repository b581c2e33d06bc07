package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.port.OcrEngine;
import org.apache.pdfbox.jbig2.JBIG2ImageReaderSpi;

import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Turns the bytes of a document into text, page by page: detects the format from the content
 * ({@link ContentDetector}) and hands it to the extractor of that format. PDFs and TIFFs can be extracted
 * in page ranges, so the ingest path can fan large documents out ({@link #pageCount}).
 *
 * <p>Every failure is a {@link QuarryException.Permanent} with a reason: {@code EMPTY},
 * {@code UNSUPPORTED_TYPE}, {@code ENCRYPTED}, {@code CORRUPT} (with the parser's message and the parser's
 * exception as cause), {@code TOO_LARGE} (bytes, pages, pixels, image bytes, characters of text, expanded
 * size), {@code TIMEOUT} or {@code OCR_FAILED} — a transient {@code UNAVAILABLE} only when the thread is
 * interrupted.
 *
 * <p>At most {@code concurrency} extractions run at once in a process (the others wait for a turn), so that
 * that many worst-case extractions ({@link ExtractionLimits#workingSetBytes()}) fit the heap together; see
 * {@link #concurrencyFor}.
 */
public final class DocumentExtractor {

    static {
        // The image decoders scanned PDFs need (JBIG2, JPEG 2000), registered by hand as well as through
        // META-INF/services: ImageIO scans for plugins with the class loader of the thread that first used it,
        // which in an application server or Quarkus may not see these jars.
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registry.registerServiceProvider(new JBIG2ImageReaderSpi(), ImageReaderSpi.class);
        registry.registerServiceProvider(new Jpeg2000ImageReader.Spi(), ImageReaderSpi.class);
    }

    private final ExtractionLimits limits;
    private final ContentDetector detector = new ContentDetector();
    private final PdfExtractor pdf;
    private final ImageExtractor images;
    private final DocxExtractor docx;
    private final HtmlExtractor html = new HtmlExtractor();
    private final MarkdownExtractor markdown = new MarkdownExtractor();
    private final TextExtractor text = new TextExtractor();
    private final Semaphore turns;

    /**
     * @param limits the limits of one extraction, e.g. {@link ExtractionLimits#defaults()}
     * @param ocr the engine that reads scanned pages and images, e.g. a {@link TesseractOcr}
     */
    public DocumentExtractor(ExtractionLimits limits, OcrEngine ocr) {
        this(limits, ocr, Integer.MAX_VALUE);
    }

    /**
     * @param concurrency extractions that may run at once in this extractor; more wait for a turn
     */
    public DocumentExtractor(ExtractionLimits limits, OcrEngine ocr, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        this.turns = new Semaphore(concurrency, true);
        this.limits = Objects.requireNonNull(limits, "limits must not be null");
        PageOcr pageOcr = new PageOcr(Objects.requireNonNull(ocr, "ocr must not be null: pass an OcrEngine"));
        this.pdf = new PdfExtractor(limits, pageOcr);
        this.images = new ImageExtractor(limits, pageOcr);
        this.docx = new DocxExtractor(limits);
    }

    /** The format of {@code content}; see {@link ContentDetector#detect}. */
    public ContentType detect(byte[] content, String nameHint) {
        return detector.detect(checkSize(content), nameHint);
    }

    /** Extracts all pages. */
    public ExtractedDocument extract(byte[] content, String nameHint) {
        return extract(content, nameHint, 0, 0);
    }

    /**
     * Extracts pages {@code firstPage..lastPage} (1-based, inclusive; {@code 0, 0} for all). Formats without
     * pages have one page. A {@code lastPage} past the end means "to the end".
     *
     * @param nameHint the document's name, only used to tell Markdown from plain text; may be null
     * @throws QuarryException.Permanent see the class description; {@code INVALID_REQUEST} when the range
     *     starts after the last page
     */
    public ExtractedDocument extract(byte[] content, String nameHint, int firstPage, int lastPage) {
        PageRange range = new PageRange(firstPage, lastPage);
        ContentType type = detect(content, nameHint);
        if (type != ContentType.PDF && !type.isImage()) {
            range.to(1);
        }
        if ((type == ContentType.TEXT || type == ContentType.MARKDOWN) && content.length > 4L * limits.maxTextChars()) {
            // A UTF-8 character takes at most 4 bytes: this text is too long before it is decoded.
            checkText(content.length / 4, limits);
        }
        if (type == ContentType.HTML && content.length > limits.maxTextChars()) {
            // The parsed page takes several times its bytes; past the text budget it is refused unparsed.
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the HTML page has " + content.length + " bytes, more than quarry.extraction.max-text-chars ("
                            + limits.maxTextChars() + ") allows for a page that is parsed whole");
        }
        acquireTurn();
        try {
            ExtractedDocument extracted = extractNow(content, type, range);
            checkText(
                    extracted.pages().stream().mapToLong(p -> p.text().length()).sum(), limits);
            return extracted;
        } finally {
            turns.release();
        }
    }

    /**
     * Extractions to run at once so that that many worst-case ones ({@link ExtractionLimits#workingSetBytes()}
     * plus the document's bytes) fit in {@code maxHeapBytes} beside {@code reservedBytes} (models, index,
     * server), at least 1 and at most {@code workers}.
     */
    public static int concurrencyFor(ExtractionLimits limits, long maxHeapBytes, long reservedBytes, int workers) {
        long perExtraction = limits.workingSetBytes() + limits.maxBytes();
        long fits = (maxHeapBytes - reservedBytes) / perExtraction;
        return (int) Math.max(1, Math.min(Math.max(1, workers), fits));
    }

    /** @throws QuarryException.Permanent {@code TOO_LARGE} when {@code characters} exceed the text budget */
    static void checkText(long characters, ExtractionLimits limits) {
        if (characters > limits.maxTextChars()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the document holds more than " + limits.maxTextChars()
                            + " characters of text, more than quarry.extraction.max-text-chars");
        }
    }

    private void acquireTurn() {
        try {
            turns.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuarryException.Transient(Reason.UNAVAILABLE, "interrupted while waiting to extract", e);
        }
    }

    private ExtractedDocument extractNow(byte[] content, ContentType type, PageRange range) {
        Deadline deadline = Deadline.after(limits.timeout());
        try {
            return switch (type) {
                case PDF -> pdf.extract(content, range, deadline);
                case PNG, JPEG, TIFF -> images.extract(content, type, range, deadline);
                case DOCX -> docx.extract(content, limits.maxTextChars());
                case HTML -> html.extract(content);
                case MARKDOWN -> markdown.extract(content);
                case TEXT -> text.extract(content);
            };
        } catch (QuarryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw parserFailure(type, e);
        }
    }

    /**
     * The number of pages of a PDF, or frames of a TIFF, read cheaply without extracting them; 1 for every
     * other format.
     *
     * @throws QuarryException.Permanent as {@link #extract}, e.g. {@code TOO_LARGE} past
     *     {@link ExtractionLimits#maxPages()}
     */
    public int pageCount(byte[] content, String nameHint) {
        ContentType type = detect(content, nameHint);
        try {
            return switch (type) {
                case PDF -> pdf.pageCount(content);
                case TIFF -> images.pageCount(content, type);
                default -> 1;
            };
        } catch (QuarryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw parserFailure(type, e);
        }
    }

    /** A parser that breaks on a document breaks on it every time: record it as corrupt, keep the cause. */
    private static QuarryException parserFailure(ContentType type, RuntimeException e) {
        return new QuarryException.Permanent(
                Reason.CORRUPT,
                "the " + type + " parser failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                e);
    }

    private byte[] checkSize(byte[] content) {
        Objects.requireNonNull(content, "content must not be null");
        if (content.length > limits.maxBytes()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the document has " + content.length + " bytes, more than quarry.extraction.max-bytes ("
                            + limits.maxBytes() + ")");
        }
        return content;
    }
}
