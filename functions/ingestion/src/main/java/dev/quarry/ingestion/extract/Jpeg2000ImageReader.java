package dev.quarry.ingestion.extract;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Decodes JPEG 2000 (JP2 files and raw J2K codestreams, PDF's {@code JPXDecode}) with OpenJPEG through the
 * Leptonica library that the in-process OCR already loads (JavaCPP presets; OpenJPEG is BSD-2-Clause). PDFBox
 * asks ImageIO for a "JPEG2000" reader; this is it, registered in {@code META-INF/services}. Gray images come out
 * as 8-bit gray, everything else as 8-bit RGB (bands in R, G, B order, as PDFBox copies the bytes as they are);
 * the read parameters' source region and subsampling are honoured.
 */
public final class Jpeg2000ImageReader extends ImageReader {

    static {
        // Leptonica prints its warnings and errors to stderr; failures come back as null and are reported here.
        leptonica.setMsgSeverity(leptonica.L_SEVERITY_NONE);
    }

    private byte[] data;
    private int[] header;

    Jpeg2000ImageReader(ImageReaderSpi provider) {
        super(provider);
    }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        data = null;
        header = null;
    }

    @Override
    public int getNumImages(boolean allowSearch) {
        return 1;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        return header(imageIndex)[0];
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        return header(imageIndex)[1];
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        boolean gray = header(imageIndex)[3] == 1;
        return List.of(ImageTypeSpecifier.createFromRenderedImage(empty(1, 1, gray)))
                .iterator();
    }

    @Override
    public IIOMetadata getStreamMetadata() {
        return null;
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) {
        return null;
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        byte[] bytes = bytes(imageIndex);
        PIX decoded = leptonica.pixReadMemJp2k(bytes, bytes.length, 1, null, 0, 0);
        if (decoded == null || decoded.isNull()) {
            throw new IIOException("OpenJPEG could not decode the JPEG 2000 image (" + bytes.length + " bytes)");
        }
        PIX pix = decoded;
        try {
            boolean gray = leptonica.pixGetDepth(decoded) <= 8 && leptonica.pixGetColormap(decoded) == null;
            if (gray && leptonica.pixGetDepth(decoded) != 8) {
                pix = leptonica.pixConvertTo8(decoded, 0);
            } else if (!gray && leptonica.pixGetDepth(decoded) != 32) {
                pix = leptonica.pixConvertTo32(decoded);
            }
            return copy(pix, gray, param);
        } finally {
            if (pix != decoded) {
                leptonica.pixDestroy(pix);
            }
            leptonica.pixDestroy(decoded);
        }
    }

    /** Copies the pixels, within the region and at the subsampling of {@code param}. */
    private static BufferedImage copy(PIX pix, boolean gray, ImageReadParam param) throws IIOException {
        int width = leptonica.pixGetWidth(pix);
        int height = leptonica.pixGetHeight(pix);
        Rectangle region = new Rectangle(0, 0, width, height);
        int stepX = 1;
        int stepY = 1;
        int offsetX = 0;
        int offsetY = 0;
        if (param != null) {
            if (param.getSourceRegion() != null) {
                region = region.intersection(param.getSourceRegion());
            }
            stepX = param.getSourceXSubsampling();
            stepY = param.getSourceYSubsampling();
            offsetX = param.getSubsamplingXOffset();
            offsetY = param.getSubsamplingYOffset();
        }
        int outWidth = Math.max(0, (region.width - offsetX + stepX - 1) / stepX);
        int outHeight = Math.max(0, (region.height - offsetY + stepY - 1) / stepY);
        if (outWidth == 0 || outHeight == 0) {
            throw new IIOException("the requested region of the JPEG 2000 image is empty");
        }
        BufferedImage image = empty(outWidth, outHeight, gray);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int wpl = leptonica.pixGetWpl(pix);
        IntPointer words = leptonica.pixGetData(pix);
        int[] row = new int[wpl];
        int bands = gray ? 1 : 3;
        for (int oy = 0; oy < outHeight; oy++) {
            int y = region.y + offsetY + oy * stepY;
            words.position((long) y * wpl).get(row);
            int base = oy * outWidth * bands;
            for (int ox = 0; ox < outWidth; ox++) {
                int x = region.x + offsetX + ox * stepX;
                if (gray) {
                    // Leptonica packs 8-bit pixels big-endian into 32-bit words.
                    out[base + ox] = (byte) (row[x >> 2] >>> (24 - 8 * (x & 3)));
                } else {
                    int rgba = row[x];
                    int at = base + ox * 3;
                    out[at] = (byte) (rgba >>> 24);
                    out[at + 1] = (byte) (rgba >>> 16);
                    out[at + 2] = (byte) (rgba >>> 8);
                }
            }
        }
        words.position(0);
        return image;
    }

    /** An 8-bit gray or 8-bit R, G, B image, bands interleaved in that order. */
    private static BufferedImage empty(int width, int height, boolean gray) {
        ColorSpace space = ColorSpace.getInstance(gray ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
        int[] offsets = gray ? new int[] {0} : new int[] {0, 1, 2};
        ComponentColorModel model =
                new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(
                DataBuffer.TYPE_BYTE, width, height, width * offsets.length, offsets.length, offsets, new Point());
        return new BufferedImage(model, raster, false, null);
    }

    /** Width, height, bits per sample and samples per pixel from the header. */
    private int[] header(int imageIndex) throws IOException {
        if (header == null) {
            byte[] bytes = bytes(imageIndex);
            int[] width = new int[1];
            int[] height = new int[1];
            int[] bits = new int[1];
            int[] samples = new int[1];
            int[] codec = new int[1];
            if (leptonica.readHeaderMemJp2k(bytes, bytes.length, width, height, bits, samples, codec) != 0) {
                throw new IIOException("not a JPEG 2000 image: its header cannot be read");
            }
            header = new int[] {width[0], height[0], bits[0], samples[0]};
        }
        return header;
    }

    private byte[] bytes(int imageIndex) throws IOException {
        if (imageIndex != 0) {
            throw new IndexOutOfBoundsException("a JPEG 2000 stream holds one image, index was " + imageIndex);
        }
        if (data == null) {
            if (!(getInput() instanceof ImageInputStream stream)) {
                throw new IllegalStateException("no input: call setInput with an ImageInputStream first");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = stream.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
            data = out.toByteArray();
        }
        return data;
    }

    /** The ImageIO service provider of {@link Jpeg2000ImageReader}. */
    public static final class Spi extends ImageReaderSpi {

        private static final byte[] JP2_SIGNATURE = {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20};
        private static final byte[] J2K_SIGNATURE = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51};

        public Spi() {
            super(
                    "Quarry",
                    "1.0",
                    new String[] {"JPEG2000", "jpeg2000", "jpeg 2000", "JPEG 2000"},
                    new String[] {"jp2", "j2k", "jpx", "jpf"},
                    new String[] {"image/jp2", "image/jpx", "image/jpeg2000"},
                    Jpeg2000ImageReader.class.getName(),
                    new Class<?>[] {ImageInputStream.class},
                    null,
                    false,
                    null,
                    null,
                    null,
                    null,
                    false,
                    null,
                    null,
                    null,
                    null);
        }

        @Override
        public boolean canDecodeInput(Object source) throws IOException {
            if (!(source instanceof ImageInputStream stream)) {
                return false;
            }
            byte[] head = new byte[JP2_SIGNATURE.length];
            stream.mark();
            try {
                int read = stream.read(head);
                return read == head.length && (startsWith(head, JP2_SIGNATURE) || startsWith(head, J2K_SIGNATURE));
            } finally {
                stream.reset();
            }
        }

        private static boolean startsWith(byte[] head, byte[] signature) {
            for (int i = 0; i < signature.length; i++) {
                if (head[i] != signature[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public ImageReader createReaderInstance(Object extension) {
            return new Jpeg2000ImageReader(this);
        }

        @Override
        public String getDescription(Locale locale) {
            return "JPEG 2000 reader on OpenJPEG (Leptonica, JavaCPP)";
        }
    }
}
