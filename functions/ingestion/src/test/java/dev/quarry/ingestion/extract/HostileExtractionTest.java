package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.ExtractedDocument;
import dev.quarry.ingestion.extract.HostileDocuments.ImagePlace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Small files that would make a decoder loop, recurse or allocate gigabytes end with a typed failure, checked
 * before anything large is decoded (each of these ran the process out of memory or stack before).
 */
class HostileExtractionTest {

    private final FakeOcr ocr = new FakeOcr("recognised text");
    private final DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), ocr);

    private static void assertFails(Runnable extraction, Reason reason, String message) {
        assertThatThrownBy(extraction::run).isInstanceOfSatisfying(QuarryException.Permanent.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void should_fail_corrupt_when_a_tiff_page_chain_loops_back() {
        // given
        byte[] tiff = HostileDocuments.ifdLoopTiff();

        // when / then: counted and extracted alike
        assertFails(() -> extractor.pageCount(tiff, null), Reason.CORRUPT, "loops back");
        assertFails(() -> extractor.extract(tiff, null), Reason.CORRUPT, "loops back");
    }

    @Test
    void should_fail_too_large_when_the_page_tree_is_nested_deeper_than_the_limit() {
        // given 5,000 nested page-tree nodes (the end-to-end suite tries 50,000)
        byte[] pdf = HostileDocuments.deepPageTree(5_000);

        // when / then
        assertFails(() -> extractor.pageCount(pdf, null), Reason.TOO_LARGE, "levels deep");
        assertFails(() -> extractor.extract(pdf, null), Reason.TOO_LARGE, "levels deep");
    }

    @Test
    void should_read_a_page_tree_of_ordinary_depth() {
        // given
        byte[] pdf = HostileDocuments.deepPageTree(20);

        // when
        ExtractedDocument document = extractor.extract(pdf, null);

        // then
        assertThat(document.pages()).hasSize(1);
        assertThat(document.pages().get(0).text()).contains("very deep page tree");
    }

    @Test
    void should_fail_too_large_from_the_page_tree_when_a_pdf_has_more_pages_than_the_limit() {
        // given
        byte[] pdf = HostileDocuments.manyPages(2_500);

        // when / then
        assertFails(() -> extractor.pageCount(pdf, null), Reason.TOO_LARGE, "max-pages");
    }

    @ParameterizedTest
    @EnumSource(ImagePlace.class)
    void should_fail_too_large_before_decoding_a_gigapixel_image_wherever_the_pdf_shows_it(ImagePlace place) {
        // given a 30000 x 30000 gray image (900 MB decoded) on a page without a text layer
        byte[] pdf = HostileDocuments.imageBomb(place, 30_000, 30_000, 1);

        // when / then
        assertFails(() -> extractor.extract(pdf, null), Reason.TOO_LARGE, "30000 x 30000");
        assertThat(ocr.pages).as("nothing was rendered to OCR").isEmpty();
    }

    @Test
    void should_fail_too_large_when_an_inline_image_within_the_pixel_limit_decodes_beyond_the_byte_limit() {
        // given 9000 x 9000 RGB: 81 million pixels, 243 MB decoded in memory
        byte[] pdf = HostileDocuments.imageBomb(ImagePlace.INLINE, 9_000, 9_000, 3);

        // when / then
        assertFails(() -> extractor.extract(pdf, null), Reason.TOO_LARGE, "max-image-bytes");
    }

    @Test
    void should_decode_a_sixteen_bit_image_at_a_resolution_that_fits_the_byte_limit() throws IOException {
        // given a 6000 x 6000 16-bit PNG (72 MB decoded) and a 32 MiB image budget
        byte[] png = HostileDocuments.sixteenBitPng(6_000, "TIDES");
        DocumentExtractor small =
                new DocumentExtractor(ExtractionLimits.defaults().withMaxImageBytes(32L * 1024 * 1024), ocr);

        // when
        ExtractedDocument document = small.extract(png, null);

        // then it is read at half resolution instead of failing or decoding whole
        assertThat(document.pages()).hasSize(1);
        assertThat(ocr.pages).hasSize(1);
        assertThat(ocr.pages.get(0).getWidth()).isEqualTo(3_000);
    }

    @Test
    void should_fail_too_large_while_streaming_a_docx_whose_text_exceeds_the_budget() throws IOException {
        // given a 3 MB DOCX of about 12 million characters and a 1 million character budget
        ByteArrayOutputStream docx = new ByteArrayOutputStream();
        HostileDocuments.largeDocx(docx, 3_000_000);
        DocumentExtractor budgeted =
                new DocumentExtractor(ExtractionLimits.defaults().withMaxTextChars(1_000_000), ocr);

        // when / then
        assertFails(() -> budgeted.extract(docx.toByteArray(), null), Reason.TOO_LARGE, "max-text-chars");
    }

    @Test
    void should_size_concurrent_extractions_so_that_the_worst_cases_fit_the_heap() {
        // given the default limits: about 600 MB per worst-case extraction, document included
        ExtractionLimits limits = ExtractionLimits.defaults();

        // when / then
        assertThat(DocumentExtractor.concurrencyFor(limits, 1L << 30, 256L << 20, 8))
                .isEqualTo(1);
        assertThat(DocumentExtractor.concurrencyFor(limits, 4L << 30, 256L << 20, 8))
                .isEqualTo(6);
        assertThat(DocumentExtractor.concurrencyFor(limits, 64L << 30, 256L << 20, 8))
                .isEqualTo(8);
        assertThat(DocumentExtractor.concurrencyFor(limits, 256L << 20, 256L << 20, 8))
                .isEqualTo(1);
    }
}
