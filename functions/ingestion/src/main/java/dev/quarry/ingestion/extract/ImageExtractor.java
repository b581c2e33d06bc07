package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import dev.quarry.core.model.PageWithoutText;
import org.jboss.logging.Logger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
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
 * {@code TOO_LARGE} instead of exhausting memory. A frame within the pixel limit whose decoded form would
 * still exceed {@link ExtractionLimits#maxImageBytes()} (16 bits per sample, alpha) is decoded with source
 * subsampling at the largest resolution that fits. TIFF pages are counted from the file's own chain of
 * directories ({@link TiffDirectory}), which detects chains that loop, never by asking the decoder to walk
 * them.
 */
final class ImageExtractor {

    private static final Logger LOG = Logger.getLogger(ImageExtractor.class);

    private final ExtractionLimits limits;
    private final PageOcr ocr;

    ImageExtractor(ExtractionLimits limits, PageOcr ocr) {
        this.limits = limits;
        this.ocr = ocr;
    }

    int pageCount(byte[] content, ContentType type) {
        return type == ContentType.TIFF
                ? TiffDirectory.pages(content, limits.maxPages()).size()
                : 1;
    }

    ExtractedDocument extract(byte[] content, ContentType type, PageRange range, Deadline deadline) {
        // The decoder walks the directory chain to reach a page: the chain is checked first.
        int total = pageCount(content, type);
        ImageReader reader = openReader(content, type);
        try {
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

    private BufferedImage read(ImageReader reader, int index) throws IOException {
        long width = reader.getWidth(index);
        long height = reader.getHeight(index);
        if (width * height > limits.maxPixels()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "image " + (index + 1) + " declares " + width + " x " + height
                            + " pixels, more than quarry.extraction.max-pixels (" + limits.maxPixels() + ")");
        }
        long bytes = width * height * bytesPerPixel(reader, index);
        int subsampling = subsampling(bytes, limits.maxImageBytes());
        if (subsampling == 1) {
            return reader.read(index);
        }
        LOG.debugf(
                "image %d (%d x %d, %d bytes decoded) is decoded at 1/%d of its resolution to fit"
                        + " quarry.extraction.max-image-bytes",
                index + 1, width, height, bytes, subsampling);
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        return reader.read(index, param);
    }

    /** The smallest subsampling (1 = none) that brings {@code bytes} of decoded image within {@code budget}. */
    static int subsampling(long bytes, long budget) {
        int factor = 1;
        while (bytes / ((long) factor * factor) > budget) {
            factor++;
        }
        return factor;
    }

    /**
     * Bytes one decoded pixel takes, from the header: at least 1 (1-bit pages are converted to bytes for OCR),
     * and 4 when the format does not say.
     */
    private static long bytesPerPixel(ImageReader reader, int index) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(index);
        if (type == null) {
            return 4;
        }
        int bits = type.getColorModel() == null
                ? type.getSampleModel().getNumBands() * 8
                : type.getColorModel().getPixelSize();
        return Math.max(1, (bits + 7) / 8);
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
