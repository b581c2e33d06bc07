package dev.quarry.ingestion.extract;

import dev.quarry.core.port.OcrEngine;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** An OCR engine that answers with a fixed text and remembers the images it was given. */
final class FakeOcr implements OcrEngine {

    private final String answer;
    final List<BufferedImage> pages = new ArrayList<>();

    FakeOcr(String answer) {
        this.answer = answer;
    }

    @Override
    public String recognize(BufferedImage page) {
        pages.add(page);
        return answer;
    }
}
