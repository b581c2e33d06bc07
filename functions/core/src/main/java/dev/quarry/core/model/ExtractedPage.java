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
 * @param withoutText why the page has no text, for a page whose text is blank; null otherwise (a blank page
 *     without a recorded cause counts as {@link PageWithoutText.Cause#BLANK_PAGE})
 */
public record ExtractedPage(
        int number, String text, PageSource source, List<Heading> headings, PageWithoutText withoutText) {

    public ExtractedPage {
        if (number < 1) {
            throw new IllegalArgumentException("number must be >= 1, was " + number);
        }
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(source, "source must not be null");
        headings = headings == null ? List.of() : List.copyOf(headings);
        if (withoutText != null && withoutText.page() != number) {
            throw new IllegalArgumentException(
                    "withoutText is about page " + withoutText.page() + ", this is page " + number);
        }
    }

    public ExtractedPage(int number, String text, PageSource source, List<Heading> headings) {
        this(number, text, source, headings, null);
    }

    public ExtractedPage(int number, String text, PageSource source) {
        this(number, text, source, List.of(), null);
    }

    /** A page that yielded no text, with why. */
    public static ExtractedPage withoutText(int number, PageSource source, PageWithoutText.Cause cause, String detail) {
        return new ExtractedPage(number, "", source, List.of(), new PageWithoutText(number, cause, detail));
    }

    /** Why this page has no text, or empty when it has text. */
    public java.util.Optional<PageWithoutText> missingText() {
        if (!text.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(
                withoutText != null ? withoutText : new PageWithoutText(number, PageWithoutText.Cause.BLANK_PAGE, ""));
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
