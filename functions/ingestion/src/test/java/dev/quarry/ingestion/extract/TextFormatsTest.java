package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.ExtractedPage.Heading;
import dev.quarry.core.model.PageSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextFormatsTest {

    private final DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr(""));

    @Test
    void should_keep_headings_and_paragraphs_and_drop_scripts_when_extracting_html() {
        // given
        String html = """
                <!DOCTYPE html>
                <html><head><title>Rocks</title><style>p { color: red }</style></head>
                <body>
                  <nav><a href="/">Home</a> <a href="/about">About</a></nav>
                  <h1>Igneous   rocks</h1>
                  <p>Granite is <b>coarse</b>-grained.</p>
                  <script>document.write("tracking");</script>
                  <h2>Volcanic</h2>
                  <div>Basalt is fine-grained.</div>
                  <ul><li>obsidian</li><li>pumice</li></ul>
                  <table><tr><th>Rock</th><th>Hardness</th></tr><tr><td>Quartz</td><td>7</td></tr></table>
                </body></html>
                """;

        // when
        ExtractedPage page = single(extract(html, "page.html"), ContentType.HTML);

        // then
        assertThat(page.headings()).containsExactly(new Heading(1, "Igneous rocks"), new Heading(2, "Volcanic"));
        assertThat(page.text()).isEqualTo("""
                        Igneous rocks

                        Granite is coarse-grained.

                        Volcanic

                        Basalt is fine-grained.

                        obsidian
                        pumice

                        Rock | Hardness
                        Quartz | 7""");
        assertThat(page.text()).doesNotContain("tracking", "color", "Home", "Rocks");
    }

    @Test
    void should_read_html_in_the_charset_its_meta_tag_declares() {
        // given
        byte[] latin1 = "<html><head><meta charset=\"ISO-8859-1\"></head><body><p>Caf\u00e9</p></body></html>"
                .getBytes(StandardCharsets.ISO_8859_1);

        // when
        ExtractedDocument document = extractor.extract(latin1, null);

        // then
        assertThat(document.pages().get(0).text()).isEqualTo("Caf\u00e9");
    }

    @Test
    void should_read_an_undeclared_legacy_html_page_as_browsers_do_not_as_utf8_with_replacement_characters() {
        // given a windows-1252 page that declares no charset, and a Shift_JIS one
        byte[] western = ("<html><head><title>Menu</title></head><body><h1>Le caf\u00e9</h1>"
                        + "<p>Les \u00e9l\u00e8ves pr\u00e9f\u00e8rent la cr\u00e8me br\u00fbl\u00e9e \u2013 50 \u20ac.</p>"
                        + "</body></html>")
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        String japanese = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3067\u3059\u3002\u6771\u4eac"
                + "\u306f\u65e5\u672c\u306e\u9996\u90fd\u3067\u3059\u3002";
        byte[] eastern = ("<html><body><p>" + japanese.repeat(4) + "</p></body></html>")
                .getBytes(java.nio.charset.Charset.forName("Shift_JIS"));

        // when
        String westernText = extractor.extract(western, null).pages().get(0).text();
        String easternText = extractor.extract(eastern, null).pages().get(0).text();

        // then every letter is as written
        assertThat(westernText)
                .contains("Le caf\u00e9")
                .contains("la cr\u00e8me br\u00fbl\u00e9e \u2013 50 \u20ac.")
                .doesNotContain("\uFFFD");
        assertThat(easternText).isEqualTo(japanese.repeat(4));
        // and a page that is UTF-8, or declares its charset, is left to jsoup's own reading
        assertThat(HtmlExtractor.undeclaredCharset("<p>caf\u00e9</p>".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(HtmlExtractor.undeclaredCharset(
                        "<meta charset=\"ISO-8859-1\"><p>caf\u00e9</p>".getBytes(StandardCharsets.ISO_8859_1)))
                .isNull();
    }

    @Test
    void should_turn_markdown_heading_lines_into_headings_but_not_inside_code() {
        // given
        String markdown = """
                ---
                title: Field guide
                ---
                # Field guide ##

                Intro text.

                Minerals
                --------

                ```sh
                # not a heading
                ls
                ```
                ### Quartz
                Hard.
                """;

        // when
        ExtractedPage page = single(extract(markdown, null), ContentType.MARKDOWN);

        // then
        assertThat(page.headings())
                .containsExactly(new Heading(1, "Field guide"), new Heading(2, "Minerals"), new Heading(3, "Quartz"));
        assertThat(page.text().lines())
                .contains("Field guide", "Minerals", "Quartz", "# not a heading", "title: Field guide")
                .doesNotContain("--------", "### Quartz");
    }

    @Test
    void should_extract_plain_text_as_one_page_with_normalised_line_breaks() {
        // when
        ExtractedPage page = single(extract("line one\r\nline two\r\n", "notes.txt"), ContentType.TEXT);

        // then
        assertThat(page.text()).isEqualTo("line one\nline two\n");
        assertThat(page.headings()).isEmpty();
        assertThat(page.source()).isEqualTo(PageSource.TEXT_LAYER);
    }

    @Test
    void should_extract_a_utf16_text_saved_with_a_byte_order_mark() {
        // given what Windows Notepad saves as "Unicode"
        String text = "R\u00e9sum\u00e9 des d\u00e9cisions\r\nLe comit\u00e9 a approuv\u00e9 la r\u00e9forme.\r\n";

        // when
        ExtractedPage page = single(
                extractor.extract(("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE), "minutes.txt"),
                ContentType.TEXT);

        // then
        assertThat(page.text()).isEqualTo(text.replace("\r\n", "\n"));
    }

    @Test
    void should_fail_invalid_request_when_a_range_skips_the_only_page_of_a_text() {
        assertThatThrownBy(() -> extractor.extract("text".getBytes(StandardCharsets.UTF_8), null, 2, 3))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.INVALID_REQUEST);
    }

    private ExtractedDocument extract(String content, String name) {
        return extractor.extract(content.getBytes(StandardCharsets.UTF_8), name);
    }

    private static ExtractedPage single(ExtractedDocument document, ContentType type) {
        assertThat(document.contentType()).isEqualTo(type);
        assertThat(document.totalPages()).isEqualTo(1);
        assertThat(document.pages()).hasSize(1);
        return document.pages().get(0);
    }
}
