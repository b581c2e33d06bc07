package dev.quarry.ingestion.extract;

import dev.quarry.core.model.PageWithoutText;
import dev.quarry.core.port.OcrEngine;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * Runs OCR on one page image, sparing the engine the images it cannot read: a page of one uniform colour
 * (blank) or too small to hold a line of text yields no text without running OCR, and transparency is
 * flattened onto white (otherwise transparent backgrounds read as black).
 */
final class PageOcr {

    /** Below this width or height (pixels) an image cannot hold a readable line of text. */
    static final int MIN_SIDE = 16;

    private static final int BLANK_CONTRAST = 16;

    private final OcrEngine engine;

    PageOcr(OcrEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine must not be null");
    }

    /** The recognised text, normalised ({@link #normalize}); empty for a blank or tiny image. */
    String recognize(BufferedImage image) {
        return read(image).text();
    }

    /**
     * The recognised text, normalised, and when there is none why: {@code BLANK_PAGE} for a blank or tiny image
     * (OCR is not run), {@code OCR_FOUND_NO_TEXT} when the engine recognised nothing.
     */
    Reading read(BufferedImage image) {
        if (image.getWidth() < MIN_SIDE || image.getHeight() < MIN_SIDE) {
            return new Reading("", PageWithoutText.Cause.BLANK_PAGE);
        }
        BufferedImage opaque = image.getColorModel().hasAlpha() ? onWhite(image) : image;
        if (isUniform(opaque)) {
            return new Reading("", PageWithoutText.Cause.BLANK_PAGE);
        }
        String text = normalize(engine.recognize(opaque));
        return new Reading(text, text.isBlank() ? PageWithoutText.Cause.OCR_FOUND_NO_TEXT : null);
    }

    /** Text read from a page image, and why there is none when it is blank (else null). */
    record Reading(String text, PageWithoutText.Cause cause) {}

    /** Drops form feeds and trailing blanks, and keeps at most one empty line between paragraphs. */
    static String normalize(String text) {
        return text.replace('\f', '\n')
                .replaceAll("[ \\t]+(?=\\r?\\n|$)", "")
                .replaceAll("(\\r?\\n){3,}", "\n\n")
                .strip();
    }

    private static BufferedImage onWhite(BufferedImage image) {
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = opaque.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return opaque;
    }

    /** True when all pixels lie within a small brightness range, i.e. there is nothing to read. */
    static boolean isUniform(BufferedImage image) {
        int width = image.getWidth();
        int[] row = new int[width];
        int min = 255;
        int max = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int rgb : row) {
                int luminance = (((rgb >> 16) & 0xFF) * 299 + ((rgb >> 8) & 0xFF) * 587 + (rgb & 0xFF) * 114) / 1000;
                min = Math.min(min, luminance);
                max = Math.max(max, luminance);
            }
            if (max - min >= BLANK_CONTRAST) {
                return false;
            }
        }
        return true;
    }
}
