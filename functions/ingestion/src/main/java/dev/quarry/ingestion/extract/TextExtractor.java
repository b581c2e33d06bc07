package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;

import java.util.List;

/**
 * Plain text as one page, with line breaks normalised to {@code \n}: UTF-8, UTF-16 with a byte order mark, or a
 * recognised multi-byte East Asian encoding ({@link ContentDetector#decodeText}).
 */
final class TextExtractor {

    ExtractedDocument extract(byte[] content) {
        ExtractedPage page = new ExtractedPage(1, decode(content), PageSource.TEXT_LAYER);
        return new ExtractedDocument(ContentType.TEXT, List.of(page), 1);
    }

    /** The text with {@code \r\n} and {@code \r} line breaks turned into {@code \n}. */
    static String decode(byte[] content) {
        String text = ContentDetector.decodeText(content);
        if (text == null) {
            throw new QuarryException.Permanent(
                    Reason.CORRUPT,
                    "the text is not valid UTF-8, UTF-16 or a recognised East Asian encoding"
                            + ContentDetector.legacyHint(content));
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }
}
