package dev.quarry.core.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import dev.quarry.core.model.PageWithoutText;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * OCRs PNG, JPEG and TIFF images with Java ImageIO; every frame of a multi-page TIFF is a page. The size of
 * each frame is read from its header and checked against {@link ExtractionLimits#maxPixels()} before the
 * frame is decoded, so a small file that declares a gigantic image (an image bomb) fails with
 * {@code TOO_LARGE} instead of exhausting memory.
 */
final class ImageExtractor {

    private final ExtractionLimits limits;
    private final PageOcr ocr;

    ImageExtractor(ExtractionLimits limits, PageOcr ocr) {
        this.limits = limits;
        this.ocr = ocr;
    }

    int pageCount(byte[] content, ContentType type) {
        ImageReader reader = openReader(content, type);
        try {
            return checkedFrameCount(reader, type);
        } catch (IOException e) {
            throw corrupt(type, e);
        } finally {
            reader.dispose();
        }
    }

    ExtractedDocument extract(byte[] content, ContentType type, PageRange range, Deadline deadline) {
        ImageReader reader = openReader(content, type);
        try {
            int total = checkedFrameCount(reader, type);
            List<ExtractedPage> pages = new ArrayList<>();
            for (int number = range.from(); number <= range.to(total); number++) {
                deadline.check("image " + number);
                pages.add(page(reader, number, total));
            }
            return new ExtractedDocument(type, pages, total);
        } catch (IOException e) {
            throw corrupt(type, e);
        } finally {
            reader.dispose();
        }
    }

    /** One frame OCRed; in a multi-page TIFF a frame that cannot be decoded is that page's reason, not the file's. */
    private ExtractedPage page(ImageReader reader, int number, int total) throws IOException {
        BufferedImage image;
        try {
            image = read(reader, number - 1);
        } catch (IOException | RuntimeException e) {
            if (total == 1 || e instanceof QuarryException) {
                throw e;
            }
            return ExtractedPage.withoutText(
                    number, PageSource.OCR, PageWithoutText.Cause.UNDECODABLE_IMAGE, String.valueOf(e.getMessage()));
        }
        PageOcr.Reading reading = ocr.read(image);
        return reading.text().isBlank()
                ? ExtractedPage.withoutText(number, PageSource.OCR, reading.cause(), "")
                : new ExtractedPage(number, reading.text(), PageSource.OCR);
    }

    private int checkedFrameCount(ImageReader reader, ContentType type) throws IOException {
        int frames = type == ContentType.TIFF ? reader.getNumImages(true) : 1;
        if (frames < 1) {
            throw new QuarryException.Permanent(Reason.CORRUPT, "the " + type + " image holds no picture");
        }
        if (frames > limits.maxPages()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the TIFF has " + frames + " pages, more than quarry.extraction.max-pages (" + limits.maxPages()
                            + ")");
        }
        return frames;
    }

    private BufferedImage read(ImageReader reader, int index) throws IOException {
        long width = reader.getWidth(index);
        long height = reader.getHeight(index);
        if (width * height > limits.maxPixels()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "image " + (index + 1) + " declares " + width + " x " + height
                            + " pixels, more than quarry.extraction.max-pixels (" + limits.maxPixels() + ")");
        }
        return reader.read(index);
    }

    private static ImageReader openReader(byte[] content, ContentType type) {
        Iterator<ImageReader> readers =
                ImageIO.getImageReadersByFormatName(type.name().toLowerCase(Locale.ROOT));
        if (!readers.hasNext()) {
            throw new QuarryException.Permanent(
                    Reason.UNSUPPORTED_TYPE, "this Java runtime has no ImageIO reader for " + type);
        }
        ImageReader reader = readers.next();
        ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(content));
        reader.setInput(input, false, true);
        return reader;
    }

    private static QuarryException corrupt(ContentType type, IOException e) {
        return new QuarryException.Permanent(Reason.CORRUPT, "could not decode the " + type + ": " + e.getMessage(), e);
    }
}
