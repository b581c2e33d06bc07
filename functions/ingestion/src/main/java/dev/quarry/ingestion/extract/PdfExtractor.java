package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import dev.quarry.core.model.PageWithoutText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.MissingImageReaderException;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jboss.logging.Logger;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Extracts PDFs page by page with PDFBox: the text layer where a page has one, OCR of the page rendered in
 * grayscale where it has not ({@link ExtractionLimits#minTextLayerChars()}), so scanned, born-digital and
 * mixed documents all work.
 *
 * <p>PDFBox keeps at most {@value #MAIN_MEMORY_BYTES} bytes of scratch data in memory and at most
 * {@link ExtractionLimits#maxBytes()} in a temporary file. The page tree is walked once without recursion
 * before PDFBox (which recurses) touches it: deeper than {@value #MAX_PAGE_TREE_DEPTH} levels, or more leaves
 * than {@link ExtractionLimits#maxPages()}, fails with {@code TOO_LARGE}. A page is rendered for OCR at the
 * configured resolution, lowered until its raster fits {@link ExtractionLimits#maxPixels()} and {@link
 * ExtractionLimits#maxImageBytes()}; while it renders, every image PDFBox is about to decode (page and form
 * XObjects, inline images, annotation appearances, tiling patterns, soft masks, Type 3 glyphs: they all pass
 * through {@link ImageCheckingPageDrawer}) is checked from its dictionary first.
 */
final class PdfExtractor {

    private static final Logger LOG = Logger.getLogger(PdfExtractor.class);
    private static final long MAIN_MEMORY_BYTES = 16L * 1024 * 1024;
    private static final float POINTS_PER_INCH = 72f;
    private static final String SCRATCH_EXCEEDED = "Maximum allowed scratch file memory exceeded";
    /** Page trees of real documents are a few levels deep; PDFBox walks them recursively. */
    static final int MAX_PAGE_TREE_DEPTH = 64;
    /**
     * Bytes a pixel of the rendered page may take while PDFBox draws it: the gray page, and an ARGB raster of
     * the same size for pages with blend modes or transparency groups.
     */
    static final int RENDER_BYTES_PER_PIXEL = 5;

    private final ExtractionLimits limits;
    private final PageOcr ocr;

    PdfExtractor(ExtractionLimits limits, PageOcr ocr) {
        this.limits = limits;
        this.ocr = ocr;
    }

    int pageCount(byte[] content) {
        try (PDDocument document = load(content)) {
            return checkedPageCount(document);
        } catch (IOException e) {
            throw failure("could not read the PDF", e);
        }
    }

    ExtractedDocument extract(byte[] content, PageRange range, Deadline deadline) {
        try (PDDocument document = load(content)) {
            int total = checkedPageCount(document);
            PDFTextStripper stripper = new PDFTextStripper();
            ImageCheckingPageDrawer.Renderer renderer = new ImageCheckingPageDrawer.Renderer(document, limits);
            renderer.setSubsamplingAllowed(true);
            List<ExtractedPage> pages = new ArrayList<>();
            long characters = 0;
            for (int number = range.from(); number <= range.to(total); number++) {
                deadline.check("page " + number);
                ExtractedPage page = extractPage(document, number, stripper, renderer);
                characters += page.text().length();
                DocumentExtractor.checkText(characters, limits);
                pages.add(page);
            }
            return new ExtractedDocument(ContentType.PDF, pages, total);
        } catch (IOException e) {
            throw failure("could not extract the PDF", e);
        }
    }

    private PDDocument load(byte[] content) throws IOException {
        MemoryUsageSetting memory = MemoryUsageSetting.setupMixed(MAIN_MEMORY_BYTES, limits.maxBytes());
        return Loader.loadPDF(content, "", null, null, memory.streamCache);
    }

    private int checkedPageCount(PDDocument document) {
        PageTree.check(document, limits.maxPages(), MAX_PAGE_TREE_DEPTH);
        int pages = document.getNumberOfPages();
        if (pages < 1) {
            throw new QuarryException.Permanent(Reason.EMPTY, "the PDF has no pages");
        }
        if (pages > limits.maxPages()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the PDF has " + pages + " pages, more than quarry.extraction.max-pages (" + limits.maxPages()
                            + ")");
        }
        return pages;
    }

    private ExtractedPage extractPage(
            PDDocument document, int number, PDFTextStripper stripper, ImageCheckingPageDrawer.Renderer renderer)
            throws IOException {
        stripper.setStartPage(number);
        stripper.setEndPage(number);
        // Content order keeps columns apart; on a rotated page it comes out a letter or two per line, and
        // position order reads it right.
        stripper.setSortByPosition(document.getPage(number - 1).getRotation() % 360 != 0);
        String text = PageOcr.normalize(stripper.getText(document));
        if (lettersAndDigits(text) >= limits.minTextLayerChars()) {
            return new ExtractedPage(number, text, PageSource.TEXT_LAYER);
        }
        renderer.startPage();
        BufferedImage image = render(document.getPage(number - 1), number, renderer);
        PageOcr.Reading reading = ocr.read(image);
        String recognized = reading.text();
        LOG.debugf("page %d: %d text layer characters, OCR found %d", number, text.length(), recognized.length());
        if (!recognized.isBlank()) {
            return new ExtractedPage(number, recognized, PageSource.OCR);
        }
        if (!text.isBlank()) {
            return new ExtractedPage(number, text, PageSource.TEXT_LAYER);
        }
        // Nothing on this page: say why. An image PDFBox could not decode drew nothing, whatever OCR saw after.
        List<String> problems = renderer.problems();
        return problems.isEmpty()
                ? ExtractedPage.withoutText(
                        number,
                        reading.cause() == PageWithoutText.Cause.BLANK_PAGE ? PageSource.TEXT_LAYER : PageSource.OCR,
                        reading.cause(),
                        "")
                : ExtractedPage.withoutText(
                        number, PageSource.OCR, PageWithoutText.Cause.UNDECODABLE_IMAGE, String.join("; ", problems));
    }

    /** Letters and digits: the characters a real text layer is made of (broken font mappings yield others). */
    static int lettersAndDigits(String text) {
        return (int) text.codePoints().filter(Character::isLetterOrDigit).count();
    }

    private BufferedImage render(PDPage page, int number, PDFRenderer renderer) throws IOException {
        checkImages(page.getResources(), number, new HashSet<>());
        PDRectangle box = page.getCropBox();
        double squareInches = (box.getWidth() / POINTS_PER_INCH) * (box.getHeight() / POINTS_PER_INCH);
        int dpi = limits.renderDpi();
        double pixels = squareInches * dpi * dpi;
        long maxRenderPixels = Math.min(limits.maxPixels(), limits.maxImageBytes() / RENDER_BYTES_PER_PIXEL);
        if (pixels > maxRenderPixels) {
            dpi = (int) Math.floor(Math.sqrt(maxRenderPixels / squareInches));
            if (dpi < ExtractionLimits.MIN_RENDER_DPI) {
                throw new QuarryException.Permanent(
                        Reason.TOO_LARGE,
                        String.format(
                                "page %d measures %.0f x %.0f inches: even at %d dpi it would exceed"
                                        + " quarry.extraction.max-pixels or max-image-bytes (%d pixels)",
                                number,
                                box.getWidth() / POINTS_PER_INCH,
                                box.getHeight() / POINTS_PER_INCH,
                                ExtractionLimits.MIN_RENDER_DPI,
                                maxRenderPixels));
            }
            LOG.debugf("page %d is large: rendering at %d dpi instead of %d", number, dpi, limits.renderDpi());
        }
        return renderer.renderImageWithDPI(number - 1, dpi, ImageType.GRAY);
    }

    /** Rejects a page whose images (also inside forms) declare more pixels than allowed, before decoding. */
    private void checkImages(PDResources resources, int number, Set<COSBase> seen) throws IOException {
        if (resources == null) {
            return;
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(name);
            if (object == null || !seen.add(object.getCOSObject())) {
                continue;
            }
            if (object instanceof PDImageXObject image) {
                long pixels = (long) image.getWidth() * image.getHeight();
                if (pixels > limits.maxPixels()) {
                    throw new QuarryException.Permanent(
                            Reason.TOO_LARGE,
                            "page " + number + " holds an image of " + image.getWidth() + " x " + image.getHeight()
                                    + " pixels, more than quarry.extraction.max-pixels (" + limits.maxPixels() + ")");
                }
            } else if (object instanceof PDFormXObject form) {
                checkImages(form.getResources(), number, seen);
            }
        }
    }

    private static QuarryException failure(String what, IOException e) {
        if (e instanceof InvalidPasswordException) {
            return new QuarryException.Permanent(
                    Reason.ENCRYPTED,
                    "the PDF is password-protected; remove the password (or upload an unprotected copy)",
                    e);
        }
        if (e instanceof MissingImageReaderException) {
            return new QuarryException.Permanent(
                    Reason.UNSUPPORTED_TYPE,
                    "a scanned page uses an image format this build cannot decode (" + e.getMessage() + ")",
                    e);
        }
        if (String.valueOf(e.getMessage()).contains(SCRATCH_EXCEEDED)) {
            return new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the PDF's decoded streams exceed quarry.extraction.max-bytes (a decompression bomb?)",
                    e);
        }
        return new QuarryException.Permanent(Reason.CORRUPT, what + ": " + e.getMessage(), e);
    }
}
