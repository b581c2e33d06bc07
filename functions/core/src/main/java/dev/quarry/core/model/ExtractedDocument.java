package dev.quarry.core.model;

import java.util.List;
import java.util.Objects;

/**
 * The text of a document, page by page.
 *
 * @param contentType the detected format
 * @param pages the pages in order; for a page range only the pages of that range
 * @param totalPages the number of pages of the whole document (not only of the extracted range)
 */
public record ExtractedDocument(ContentType contentType, List<ExtractedPage> pages, int totalPages) {

    public ExtractedDocument {
        Objects.requireNonNull(contentType, "contentType must not be null");
        pages = List.copyOf(pages);
        if (totalPages < pages.size()) {
            throw new IllegalArgumentException("totalPages (" + totalPages + ") < pages (" + pages.size() + ")");
        }
    }

    public long ocrPageCount() {
        return pages.stream().filter(p -> p.source() == PageSource.OCR).count();
    }

    /** The pages that yielded no text, with why, in page order. */
    public List<PageWithoutText> pagesWithoutText() {
        return pages.stream()
                .map(ExtractedPage::missingText)
                .flatMap(java.util.Optional::stream)
                .toList();
    }
}
