package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Extracts the body of a Word document as one page: paragraphs, headings (from the built-in styles "heading
 * 1".."heading 9" or an outline level), and tables as one line per row with cells separated by {@code " | "}.
 * Headers, footers, footnotes and comments are left out.
 *
 * <p>The XML is streamed (StAX), never held as a tree: memory follows the text extracted, not the size of
 * {@code word/document.xml}, which a modest DOCX can inflate to hundreds of megabytes (an object model of it
 * takes many times that). Extraction stops with {@code TOO_LARGE} as soon as the text passes the text budget,
 * when an entry inflates beyond {@link ExtractionLimits#maxBytes()}, or more than {@value #MAX_INFLATE_FACTOR}
 * times its compressed size (a decompression bomb). DTDs and external entities are refused.
 */
final class DocxExtractor {

    static final int MAX_INFLATE_FACTOR = 100;
    /** Entries smaller than this are not judged by their ratio (tiny XML compresses very well). */
    private static final long RATIO_GRACE_BYTES = 100 * 1024;
    /** Tables in tables and text boxes in text boxes deeper than this are a hostile file. */
    private static final int MAX_NESTING = 32;

    private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static final Pattern HEADING_STYLE = Pattern.compile("heading\\s*([1-9])");
    /** Word's outline level 9 means "body text". */
    private static final int BODY_TEXT_OUTLINE = 9;

    private final ExtractionLimits limits;

    DocxExtractor(ExtractionLimits limits) {
        this.limits = limits;
    }

    /** A paragraph style: its name and outline level (-1 when it sets none). */
    private record Style(String name, int outline) {}

    /** What one paragraph holds. */
    private record Paragraph(String text, String styleId, int outline) {}

    ExtractedDocument extract(byte[] content, int maxTextChars) {
        try {
            Map<String, Style> styles = readStyles(content);
            PageTextBuilder page = new PageTextBuilder();
            Budget budget = new Budget(maxTextChars);
            try (InputStream xml = entry(content, "word/document.xml")) {
                if (xml == null) {
                    throw new QuarryException.Permanent(
                            Reason.CORRUPT, "could not read the DOCX: no word/document.xml");
                }
                XMLStreamReader reader = reader(xml);
                if (!toStart(reader, "body")) {
                    throw new QuarryException.Permanent(
                            Reason.CORRUPT, "could not read the DOCX: the document has no body");
                }
                body(reader, styles, page, budget);
            }
            return new ExtractedDocument(ContentType.DOCX, List.of(page.build()), 1);
        } catch (XMLStreamException | IOException e) {
            throw failure(e);
        }
    }

    /** The body's paragraphs, tables and content controls, in order. */
    private static void body(XMLStreamReader reader, Map<String, Style> styles, PageTextBuilder page, Budget budget)
            throws XMLStreamException {
        while (next(reader) != XMLStreamConstants.END_ELEMENT) {
            if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (name(reader)) {
                case "p" -> {
                    Paragraph paragraph = paragraph(reader, budget, 0);
                    int level = headingLevel(paragraph, styles);
                    if (level > 0) {
                        page.heading(level, paragraph.text());
                    } else {
                        page.paragraphBreak().inline(paragraph.text()).paragraphBreak();
                    }
                }
                case "tbl" -> {
                    page.paragraphBreak();
                    table(reader, budget, 0, row -> page.inline(row).lineBreak());
                    page.paragraphBreak();
                }
                case "sdt" ->
                    page.paragraphBreak()
                            .inline(contentControl(reader, budget, 0))
                            .paragraphBreak();
                default -> skip(reader);
            }
        }
    }

    /** A {@code w:p} (the reader on its start): the text of its runs, its style and outline level. */
    private static Paragraph paragraph(XMLStreamReader reader, Budget budget, int nesting) throws XMLStreamException {
        nested(nesting);
        StringBuilder text = new StringBuilder();
        String styleId = null;
        int outline = -1;
        int runs = 0;
        int depth = 1;
        while (depth > 0) {
            int event = next(reader);
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (name(reader).equals("r")) {
                    runs--;
                }
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = name(reader);
            if (depth == 1 && name.equals("pPr")) {
                String[] properties = paragraphProperties(reader);
                styleId = properties[0];
                outline = properties[1] == null ? -1 : parseInt(properties[1]);
                continue;
            }
            switch (name) {
                case "r" -> {
                    runs++;
                    depth++;
                }
                case "t" -> {
                    if (runs > 0) {
                        String value = reader.getElementText();
                        budget.spend(value.length());
                        text.append(value);
                    } else {
                        skip(reader);
                    }
                }
                case "tab" -> {
                    skip(reader);
                    if (runs > 0) {
                        text.append('\t');
                    }
                }
                case "br", "cr" -> {
                    skip(reader);
                    if (runs > 0) {
                        text.append('\n');
                    }
                }
                case "p" ->
                    text.append('\n')
                            .append(paragraph(reader, budget, nesting + 1).text());
                case "rPr", "delText", "instrText", "drawing", "object" -> skip(reader);
                default -> depth++;
            }
        }
        return new Paragraph(text.toString(), styleId, outline);
    }

    /** The style id and outline level of a {@code w:pPr} (the reader on its start); consumes it. */
    private static String[] paragraphProperties(XMLStreamReader reader) throws XMLStreamException {
        String[] properties = new String[2];
        int depth = 1;
        while (depth > 0) {
            int event = next(reader);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth == 2 && name(reader).equals("pStyle")) {
                    properties[0] = value(reader);
                } else if (depth == 2 && name(reader).equals("outlineLvl")) {
                    properties[1] = value(reader);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return properties;
    }

    /** A {@code w:tbl} (the reader on its start): one line per row, cells joined with {@code " | "}. */
    private static void table(
            XMLStreamReader reader, Budget budget, int nesting, java.util.function.Consumer<String> rows)
            throws XMLStreamException {
        nested(nesting);
        while (next(reader) != XMLStreamConstants.END_ELEMENT) {
            if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (!name(reader).equals("tr")) {
                skip(reader);
                continue;
            }
            StringBuilder row = new StringBuilder();
            boolean first = true;
            while (next(reader) != XMLStreamConstants.END_ELEMENT) {
                if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (!name(reader).equals("tc")) {
                    skip(reader);
                    continue;
                }
                row.append(first ? "" : " | ").append(cell(reader, budget, nesting));
                first = false;
            }
            rows.accept(row.toString());
        }
    }

    /** A {@code w:tc}: its paragraphs separated by tabs, nested tables' text run on, as Word's own text view. */
    private static String cell(XMLStreamReader reader, Budget budget, int nesting) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (next(reader) != XMLStreamConstants.END_ELEMENT) {
            if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (name(reader)) {
                case "p" ->
                    text.append(text.isEmpty() ? "" : "\t")
                            .append(paragraph(reader, budget, nesting + 1).text());
                case "tbl" ->
                    table(
                            reader,
                            budget,
                            nesting + 1,
                            row -> text.append(text.isEmpty() ? "" : "\n").append(row));
                case "sdt" ->
                    text.append(text.isEmpty() ? "" : "\t").append(contentControl(reader, budget, nesting + 1));
                default -> skip(reader);
            }
        }
        return text.toString();
    }

    /** A block-level {@code w:sdt}: the text of its content, one line per paragraph or table row. */
    private static String contentControl(XMLStreamReader reader, Budget budget, int nesting) throws XMLStreamException {
        nested(nesting);
        StringBuilder text = new StringBuilder();
        while (next(reader) != XMLStreamConstants.END_ELEMENT) {
            if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            if (!name(reader).equals("sdtContent")) {
                skip(reader);
                continue;
            }
            while (next(reader) != XMLStreamConstants.END_ELEMENT) {
                if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (name(reader)) {
                    case "p" ->
                        text.append(text.isEmpty() ? "" : "\n")
                                .append(paragraph(reader, budget, nesting + 1).text());
                    case "tbl" ->
                        table(
                                reader,
                                budget,
                                nesting + 1,
                                row -> text.append(text.isEmpty() ? "" : "\n").append(row));
                    case "sdt" ->
                        text.append(text.isEmpty() ? "" : "\n").append(contentControl(reader, budget, nesting + 1));
                    default -> skip(reader);
                }
            }
        }
        return text.toString();
    }

    /** 1..9 for a heading paragraph, 0 for body text. */
    private static int headingLevel(Paragraph paragraph, Map<String, Style> styles) {
        int direct = outlineLevel(paragraph.outline());
        if (direct >= 0) {
            return direct;
        }
        if (paragraph.styleId() == null) {
            return 0;
        }
        Style style = styles.get(paragraph.styleId());
        String name = style != null && style.name() != null ? style.name() : paragraph.styleId();
        Matcher heading = HEADING_STYLE.matcher(name.toLowerCase(Locale.ROOT));
        if (heading.matches()) {
            return Integer.parseInt(heading.group(1));
        }
        return style == null ? 0 : Math.max(0, outlineLevel(style.outline()));
    }

    /** The 1-based heading level of an outline level, 0 for body text, -1 when none is set. */
    private static int outlineLevel(int outline) {
        if (outline < 0) {
            return -1;
        }
        return outline < BODY_TEXT_OUTLINE ? outline + 1 : 0;
    }

    /** The paragraph styles of {@code word/styles.xml}, by id; empty when there is none. */
    private Map<String, Style> readStyles(byte[] content) throws IOException, XMLStreamException {
        Map<String, Style> styles = new HashMap<>();
        try (InputStream xml = entry(content, "word/styles.xml")) {
            if (xml == null) {
                return styles;
            }
            XMLStreamReader reader = reader(xml);
            String id = null;
            String name = null;
            int outline = -1;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (name(reader)) {
                        case "style" -> {
                            id = reader.getAttributeValue(W, "styleId");
                            name = null;
                            outline = -1;
                        }
                        case "name" -> name = value(reader);
                        case "outlineLvl" -> outline = parseInt(value(reader));
                        default -> {
                            // other style properties do not matter here
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT
                        && name(reader).equals("style")
                        && id != null) {
                    if (styles.size() < 100_000) {
                        styles.put(id, new Style(name, outline));
                    }
                    id = null;
                }
            }
        }
        return styles;
    }

    /** A stream of one entry's inflated bytes, guarded against bombs; null when the entry is missing. */
    private InputStream entry(byte[] content, String wanted) throws IOException {
        Map<String, Long> compressed = ZipDirectory.compressedSizes(content);
        ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content));
        try {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(wanted)) {
                    long packed = compressed.getOrDefault(wanted, (long) content.length);
                    return new Guard(zip, wanted, packed, limits.maxBytes());
                }
            }
        } catch (ZipException e) {
            zip.close();
            throw e;
        }
        zip.close();
        return null;
    }

    /** Counts inflated bytes and stops a bomb as it inflates. */
    private static final class Guard extends FilterInputStream {
        private final String name;
        private final long compressed;
        private final long maxBytes;
        private long inflated;

        Guard(InputStream in, String name, long compressed, long maxBytes) {
            super(in);
            this.name = name;
            this.compressed = Math.max(1, compressed);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            inflated += n;
            if (inflated > maxBytes) {
                throw bomb(name + " inflates beyond quarry.extraction.max-bytes (" + maxBytes + ")");
            }
            if (inflated > RATIO_GRACE_BYTES && inflated > compressed * MAX_INFLATE_FACTOR) {
                throw bomb(name + " inflates more than " + MAX_INFLATE_FACTOR + " times its compressed size ("
                        + compressed + " bytes)");
            }
        }
    }

    /** The characters of text left; spending past it fails the extraction at once. */
    private static final class Budget {
        private long left;
        private final int max;

        Budget(int max) {
            this.max = max;
            this.left = max;
        }

        void spend(int characters) {
            left -= characters;
            if (left < 0) {
                throw new QuarryException.Permanent(
                        Reason.TOO_LARGE,
                        "the DOCX holds more than " + max + " characters of text, more than"
                                + " quarry.extraction.max-text-chars");
            }
        }
    }

    private static QuarryException bomb(String detail) {
        return new QuarryException.Permanent(
                Reason.TOO_LARGE,
                "the DOCX expands beyond the allowed size or ratio (a decompression bomb?): " + detail);
    }

    private static XMLStreamReader reader(InputStream xml) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows the JAXP property; DTDs are off anyway
        }
        return factory.createXMLStreamReader(xml);
    }

    /** Advances to the start of the first element named {@code local}; false at the end of the document. */
    private static boolean toStart(XMLStreamReader reader, String local) throws XMLStreamException {
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT
                    && name(reader).equals(local)) {
                return true;
            }
        }
        return false;
    }

    /** The next event; a document that ends inside an element is corrupt. */
    private static int next(XMLStreamReader reader) throws XMLStreamException {
        if (!reader.hasNext()) {
            throw new XMLStreamException("the XML ends inside an element");
        }
        return reader.next();
    }

    /** Skips the element the reader is on the start of, with everything in it. */
    private static void skip(XMLStreamReader reader) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = next(reader);
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static void nested(int nesting) {
        if (nesting > MAX_NESTING) {
            throw new QuarryException.Permanent(
                    Reason.TOO_LARGE,
                    "the DOCX nests tables, text boxes or content controls more than " + MAX_NESTING + " deep");
        }
    }

    private static String name(XMLStreamReader reader) {
        return reader.getLocalName();
    }

    private static String value(XMLStreamReader reader) {
        return reader.getAttributeValue(W, "val");
    }

    private static int parseInt(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static QuarryException failure(Exception e) {
        return new QuarryException.Permanent(Reason.CORRUPT, "could not read the DOCX: " + e.getMessage(), e);
    }
}
