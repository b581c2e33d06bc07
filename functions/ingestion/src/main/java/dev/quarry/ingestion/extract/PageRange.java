package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;

/**
 * The 1-based, inclusive pages to extract; {@code 0..0} means the whole document.
 *
 * @param first first page, or 0 with {@code last} 0 for all pages
 * @param last last page (inclusive); beyond the end of the document means "to the end"
 */
record PageRange(int first, int last) {

    static final PageRange ALL = new PageRange(0, 0);

    PageRange {
        boolean all = first == 0 && last == 0;
        if (!all && (first < 1 || last < first)) {
            throw new IllegalArgumentException("firstPage and lastPage must be 1-based with firstPage <= lastPage,"
                    + " or both 0 for the whole document; were " + first + ".." + last);
        }
    }

    /** The first page to extract. */
    int from() {
        return first == 0 ? 1 : first;
    }

    /**
     * The last page to extract of a document of {@code totalPages} pages.
     *
     * @throws QuarryException.Permanent with {@code INVALID_REQUEST} when the range starts after the last page
     */
    int to(int totalPages) {
        if (first > totalPages) {
            throw new QuarryException.Permanent(
                    Reason.INVALID_REQUEST,
                    "page range " + first + ".." + last + " starts after the last page (" + totalPages + ")");
        }
        return first == 0 ? totalPages : Math.min(last, totalPages);
    }
}
