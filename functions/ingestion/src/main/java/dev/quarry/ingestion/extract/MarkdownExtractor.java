package dev.quarry.ingestion.extract;

import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.ExtractedPage.Heading;
import dev.quarry.core.model.PageSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown as one page: the source text is kept (embedding models read Markdown well), except that heading
 * lines lose their markup ({@code ## Setup ##} becomes {@code Setup}, an underlined heading loses its
 * underline) so each recorded {@link Heading} is a line of the text. Lines inside fenced code blocks and
 * YAML front matter are never headings.
 */
final class MarkdownExtractor {

    private static final Pattern ATX = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern SETEXT = Pattern.compile("^ {0,3}(=+|-+)[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern NOT_PARAGRAPH = Pattern.compile("^ {0,3}([-*+>#|]|\\d+[.)]|`{3}|~{3})");

    ExtractedDocument extract(byte[] content) {
        String[] lines = TextExtractor.decode(content).split("\n", -1);
        List<String> out = new ArrayList<>(lines.length);
        List<Heading> headings = new ArrayList<>();
        String fence = null;
        boolean frontMatter = lines.length > 0 && lines[0].strip().equals("---");
        boolean paragraph = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean continuesParagraph = paragraph;
            paragraph = false;
            if (frontMatter) {
                out.add(line);
                frontMatter =
                        i == 0 || !(line.strip().equals("---") || line.strip().equals("..."));
                continue;
            }
            Matcher fenceMatch = FENCE.matcher(line);
            if (fence != null) {
                out.add(line);
                if (fenceMatch.find() && fenceMatch.group(1).startsWith(fence)) {
                    fence = null;
                }
                continue;
            }
            if (fenceMatch.find()) {
                fence = fenceMatch.group(1);
                out.add(line);
                continue;
            }
            Matcher atx = ATX.matcher(line);
            if (atx.matches()) {
                String text = atx.group(2) == null ? "" : atx.group(2).strip();
                if (!text.isEmpty()) {
                    headings.add(new Heading(atx.group(1).length(), text));
                }
                out.add(text);
                continue;
            }
            Matcher setext = SETEXT.matcher(line);
            if (setext.matches() && continuesParagraph) {
                String text = out.get(out.size() - 1).strip();
                out.set(out.size() - 1, text);
                headings.add(new Heading(setext.group(1).charAt(0) == '=' ? 1 : 2, text));
                continue;
            }
            out.add(line);
            paragraph = !line.isBlank() && !NOT_PARAGRAPH.matcher(line).find();
        }
        ExtractedPage page = new ExtractedPage(1, String.join("\n", out).strip(), PageSource.TEXT_LAYER, headings);
        return new ExtractedDocument(ContentType.MARKDOWN, List.of(page), 1);
    }
}
