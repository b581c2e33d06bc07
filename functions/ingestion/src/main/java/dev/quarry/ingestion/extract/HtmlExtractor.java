package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Extracts the visible text of an HTML page with jsoup (the charset comes from a byte order mark or a
 * {@code <meta charset>}, else UTF-8; a page that declares none and is not valid UTF-8 is read as the HTML standard
 * tells browsers to, in windows-1252, unless it is recognisably Shift_JIS, EUC-JP, EUC-KR, GB18030 or Big5).
 * Scripts, styles, navigation and other non-content elements are dropped; {@code h1}..{@code h6} become headings;
 * block elements become paragraphs separated by blank lines, list items and table rows lines of their own (cells
 * separated by {@code " | "}).
 */
final class HtmlExtractor {

    private static final String NOT_CONTENT =
            "script, style, noscript, template, nav, svg, canvas, iframe, object, embed, head, [hidden]";
    private static final Set<String> PARAGRAPHS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
            "header",
            "footer",
            "aside",
            "blockquote",
            "table",
            "ul",
            "ol",
            "dl",
            "figure",
            "figcaption",
            "form",
            "fieldset",
            "address",
            "details",
            "summary",
            "hr",
            "body");
    private static final Set<String> LINES = Set.of("li", "tr", "br", "dt", "dd", "caption", "option");
    private static final Set<String> CELLS = Set.of("td", "th");
    /** {@code <meta charset=…>} or {@code <meta http-equiv=… content="…; charset=…">}, as jsoup reads them. */
    private static final Pattern DECLARED_CHARSET = Pattern.compile("<meta[^>]*charset\\s*=", Pattern.CASE_INSENSITIVE);
    /** jsoup looks for the declaration near the start; so does this. */
    private static final int DECLARATION_SNIFF_BYTES = 8 * 1024;

    ExtractedDocument extract(byte[] content) {
        Document document = parse(content);
        document.select(NOT_CONTENT).remove();
        PageTextBuilder page = new PageTextBuilder();
        NodeTraversor.filter(new Collector(page), document.body());
        return new ExtractedDocument(ContentType.HTML, List.of(page.build()), 1);
    }

    private static Document parse(byte[] content) {
        try {
            return Jsoup.parse(new ByteArrayInputStream(content), undeclaredCharset(content), "");
        } catch (IOException e) {
            throw new QuarryException.Permanent(Reason.CORRUPT, "could not parse the HTML: " + e.getMessage(), e);
        }
    }

    /**
     * The charset to read a page in that declares none and is not UTF-8, or null to let jsoup decide (a byte order
     * mark, a {@code <meta>} declaration, else UTF-8). Without this, jsoup reads such a page as UTF-8 and every
     * accented letter becomes a replacement character: "crème brûlée" indexed so that no question finds it. The
     * HTML standard's fallback for undeclared legacy pages is windows-1252; a multi-byte East Asian encoding the
     * detector recognises is checked by strict decoding first.
     */
    static String undeclaredCharset(byte[] content) {
        String head =
                new String(content, 0, Math.min(content.length, DECLARATION_SNIFF_BYTES), StandardCharsets.ISO_8859_1);
        if (DECLARED_CHARSET.matcher(head).find()
                || ContentDetector.hasByteOrderMark(content)
                || ContentDetector.decodeUtf8(content) != null) {
            return null;
        }
        return ContentDetector.multiByteEncoding(content).orElse("windows-1252");
    }

    private record Collector(PageTextBuilder page) implements NodeFilter {

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                page.inline(text.getWholeText());
                return FilterResult.CONTINUE;
            }
            if (!(node instanceof Element element)) {
                return FilterResult.CONTINUE;
            }
            String tag = element.normalName();
            if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                page.heading(tag.charAt(1) - '0', element.text());
                return FilterResult.SKIP_CHILDREN;
            }
            if (tag.equals("pre")) {
                page.verbatim(element.wholeText());
                return FilterResult.SKIP_CHILDREN;
            }
            breakBefore(tag, element);
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (PARAGRAPHS.contains(tag)) {
                    page.paragraphBreak();
                } else if (LINES.contains(tag)) {
                    page.lineBreak();
                }
            }
            return FilterResult.CONTINUE;
        }

        private void breakBefore(String tag, Element element) {
            if (PARAGRAPHS.contains(tag)) {
                page.paragraphBreak();
            } else if (LINES.contains(tag)) {
                page.lineBreak();
            } else if (CELLS.contains(tag) && element.elementSiblingIndex() > 0) {
                page.inline(" | ");
            }
        }
    }
}
