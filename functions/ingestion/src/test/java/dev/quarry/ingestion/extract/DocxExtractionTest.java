package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.ExtractedPage.Heading;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocxExtractionTest {

    private final DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr(""));

    @Test
    void should_extract_paragraphs_headings_and_tables_when_docx_uses_heading_styles() throws IOException {
        // given
        byte[] docx = wordDocument();

        // when
        ExtractedDocument document = extractor.extract(docx, "upload.bin");

        // then
        assertThat(document.contentType()).isEqualTo(ContentType.DOCX);
        ExtractedPage page = document.pages().get(0);
        assertThat(page.headings())
                .containsExactly(
                        new Heading(1, "Sedimentary rocks"), new Heading(2, "Sandstone"), new Heading(3, "Grain size"));
        assertThat(page.text()).isEqualTo("""
                        Sedimentary rocks

                        They form from deposited material.

                        Sandstone

                        Made of sand-sized grains.

                        Grain size

                        Rock | Grain
                        Shale | clay""");
    }

    @Test
    void should_fail_too_large_when_docx_is_a_zip_bomb() throws IOException {
        // given: word/document.xml inflates from about 20 KB to 20 MB
        byte[] bomb = replaceDocumentXml(wordDocument(), 20 * 1024 * 1024);

        // when / then
        assertThatThrownBy(() -> extractor.extract(bomb, null))
                .isInstanceOf(QuarryException.Permanent.class)
                .hasMessageContaining("decompression bomb")
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void should_fail_corrupt_when_document_xml_is_broken() throws IOException {
        // given
        byte[] broken = replaceEntry(wordDocument(), "word/document.xml", "<w:document><w:body>".getBytes());

        // when / then
        assertThatThrownBy(() -> extractor.extract(broken, null))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.CORRUPT);
    }

    /** Heading 1 and 2 by built-in style, the third heading by a direct outline level. */
    static byte[] wordDocument() throws IOException {
        try (XWPFDocument document = new XWPFDocument()) {
            XWPFStyles styles = document.createStyles();
            addParagraphStyle(styles, "Heading1", "heading 1");
            addParagraphStyle(styles, "Heading2", "heading 2");
            document.createParagraph().setStyle("Heading1");
            document.getLastParagraph().createRun().setText("Sedimentary rocks");
            document.createParagraph().createRun().setText("They form from deposited material.");
            document.createParagraph().setStyle("Heading2");
            document.getLastParagraph().createRun().setText("Sandstone");
            document.createParagraph().createRun().setText("Made of  sand-sized grains.");
            document.createParagraph().createRun().setText("Grain size");
            document.getLastParagraph().getCTP().addNewPPr().addNewOutlineLvl().setVal(BigInteger.valueOf(2));
            XWPFTable table = document.createTable(2, 2);
            table.getRow(0).getCell(0).setText("Rock");
            table.getRow(0).getCell(1).setText("Grain");
            table.getRow(1).getCell(0).setText("Shale");
            table.getRow(1).getCell(1).setText("clay");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        }
    }

    private static void addParagraphStyle(XWPFStyles styles, String id, String name) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal(name);
        styles.addStyle(new XWPFStyle(style));
    }

    private static byte[] replaceDocumentXml(byte[] docx, int payloadBytes) throws IOException {
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        xml.writeBytes(("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
                        + "<w:body><w:p><w:r><w:t>")
                .getBytes(StandardCharsets.UTF_8));
        xml.writeBytes("a".repeat(payloadBytes).getBytes(StandardCharsets.UTF_8));
        xml.writeBytes("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
        return replaceEntry(docx, "word/document.xml", xml.toByteArray());
    }

    private static byte[] replaceEntry(byte[] zip, String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream copy = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                copy.putNextEntry(new ZipEntry(entry.getName()));
                OutputStream target = copy;
                if (entry.getName().equals(name)) {
                    target.write(content);
                } else {
                    in.transferTo(target);
                }
                copy.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
