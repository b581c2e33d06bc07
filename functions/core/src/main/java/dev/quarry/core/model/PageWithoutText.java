package dev.quarry.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A page that yielded no text, and why: recorded per page in the document's status so that a page lost to a
 * blank scan, an image that could not be decoded or an OCR that found nothing is visible, never silent.
 *
 * @param page the 1-based page number
 * @param cause why the page has no text
 * @param detail what was found out, e.g. the decoder's message; may be empty
 */
public record PageWithoutText(int page, Cause cause, String detail) {

    /** Why a page has no text. */
    public enum Cause {
        /** The page holds nothing to read: no text layer and one uniform colour (or no page content at all). */
        BLANK_PAGE,
        /** An image on the page could not be decoded (unsupported or broken encoding): its text is lost. */
        UNDECODABLE_IMAGE,
        /** The page was rendered and OCRed, and the OCR engine recognised no text on it. */
        OCR_FOUND_NO_TEXT
    }

    public PageWithoutText {
        if (page < 1) {
            throw new IllegalArgumentException("page must be >= 1, was " + page);
        }
        Objects.requireNonNull(cause, "cause must not be null");
        detail = detail == null ? "" : detail.strip();
    }

    /** "page 3: undecodable image (detail)", the form summaries and failure messages use. */
    public String describe() {
        String what = cause.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return "page " + page + ": " + what + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /** One line per page, {@code page<TAB>CAUSE<TAB>detail}: for stores that keep it as one text property. */
    public static String encode(List<PageWithoutText> pages) {
        StringBuilder out = new StringBuilder();
        for (PageWithoutText p : pages) {
            out.append(p.page)
                    .append('\t')
                    .append(p.cause.name())
                    .append('\t')
                    .append(p.detail.replace('\t', ' ').replace('\n', ' '))
                    .append('\n');
        }
        return out.toString();
    }

    /** The pages of {@link #encode}; null or empty text is no page. */
    public static List<PageWithoutText> decode(String text) {
        List<PageWithoutText> pages = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return pages;
        }
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t", 3);
            if (fields.length >= 2) {
                pages.add(new PageWithoutText(
                        Integer.parseInt(fields[0].strip()),
                        Cause.valueOf(fields[1].strip()),
                        fields.length > 2 ? fields[2] : ""));
            }
        }
        return pages;
    }
}
