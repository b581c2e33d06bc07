package dev.quarry.core.port;

import java.awt.image.BufferedImage;

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
}
