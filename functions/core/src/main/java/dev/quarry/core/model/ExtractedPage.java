package dev.quarry.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The text of one page (1-based). Formats without pages (plain text, HTML, DOCX) have one page.
 *
 * @param number the 1-based page number in the source document
 * @param text the extracted text; blank for a page with no recoverable text
 * @param source how the text was obtained
 * @param headings headings found on this page in document order, each with its level (1 = top); may
 *     be empty. The chunker uses them to build heading paths.
 */
public record ExtractedPage(int number, String text, PageSource source, List<Heading> headings) {

    public ExtractedPage {
        if (number < 1) {
            throw new IllegalArgumentException("number must be >= 1, was " + number);
        }
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(source, "source must not be null");
        headings = headings == null ? List.of() : List.copyOf(headings);
    }

    public ExtractedPage(int number, String text, PageSource source) {
        this(number, text, source, List.of());
    }

    /** A heading line of a document and its level (1 = top). */
    public record Heading(int level, String text) {
        public Heading {
            if (level < 1) {
                throw new IllegalArgumentException("level must be >= 1, was " + level);
            }
            Objects.requireNonNull(text, "text must not be null");
        }
    }
}
