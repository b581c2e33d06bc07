package dev.quarry.ingestion.extract;

import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.ExtractedPage.Heading;
import dev.quarry.core.model.PageSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the text of a structured document (HTML, DOCX, Markdown) into one page: runs of inline text
 * with collapsed whitespace, lines, paragraphs separated by a blank line, and headings on a paragraph of
 * their own whose text is exactly the recorded {@link Heading#text()}.
 */
final class PageTextBuilder {

    private static final int NONE = 0;
    private static final int LINE = 1;
    private static final int PARAGRAPH = 2;

    private final StringBuilder text = new StringBuilder();
    private final List<Heading> headings = new ArrayList<>();
    private int pendingBreak = NONE;
    private boolean pendingSpace;

    /** Appends inline text; runs of whitespace become one space. */
    PageTextBuilder inline(String value) {
        String collapsed = value.replaceAll("[\\s\\u00A0]+", " ");
        if (collapsed.isEmpty()) {
            return this;
        }
        if (collapsed.isBlank()) {
            pendingSpace = true;
            return this;
        }
        boolean leadingSpace = collapsed.charAt(0) == ' ';
        boolean trailingSpace = collapsed.charAt(collapsed.length() - 1) == ' ';
        if (atLineStart()) {
            writeBreak();
        } else if (pendingSpace || leadingSpace) {
            text.append(' ');
        }
        text.append(collapsed.strip());
        pendingSpace = trailingSpace;
        return this;
    }

    /** Appends text as it is (preformatted), as a paragraph of its own. */
    PageTextBuilder verbatim(String value) {
        String trimmed = value.stripTrailing().replaceAll("^(\\s*\\n)+", "");
        if (trimmed.isBlank()) {
            return this;
        }
        paragraphBreak();
        writeBreak();
        text.append(trimmed);
        return paragraphBreak();
    }

    /** Ends the current line. */
    PageTextBuilder lineBreak() {
        pendingBreak = Math.max(pendingBreak, LINE);
        pendingSpace = false;
        return this;
    }

    /** Ends the current paragraph: the next text starts after a blank line. */
    PageTextBuilder paragraphBreak() {
        pendingBreak = PARAGRAPH;
        pendingSpace = false;
        return this;
    }

    /** Adds a heading as a paragraph of its own; blank headings are dropped. */
    PageTextBuilder heading(int level, String value) {
        String clean = value.replaceAll("[\\s\\u00A0]+", " ").strip();
        if (clean.isEmpty()) {
            return this;
        }
        paragraphBreak();
        inline(clean);
        headings.add(new Heading(level, clean));
        return paragraphBreak();
    }

    ExtractedPage build() {
        return new ExtractedPage(1, text.toString(), PageSource.TEXT_LAYER, headings);
    }

    private boolean atLineStart() {
        return text.isEmpty() || pendingBreak != NONE;
    }

    private void writeBreak() {
        if (!text.isEmpty()) {
            text.append(pendingBreak == PARAGRAPH ? "\n\n" : "\n");
        }
        pendingBreak = NONE;
        pendingSpace = false;
    }
}
