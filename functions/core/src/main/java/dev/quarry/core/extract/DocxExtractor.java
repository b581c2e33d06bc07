package dev.quarry.core.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFSDT;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTDecimalNumber;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Extracts the body of a Word document with Apache POI (XWPF) as one page: paragraphs, headings (from the
 * built-in styles "heading 1".."heading 9" or an outline level), and tables as one line per row with cells
 * separated by {@code " | "}. Headers, footers, footnotes and comments are left out.
 *
 * <p>Decompression bombs are stopped by POI's {@link ZipSecureFile} while the archive is read: an entry
 * expanding more than {@value #MAX_INFLATE_FACTOR} times, or beyond {@link ExtractionLimits#maxBytes()},
 * fails with {@code TOO_LARGE}. These two POI settings are process-wide.
 */
final class DocxExtractor {

    private static final int MAX_INFLATE_FACTOR = 100;
    private static final String ZIP_BOMB = "Zip bomb detected";
    private static final Pattern HEADING_STYLE = Pattern.compile("heading\\s*([1-9])");
    /** Word's outline level 9 means "body text". */
    private static final int BODY_TEXT_OUTLINE = 9;

    private final ExtractionLimits limits;

    DocxExtractor(ExtractionLimits limits) {
        this.limits = limits;
    }

    ExtractedDocument extract(byte[] content) {
        ZipSecureFile.setMinInflateRatio(1.0 / MAX_INFLATE_FACTOR);
        ZipSecureFile.setMaxEntrySize(limits.maxBytes());
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(content))) {
            PageTextBuilder page = new PageTextBuilder();
            for (IBodyElement element : document.getBodyElements()) {
                append(element, document.getStyles(), page);
            }
            return new ExtractedDocument(ContentType.DOCX, List.of(page.build()), 1);
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    private static void append(IBodyElement element, XWPFStyles styles, PageTextBuilder page) {
        if (element instanceof XWPFParagraph paragraph) {
            int level = headingLevel(paragraph, styles);
            if (level > 0) {
                page.heading(level, paragraph.getText());
            } else {
                page.paragraphBreak().inline(paragraph.getText()).paragraphBreak();
            }
        } else if (element instanceof XWPFTable table) {
            page.paragraphBreak();
            for (XWPFTableRow row : table.getRows()) {
                page.inline(row.getTableCells().stream()
                                .map(XWPFTableCell::getTextRecursively)
                                .collect(Collectors.joining(" | ")))
                        .lineBreak();
            }
            page.paragraphBreak();
        } else if (element instanceof XWPFSDT contentControl) {
            page.paragraphBreak().inline(contentControl.getContent().getText()).paragraphBreak();
        }
    }

    /** 1..9 for a heading paragraph, 0 for body text. */
    static int headingLevel(XWPFParagraph paragraph, XWPFStyles styles) {
        if (paragraph.getCTP().getPPr() != null) {
            int level = outlineLevel(paragraph.getCTP().getPPr().getOutlineLvl());
            if (level >= 0) {
                return level;
            }
        }
        String styleId = paragraph.getStyleID();
        if (styleId == null) {
            return 0;
        }
        XWPFStyle style = styles == null ? null : styles.getStyle(styleId);
        String name = style != null && style.getName() != null ? style.getName() : styleId;
        Matcher heading = HEADING_STYLE.matcher(name.toLowerCase(Locale.ROOT));
        if (heading.matches()) {
            return Integer.parseInt(heading.group(1));
        }
        if (style != null && style.getCTStyle().getPPr() != null) {
            return Math.max(0, outlineLevel(style.getCTStyle().getPPr().getOutlineLvl()));
        }
        return 0;
    }

    /** The 1-based heading level of an outline level, 0 for body text, -1 when none is set. */
    private static int outlineLevel(CTDecimalNumber outline) {
        if (outline == null || outline.getVal() == null) {
            return -1;
        }
        BigInteger value = outline.getVal();
        return value.intValue() >= 0 && value.intValue() < BODY_TEXT_OUTLINE ? value.intValue() + 1 : 0;
    }

    private static QuarryException failure(Exception e) {
        if (e instanceof QuarryException quarry) {
            return quarry;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains(ZIP_BOMB) || message.contains("MAX_FILE_COUNT")) {
                return new QuarryException.Permanent(
                        Reason.TOO_LARGE,
                        "the DOCX expands beyond the allowed size or ratio (a decompression bomb?): "
                                + message.lines().findFirst().orElse(""),
                        e);
            }
        }
        return new QuarryException.Permanent(Reason.CORRUPT, "could not read the DOCX: " + e.getMessage(), e);
    }
}
