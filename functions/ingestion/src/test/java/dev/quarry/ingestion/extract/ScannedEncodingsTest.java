package dev.quarry.ingestion.extract;

import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.core.model.ExtractedPage;
import dev.quarry.core.model.PageSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real scan per image encoding that scanned PDFs and scanners produce, each made by a real encoder from a
 * real scanned page (origins in {@code src/test/resources/scans/README.md}), read through the whole extractor
 * with the in-process OCR: the test asserts the words of the page, not only that nothing was thrown.
 */
class ScannedEncodingsTest {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "jbig2.pdf, PDF JBIG2Decode (jbig2-imageio), AMENDMENT 1, seditious libel",
        "ccitt-g4.pdf, PDF CCITTFaxDecode Group 4, constitutionally protected, reputation",
        "ccitt-g3.pdf, PDF CCITTFaxDecode Group 3 2-D, excretion, political oratory",
        "jpeg.pdf, PDF DCTDecode, AMENDMENT 1, seditious speech",
        "jpx.pdf, PDF JPXDecode (OpenJPEG), constitutionally protected, reputation",
        "ccitt-g3.tif, TIFF CCITT Group 3, excretion, political oratory",
        "ccitt-g4.tif, TIFF CCITT Group 4, constitutionally protected, reputation",
        "scan.jpg, JPEG image, seditious speech, defamation",
    })
    void should_read_the_words_of_the_scan_when_it_uses_this_encoding(
            String file, String encoding, String phrase, String otherPhrase) throws IOException {
        // given
        byte[] content = scan(file);
        DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), Tesseract.inProcess());

        // when
        ExtractedDocument document = extractor.extract(content, file);

        // then
        String text = document.pages().stream().map(ExtractedPage::text).collect(Collectors.joining("\n"));
        assertThat(document.pages()).extracting(ExtractedPage::source).containsOnly(PageSource.OCR);
        assertThat(text.replaceAll("\\s+", " ")).as(encoding).contains(phrase, otherPhrase);
        if (file.endsWith(".pdf")) {
            assertThat(document.contentType()).isEqualTo(ContentType.PDF);
        }
    }

    static byte[] scan(String file) throws IOException {
        try (InputStream in = ScannedEncodingsTest.class.getResourceAsStream("/scans/" + file)) {
            assertThat(in).as("test resource scans/" + file).isNotNull();
            return in.readAllBytes();
        }
    }
}
