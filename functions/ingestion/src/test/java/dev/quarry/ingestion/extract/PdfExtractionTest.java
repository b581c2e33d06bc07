package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.ingestion.extract.TestDocuments.ScannedPage;
import dev.quarry.ingestion.extract.TestDocuments.TextPage;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static dev.quarry.ingestion.extract.TestDocuments.pdf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdfExtractionTest {

    private static final String[] FIRST_PAGE = {"Granite is an igneous rock.", "It forms from slowly cooling magma."};
    private static final String[] SECOND_PAGE = {"Limestone is a sedimentary rock.", "It is mostly calcite."};

    /** 150 dpi keeps OCR of a whole A4 page around a second on one core. */
    private final ExtractionLimits fastOcr = new ExtractionLimits(
            ExtractionLimits.DEFAULT_MAX_BYTES,
            ExtractionLimits.DEFAULT_MAX_PAGES,
            ExtractionLimits.DEFAULT_MAX_PIXELS,
            ExtractionLimits.DEFAULT_OCR_TIMEOUT_PER_PAGE,
            150,
            ExtractionLimits.DEFAULT_MIN_TEXT_LAYER_CHARS,
            ExtractionLimits.DEFAULT_TIMEOUT);

    @Test
    void should_extract_text_layer_per_page_when_pdf_has_text() {
        // given
        FakeOcr ocr = new FakeOcr("must not be used");
        byte[] content = pdf(new TextPage(FIRST_PAGE), new TextPage(SECOND_PAGE));

        // when
        ExtractedDocument document = new DocumentExtractor(ExtractionLimits.defaults(), ocr).extract(content, "x.bin");

        // then
        assertThat(document.contentType()).isEqualTo(ContentType.PDF);
        assertThat(document.totalPages()).isEqualTo(2);
        assertThat(document.pages()).extracting(ExtractedPage::number).containsExactly(1, 2);
        assertThat(document.pages()).extracting(ExtractedPage::source).containsOnly(PageSource.TEXT_LAYER);
        assertThat(document.pages().get(0).text()).isEqualTo(String.join("\n", FIRST_PAGE));
        assertThat(document.pages().get(1).text()).isEqualTo(String.join("\n", SECOND_PAGE));
        assertThat(ocr.pages).isEmpty();
    }

    @Test
    void should_extract_only_the_requested_page_range_and_report_total_pages() {
        // given
        byte[] content = pdf(new TextPage(FIRST_PAGE), new TextPage(SECOND_PAGE), new TextPage(FIRST_PAGE));
        DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr(""));

        // when
        ExtractedDocument part = extractor.extract(content, null, 2, 9);
        int pages = extractor.pageCount(content, null);

        // then
        assertThat(pages).isEqualTo(3);
        assertThat(part.totalPages()).isEqualTo(3);
        assertThat(part.pages()).extracting(ExtractedPage::number).containsExactly(2, 3);
        assertThatThrownBy(() -> extractor.extract(content, null, 4, 5))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.INVALID_REQUEST);
    }

    @Test
    void should_read_the_text_layer_in_lines_when_the_page_is_rotated() throws IOException {
        // given
        byte[] content;
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf(new TextPage(FIRST_PAGE)))) {
            document.getPage(0).setRotation(90);
            content = TestDocuments.save(document);
        }

        // when
        ExtractedDocument document =
                new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr("")).extract(content, null);

        // then
        assertThat(document.pages().get(0).text()).isEqualTo(String.join("\n", FIRST_PAGE));
    }

    @Test
    void should_ocr_scanned_page_when_pdf_has_no_text_layer() {
        // given
        TesseractApiOcr tesseract = Tesseract.inProcess();
        byte[] content = pdf(new ScannedPage(TestDocuments.textImage("Basalt columns cool slowly", "near the coast")));

        // when
        ExtractedDocument document = new DocumentExtractor(fastOcr, tesseract).extract(content, null);

        // then
        ExtractedPage page = document.pages().get(0);
        assertThat(page.source()).isEqualTo(PageSource.OCR);
        assertThat(page.text()).contains("Basalt", "columns", "slowly", "coast");
        assertThat(document.ocrPageCount()).isEqualTo(1);
    }

    @Test
    void should_combine_text_layer_and_ocr_page_by_page_when_pdf_is_mixed() {
        // given
        TesseractApiOcr tesseract = Tesseract.inProcess();
        byte[] content =
                pdf(new TextPage(FIRST_PAGE), new ScannedPage(TestDocuments.textImage("Obsidian is volcanic glass")));

        // when
        ExtractedDocument document = new DocumentExtractor(fastOcr, tesseract).extract(content, null);

        // then
        assertThat(document.pages())
                .extracting(ExtractedPage::source)
                .containsExactly(PageSource.TEXT_LAYER, PageSource.OCR);
        assertThat(document.pages().get(0).text()).contains("Granite");
        assertThat(document.pages().get(1).text()).contains("Obsidian", "volcanic", "glass");
    }

    @Test
    void should_skip_ocr_when_a_page_without_text_is_blank() {
        // given
        FakeOcr ocr = new FakeOcr("should not be asked");
        byte[] content = pdf(new TextPage());

        // when
        ExtractedDocument document = new DocumentExtractor(fastOcr, ocr).extract(content, null);

        // then
        assertThat(document.pages()).singleElement().satisfies(page -> {
            assertThat(page.text()).isEmpty();
            assertThat(page.source()).isEqualTo(PageSource.TEXT_LAYER);
        });
        assertThat(ocr.pages).isEmpty();
    }

    @Test
    void should_ocr_a_scanned_page_whose_text_layer_is_only_a_page_number() throws IOException {
        // given: a scan with a digital page number, fewer letters and digits than minTextLayerChars
        FakeOcr ocr = new FakeOcr("The recognised text of the scan");
        byte[] content;
        try (PDDocument document =
                org.apache.pdfbox.Loader.loadPDF(pdf(new ScannedPage(TestDocuments.textImage("scanned words"))))) {
            try (PDPageContentStream stream = new PDPageContentStream(
                    document, document.getPage(0), PDPageContentStream.AppendMode.APPEND, false)) {
                TestDocuments.drawText(stream, "Page 12");
            }
            content = TestDocuments.save(document);
        }

        // when
        ExtractedDocument document = new DocumentExtractor(fastOcr, ocr).extract(content, null);

        // then
        assertThat(document.pages().get(0).source()).isEqualTo(PageSource.OCR);
        assertThat(document.pages().get(0).text()).isEqualTo("The recognised text of the scan");
    }

    @Test
    void should_fail_empty_when_pdf_has_no_pages() throws IOException {
        // given
        byte[] content;
        try (PDDocument document = new PDDocument()) {
            content = TestDocuments.save(document);
        }

        // when / then
        assertFailure(content, ExtractionLimits.defaults(), Reason.EMPTY);
    }

    @Test
    void should_fail_encrypted_when_pdf_has_a_user_password() throws IOException {
        // given
        byte[] content = protect(pdf(new TextPage(FIRST_PAGE)), "owner-secret", "user-secret");

        // when / then
        assertFailure(content, ExtractionLimits.defaults(), Reason.ENCRYPTED);
    }

    @Test
    void should_extract_when_pdf_has_only_an_owner_password() throws IOException {
        // given
        byte[] content = protect(pdf(new TextPage(FIRST_PAGE)), "owner-secret", "");

        // when
        ExtractedDocument document =
                new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr("")).extract(content, null);

        // then
        assertThat(document.pages().get(0).text()).contains("Granite");
    }

    @Test
    void should_fail_corrupt_when_pdf_is_truncated() {
        // given
        byte[] whole = pdf(new TextPage(FIRST_PAGE));
        byte[] truncated = Arrays.copyOf(whole, 300);

        // when / then
        assertFailure(truncated, ExtractionLimits.defaults(), Reason.CORRUPT);
    }

    @Test
    void should_fail_corrupt_when_pdf_is_garbled() {
        // given
        byte[] garbled = "%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 9 0 R>> garbage \u0001\u0002 %%EOF".getBytes();

        // when / then
        assertFailure(garbled, ExtractionLimits.defaults(), Reason.CORRUPT);
    }

    @Test
    void should_fail_too_large_when_pdf_has_more_pages_than_allowed() {
        // given
        byte[] content = pdf(new TextPage(FIRST_PAGE), new TextPage(SECOND_PAGE), new TextPage(FIRST_PAGE));
        ExtractionLimits twoPages = ExtractionLimits.defaults().withMaxPages(2);

        // when / then
        assertFailure(content, twoPages, Reason.TOO_LARGE);
        assertThatThrownBy(() -> new DocumentExtractor(twoPages, new FakeOcr("")).pageCount(content, null))
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void should_fail_too_large_when_a_scanned_page_is_too_big_to_render() throws IOException {
        // given: a 200 x 200 inch page (the largest PDF allows) without text
        FakeOcr ocr = new FakeOcr("never");
        byte[] content;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(14400, 14400));
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.addRect(10, 10, 100, 100);
                stream.fill();
            }
            content = TestDocuments.save(document);
        }

        // when / then
        assertFailure(content, ExtractionLimits.defaults(), Reason.TOO_LARGE);
        assertThat(ocr.pages).isEmpty();
    }

    @Test
    void should_render_at_lower_dpi_when_a_scanned_page_is_large() throws IOException {
        // given: an A0 poster (33 x 47 inches) with a drawing and no text, 300 dpi would be 139 M pixels
        FakeOcr ocr = new FakeOcr("poster text");
        byte[] content;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A0);
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.addRect(100, 100, 500, 500);
                stream.fill();
            }
            content = TestDocuments.save(document);
        }
        ExtractionLimits limits = ExtractionLimits.defaults().withMaxPixels(20_000_000);

        // when
        ExtractedDocument document = new DocumentExtractor(limits, ocr).extract(content, null);

        // then
        assertThat(document.pages().get(0).source()).isEqualTo(PageSource.OCR);
        assertThat(ocr.pages)
                .singleElement()
                .satisfies(image ->
                        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(20_000_000L));
    }

    @Test
    void should_fail_too_large_when_a_page_image_declares_too_many_pixels() throws IOException {
        // given: an image XObject that claims 50000 x 50000 pixels, with a few bytes of data
        byte[] content;
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDImageXObject bomb = new PDImageXObject(
                    document,
                    new ByteArrayInputStream(new byte[16]),
                    COSName.FLATE_DECODE,
                    50_000,
                    50_000,
                    8,
                    PDDeviceGray.INSTANCE);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.drawImage(bomb, 0, 0, 500, 500);
            }
            content = TestDocuments.save(document);
        }

        // when / then
        assertFailure(content, ExtractionLimits.defaults(), Reason.TOO_LARGE);
    }

    @Test
    void should_fail_timeout_when_the_whole_extraction_runs_out_of_time() {
        // given
        byte[] content = pdf(new TextPage(FIRST_PAGE), new TextPage(SECOND_PAGE));
        ExtractionLimits instant = ExtractionLimits.defaults().withTimeout(java.time.Duration.ofNanos(1));

        // when / then
        assertFailure(content, instant, Reason.TIMEOUT);
    }

    static byte[] protect(byte[] content, String ownerPassword, String userPassword) throws IOException {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(content)) {
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy(ownerPassword, userPassword, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return TestDocuments.save(document);
        }
    }

    private static void assertFailure(byte[] content, ExtractionLimits limits, Reason reason) {
        assertThatThrownBy(() -> new DocumentExtractor(limits, new FakeOcr("")).extract(content, null))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"JPXDecode", "JBIG2Decode", "DCTDecode"})
    void should_give_undecodable_image_as_the_reason_when_the_only_image_of_a_page_cannot_be_decoded(String filter)
            throws IOException {
        // given: a page whose only content is an image stream of garbage under this filter
        byte[] content = pdfWithImageStream(
                filter, "not an image at all, only text bytes".repeat(20).getBytes());
        FakeOcr ocr = new FakeOcr("");

        // when
        ExtractedDocument document = new DocumentExtractor(fastOcr, ocr).extract(content, null);

        // then: the page has no text, and the decoder's complaint is its reason (PDFBox only logs it)
        assertThat(document.pagesWithoutText()).singleElement().satisfies(page -> {
            assertThat(page.page()).isEqualTo(1);
            assertThat(page.cause()).isEqualTo(PageWithoutText.Cause.UNDECODABLE_IMAGE);
            assertThat(page.detail()).isNotBlank();
        });
    }

    @Test
    void should_give_ocr_found_no_text_as_the_reason_when_a_scanned_page_reads_as_nothing() {
        // given
        byte[] content = pdf(new ScannedPage(TestDocuments.textImage("Basalt columns")));

        // when
        ExtractedDocument document = new DocumentExtractor(fastOcr, new FakeOcr("   ")).extract(content, null);

        // then
        assertThat(document.pagesWithoutText())
                .containsExactly(new PageWithoutText(1, PageWithoutText.Cause.OCR_FOUND_NO_TEXT, ""));
    }

    /** A one-page PDF drawing one 600 x 400 gray image whose stream holds {@code data} under {@code filter}. */
    private static byte[] pdfWithImageStream(String filter, byte[] data) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(144, 96));
            doc.addPage(page);
            COSStream stream = doc.getDocument().createCOSStream();
            try (java.io.OutputStream out = stream.createRawOutputStream()) {
                out.write(data);
            }
            stream.setItem(COSName.TYPE, COSName.XOBJECT);
            stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
            stream.setItem(COSName.FILTER, COSName.getPDFName(filter));
            stream.setInt(COSName.WIDTH, 600);
            stream.setInt(COSName.HEIGHT, 400);
            stream.setInt(COSName.BITS_PER_COMPONENT, filter.equals("JBIG2Decode") ? 1 : 8);
            stream.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            PDImageXObject image = new PDImageXObject(new PDStream(stream), null);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(image, 0, 0, 144, 96);
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
