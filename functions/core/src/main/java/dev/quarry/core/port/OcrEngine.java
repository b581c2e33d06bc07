package dev.quarry.core.port;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Recognises the text of one page image (Tesseract locally, a cloud OCR where configured). The Tesseract engines
 * pass {@code dev.quarry.testing.OcrEngineContractTest} on real scans.
 */
public interface OcrEngine {

    /**
     * Returns the recognised text of a full page, or an empty string if there is none.
     *
     * @throws dev.quarry.core.QuarryException.Permanent with {@code TIMEOUT} or {@code OCR_FAILED}
     */
    String recognize(BufferedImage page);

    /**
     * {@code page} as PNG bytes, the form OCR programs and services read; colour models PNG cannot hold (CMYK, 16-bit
     * with alpha …) go as 8-bit gray.
     *
     * @throws IOException when no PNG writer takes the image, even in gray
     */
    static byte[] png(BufferedImage page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (ImageIO.write(page, "png", out)) {
            return out.toByteArray();
        }
        out.reset();
        if (ImageIO.write(gray(page), "png", out)) {
            return out.toByteArray();
        }
        throw new IOException("no PNG writer for page image type " + page.getType());
    }

    private static BufferedImage gray(BufferedImage image) {
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return gray;
    }
}
