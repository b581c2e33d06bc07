package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ContentDetectorTest {

    private final ContentDetector detector = new ContentDetector();

    @Test
    void should_detect_binary_formats_by_magic_bytes_whatever_the_name() {
        assertThat(detect(TestDocuments.pdf(new TestDocuments.TextPage("x")), "notes.txt"))
                .isEqualTo(ContentType.PDF);
        assertThat(detect(TestDocuments.png(TestDocuments.textImage("x")), "scan.pdf"))
                .isEqualTo(ContentType.PNG);
        assertThat(detect(TestDocuments.write(TestDocuments.textImage("x"), "jpeg"), null))
                .isEqualTo(ContentType.JPEG);
        assertThat(detect(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}, null)).isEqualTo(ContentType.TIFF);
        assertThat(detect(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}, null)).isEqualTo(ContentType.TIFF);
    }

    @Test
    void should_detect_docx_when_zip_holds_word_document_xml() throws IOException {
        // given
        byte[] docx = zip("[Content_Types].xml", "word/document.xml");

        // when / then
        assertThat(detect(docx, "report.zip")).isEqualTo(ContentType.DOCX);
    }

    @Test
    void should_reject_other_zip_archives_as_unsupported() throws IOException {
        // given
        byte[] archive = zip("readme.txt", "xl/workbook.xml");

        // when / then
        assertRejected(archive, "report.docx", Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void should_detect_html_by_doctype_or_leading_tags() {
        assertThat(detect("\uFEFF  <!DOCTYPE html><title>t</title>", null)).isEqualTo(ContentType.HTML);
        assertThat(detect("<?xml version=\"1.0\"?>\n<html xmlns=\"x\"><body>hi</body></html>", "page.md"))
                .isEqualTo(ContentType.HTML);
        assertThat(detect("<div class=\"x\"><p>Some text</p></div>", null)).isEqualTo(ContentType.HTML);
    }

    @Test
    void should_prefer_markdown_when_a_readme_starts_with_a_div_but_has_headings() {
        assertThat(detect("<div align=\"center\">logo</div>\n\n# Project\n\nText.", null))
                .isEqualTo(ContentType.MARKDOWN);
    }

    @Test
    void should_detect_markdown_by_structure_and_plain_text_otherwise() {
        assertThat(detect("# Title\n\nSome text.", "notes.txt")).isEqualTo(ContentType.MARKDOWN);
        assertThat(detect("Title\n=====\n\nSome text.", null)).isEqualTo(ContentType.MARKDOWN);
        assertThat(detect("Some text\n\n```java\ncode\n```\n", null)).isEqualTo(ContentType.MARKDOWN);
        assertThat(detect("Just a line of text.\nAnd another one.", null)).isEqualTo(ContentType.TEXT);
    }

    @Test
    void should_not_take_prose_that_mentions_tags_for_html() {
        assertThat(detect("Put the script tag in <head> or before </body>.", null))
                .isEqualTo(ContentType.TEXT);
    }

    @Test
    void should_detect_a_long_single_line_text_in_linear_time() {
        // given: 200 K characters on one line, the shape that makes a backtracking pattern quadratic
        String line = "word ".repeat(40_000) + "\n=====\n";

        // when / then
        assertTimeoutPreemptively(
                Duration.ofSeconds(5), () -> assertThat(detect(line, null)).isEqualTo(ContentType.MARKDOWN));
    }

    @Test
    void should_use_the_name_hint_only_to_break_the_tie_between_text_and_markdown() {
        assertThat(detect("Just a line of *text*.", "notes.md")).isEqualTo(ContentType.MARKDOWN);
        assertThat(detect("Just a line of *text*.", "notes.txt")).isEqualTo(ContentType.TEXT);
        assertThat(detect("<!doctype html><p>x</p>", "notes.md")).isEqualTo(ContentType.HTML);
    }

    @Test
    void should_reject_empty_content_as_empty() {
        assertRejected(new byte[0], "empty.txt", Reason.EMPTY);
    }

    @Test
    void should_reject_binaries_and_other_images_as_unsupported() {
        assertRejected(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}, "tool.txt", Reason.UNSUPPORTED_TYPE);
        assertRejected(
                "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1),
                "a.png",
                Reason.UNSUPPORTED_TYPE);
        assertRejected(new byte[] {(byte) 0x1F, (byte) 0x8B, 8, 0, 0, 0}, null, Reason.UNSUPPORTED_TYPE);
        // bytes with no NUL that are no text in any encoding: refused, not decoded into garbage
        byte[] noise = new byte[4096];
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (1 + random.nextInt(255));
        }
        assertRejected(noise, "noise.txt", Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void should_read_utf16_with_a_byte_order_mark_and_east_asian_multi_byte_encodings() {
        String russian = "\u041c\u043e\u0441\u043a\u0432\u0430 - \u0441\u0442\u043e\u043b\u0438\u0446\u0430"
                + " \u0420\u043e\u0441\u0441\u0438\u0438.\n";
        String japanese = "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3067\u3059\u3002\u6771\u4eac"
                + "\u306f\u65e5\u672c\u306e\u9996\u90fd\u3067\u3059\u3002\n";

        byte[] utf16 = ("\uFEFF" + russian).getBytes(StandardCharsets.UTF_16LE);
        assertThat(detector.detect(utf16, "notes.txt")).isEqualTo(ContentType.TEXT);
        assertThat(ContentDetector.decodeText(utf16)).isEqualTo(russian);
        byte[] utf16be = ("\uFEFF# Title\n\n" + russian).getBytes(StandardCharsets.UTF_16BE);
        assertThat(detector.detect(utf16be, "notes.md")).isEqualTo(ContentType.MARKDOWN);
        assertThat(ContentDetector.decodeText(utf16be)).isEqualTo("# Title\n\n" + russian);
        for (String encoding : List.of("Shift_JIS", "EUC-JP")) {
            byte[] bytes = japanese.repeat(4).getBytes(java.nio.charset.Charset.forName(encoding));
            assertThat(detector.detect(bytes, "notes.txt")).as(encoding).isEqualTo(ContentType.TEXT);
            assertThat(ContentDetector.decodeText(bytes)).as(encoding).isEqualTo(japanese.repeat(4));
        }
    }

    @Test
    void should_refuse_single_byte_legacy_text_naming_the_likely_encoding_and_the_fix() {
        // Polish in windows-1250 reads as windows-1252 to the detector: indexed, it would be garbage
        String polish = "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. Pocz\u0105tek"
                + " nauki jest \u0142atwy, ale \u0107wiczenia s\u0105 wa\u017cne.\n";
        String french = "Le caf\u00e9 est servi chaud. Les \u00e9l\u00e8ves pr\u00e9f\u00e8rent la cr\u00e8me"
                + " br\u00fbl\u00e9e \u00e0 la fa\u00e7on de leur grand-m\u00e8re.\n";

        for (byte[] bytes : List.of(
                polish.repeat(4).getBytes(java.nio.charset.Charset.forName("windows-1250")),
                french.repeat(4).getBytes(java.nio.charset.Charset.forName("windows-1252")),
                french.repeat(4).getBytes(StandardCharsets.ISO_8859_1))) {
            assertThat(ContentDetector.decodeText(bytes)).isNull();
            assertThatThrownBy(() -> detector.detect(bytes, "notes.txt"))
                    .isInstanceOfSatisfying(
                            QuarryException.Permanent.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TYPE))
                    .hasMessageContaining("it looks like text in WINDOWS-125")
                    .hasMessageContaining("save it as UTF-8");
        }
    }

    @Test
    void should_reject_password_protected_office_files_as_encrypted() {
        // given: the start of an OLE2 container and its EncryptedPackage stream name
        byte[] ole2 = new byte[1024];
        System.arraycopy(
                new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1},
                0,
                ole2,
                0,
                8);
        byte[] name = "EncryptedPackage".getBytes(StandardCharsets.UTF_16LE);
        System.arraycopy(name, 0, ole2, 512, name.length);

        // when / then
        assertRejected(ole2, "secret.docx", Reason.ENCRYPTED);
    }

    @Test
    void should_reject_a_truncated_zip_as_corrupt() throws IOException {
        // given
        byte[] whole = zip("word/document.xml");
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 30);

        // when / then
        assertRejected(truncated, null, Reason.CORRUPT);
    }

    private ContentType detect(byte[] content, String name) {
        return detector.detect(content, name);
    }

    private ContentType detect(String content, String name) {
        return detector.detect(content.getBytes(StandardCharsets.UTF_8), name);
    }

    private void assertRejected(byte[] content, String name, Reason reason) {
        assertThatThrownBy(() -> detector.detect(content, name))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(reason);
    }

    static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
