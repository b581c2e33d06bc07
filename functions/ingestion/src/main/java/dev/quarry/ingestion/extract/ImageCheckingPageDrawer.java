package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.contentstream.operator.graphics.BeginInlineImage;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDInlineImage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A PDFBox page drawer that checks every image before PDFBox decodes it. All images a page can show reach
 * {@link #drawImage} on this one drawer: page and form XObjects, inline images, images in annotation
 * appearances, tiling patterns, soft-mask groups and Type 3 glyphs; an image's own soft mask and mask are
 * checked with it. The check reads only the image dictionary (never the colour space or bit depth PDFBox
 * would work out by decoding a JPEG 2000 stream):
 *
 * <ul>
 *   <li>more pixels than {@link ExtractionLimits#maxPixels()}: {@code TOO_LARGE};
 *   <li>an inline image or stencil mask, which PDFBox decodes whole in memory: its decoded bytes (width x
 *       height x components x bits per component) over {@link ExtractionLimits#maxImageBytes()}: {@code
 *       TOO_LARGE};
 *   <li>every image: the raster PDFBox builds from it (4 bytes a pixel, at the subsampling PDFBox chose for
 *       the rendering resolution, the larger of image and soft mask) over {@code maxImageBytes}: {@code
 *       TOO_LARGE}.
 * </ul>
 */
final class ImageCheckingPageDrawer extends PageDrawer {

    /** PDFBox draws decoded images as ARGB or RGB rasters. */
    private static final long RASTER_BYTES_PER_PIXEL = 4;

    private final ExtractionLimits limits;
    private final List<String> problems;

    private ImageCheckingPageDrawer(PageDrawerParameters parameters, ExtractionLimits limits, List<String> problems)
            throws IOException {
        super(parameters);
        this.limits = limits;
        this.problems = problems;
        // PDFBox decodes an inline image whole when it meets BI, before drawImage: check its parameters first.
        addOperator(new CheckedInlineImage(this));
    }

    /** {@code BI}: checks the inline image's declared size, then lets PDFBox read it. */
    private final class CheckedInlineImage extends OperatorProcessor {
        private final BeginInlineImage delegate;

        CheckedInlineImage(ImageCheckingPageDrawer drawer) {
            super(drawer);
            this.delegate = new BeginInlineImage(drawer);
        }

        @Override
        public void process(Operator operator, List<COSBase> operands) throws IOException {
            COSDictionary parameters = operator.getImageParameters();
            if (parameters != null) {
                long width = Math.max(0, parameters.getInt(COSName.W, parameters.getInt(COSName.WIDTH, 0)));
                long height = Math.max(0, parameters.getInt(COSName.H, parameters.getInt(COSName.HEIGHT, 0)));
                boolean mask = parameters.getBoolean(COSName.IM, parameters.getBoolean(COSName.IMAGE_MASK, false));
                COSBase space = parameters.getDictionaryObject(COSName.CS);
                if (space == null) {
                    space = parameters.getDictionaryObject(COSName.COLORSPACE);
                }
                int bits = mask ? 1 : parameters.getInt(COSName.BPC, parameters.getInt(COSName.BITS_PER_COMPONENT, 8));
                long bytes = width * height * (mask ? 1 : components(space)) * Math.min(Math.max(bits, 8), 16) / 8;
                checkPixels("an inline image", width, height);
                check("an inline image", width, height, bytes, "decoded");
            }
            delegate.process(operator, operands);
        }

        @Override
        public String getName() {
            return delegate.getName();
        }
    }

    /**
     * A renderer whose pages are drawn by an {@link ImageCheckingPageDrawer}, and which keeps what PDFBox would
     * only log while drawing a page: an image (or form) it could not draw, e.g. a JBIG2 or JPEG 2000 image
     * without a decoder or with a broken stream, renders as nothing and PDFBox carries on. The problems of the
     * last rendered page become that page's reason when it yields no text.
     */
    static final class Renderer extends PDFRenderer {
        private final ExtractionLimits limits;
        private final List<String> problems = new ArrayList<>();

        Renderer(PDDocument document, ExtractionLimits limits) {
            super(document);
            this.limits = limits;
        }

        /** Forgets the problems of the previous page; call before rendering a page. */
        void startPage() {
            problems.clear();
        }

        /** What could not be drawn on the last rendered page, one message each. */
        List<String> problems() {
            return List.copyOf(problems);
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            ImageCheckingPageDrawer drawer = new ImageCheckingPageDrawer(parameters, limits, problems);
            drawer.setAnnotationFilter(getAnnotationsFilter());
            return drawer;
        }
    }

    @Override
    protected void operatorException(Operator operator, List<COSBase> operands, IOException e) throws IOException {
        if (operator.getName().equals("Do") || operator.getName().equals("BI")) {
            problems.add(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        super.operatorException(operator, operands, e);
    }

    @Override
    public void drawImage(PDImage image) throws IOException {
        COSDictionary dictionary = image.getCOSObject();
        long width = Math.max(0, image.getWidth());
        long height = Math.max(0, image.getHeight());
        String kind = image instanceof PDInlineImage ? "an inline image" : "an image";
        checkPixels(kind, width, height);
        boolean decodedInMemory = image instanceof PDInlineImage || image.isStencil();
        if (decodedInMemory) {
            long bytes = width * height * components(image) * Math.max(8, bitsPerComponent(image)) / 8;
            check(kind, width, height, bytes, "decoded");
        }
        if (image.isStencil() || getGraphicsState().getSoftMask() != null) {
            // PDFBox draws these at full resolution, without subsampling.
            check(kind, width, height, width * height * RASTER_BYTES_PER_PIXEL, "drawn");
        }
        if (image instanceof PDImageXObject) {
            for (COSName mask : new COSName[] {COSName.SMASK, COSName.MASK}) {
                if (dictionary.getDictionaryObject(mask) instanceof COSStream stream) {
                    checkPixels(
                            "the soft mask of " + kind, stream.getInt(COSName.WIDTH), stream.getInt(COSName.HEIGHT));
                }
            }
        }
        super.drawImage(image);
    }

    @Override
    protected int getSubsampling(PDImage image, AffineTransform at) {
        int subsampling = super.getSubsampling(image, at);
        long width = image.getWidth();
        long height = image.getHeight();
        if (image.getCOSObject().getDictionaryObject(COSName.SMASK) instanceof COSStream mask) {
            width = Math.max(width, mask.getInt(COSName.WIDTH));
            height = Math.max(height, mask.getInt(COSName.HEIGHT));
        }
        long drawnWidth = (width + subsampling - 1) / subsampling;
        long drawnHeight = (height + subsampling - 1) / subsampling;
        check(
                "an image",
                image.getWidth(),
                image.getHeight(),
                drawnWidth * drawnHeight * RASTER_BYTES_PER_PIXEL,
                "drawn");
        return subsampling;
    }

    private void checkPixels(String kind, long width, long height) {
        if (width * height > limits.maxPixels()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the page shows " + kind + " of " + width + " x " + height
                            + " pixels, more than quarry.extraction.max-pixels (" + limits.maxPixels() + ")");
        }
    }

    private void check(String kind, long width, long height, long bytes, String how) {
        if (bytes > limits.maxImageBytes()) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the page shows " + kind + " of " + width + " x " + height + " pixels that takes " + bytes
                            + " bytes " + how + ", more than quarry.extraction.max-image-bytes ("
                            + limits.maxImageBytes() + ")");
        }
    }

    /** Bits per component from the dictionary: 1 for masks, 8 when absent, at most 16. */
    private static int bitsPerComponent(PDImage image) {
        if (image.isStencil()) {
            return 1;
        }
        COSDictionary dictionary = image.getCOSObject();
        int bits = dictionary.getInt(COSName.BITS_PER_COMPONENT, dictionary.getInt(COSName.BPC, 8));
        return Math.min(Math.max(bits, 1), 16);
    }

    /** Colour components from the dictionary's colour space; 4 (the most) when it cannot tell. */
    private static int components(PDImage image) {
        if (image.isStencil()) {
            return 1;
        }
        COSDictionary dictionary = image.getCOSObject();
        COSBase space = dictionary.getDictionaryObject(COSName.COLORSPACE);
        if (space == null) {
            space = dictionary.getDictionaryObject(COSName.CS);
        }
        return components(space);
    }

    static int components(COSBase space) {
        if (space instanceof COSObject object) {
            space = object.getObject();
        }
        if (space instanceof COSName name) {
            return switch (name.getName()) {
                case "DeviceGray", "CalGray", "G", "Indexed", "I", "Separation" -> 1;
                case "DeviceRGB", "CalRGB", "RGB", "Lab" -> 3;
                default -> 4;
            };
        }
        if (space instanceof COSArray array && array.size() > 0 && array.getObject(0) instanceof COSName family) {
            switch (family.getName()) {
                case "ICCBased":
                    if (array.size() > 1 && array.getObject(1) instanceof COSStream profile) {
                        return Math.min(Math.max(profile.getInt(COSName.N, 4), 1), 32);
                    }
                    return 4;
                case "DeviceN":
                    return array.size() > 1 && array.getObject(1) instanceof COSArray names
                            ? Math.min(Math.max(names.size(), 1), 32)
                            : 4;
                default:
                    return components(family);
            }
        }
        return 4;
    }
}
