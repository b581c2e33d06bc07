package dev.quarry.ingestion.extract;

import dev.quarry.core.QuarryException;
import dev.quarry.core.QuarryException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentExtractorTest {

    private final DocumentExtractor extractor = new DocumentExtractor(ExtractionLimits.defaults(), new FakeOcr(""));

    @Test
    void should_fail_empty_when_the_document_has_no_bytes() {
        assertFailure(extractor, new byte[0], Reason.EMPTY);
    }

    @Test
    void should_fail_unsupported_type_when_the_document_is_a_binary() {
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0};
        assertFailure(extractor, elf, Reason.UNSUPPORTED_TYPE);
    }

    @Test
    void should_fail_too_large_before_detection_when_the_document_exceeds_max_bytes() {
        DocumentExtractor small =
                new DocumentExtractor(ExtractionLimits.defaults().withMaxBytes(4), new FakeOcr(""));
        assertFailure(small, "12345".getBytes(StandardCharsets.UTF_8), Reason.TOO_LARGE);
    }

    @Test
    void should_reject_a_page_range_that_is_not_one() {
        assertThatThrownBy(() -> extractor.extract("x".getBytes(StandardCharsets.UTF_8), null, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("firstPage");
    }

    private static void assertFailure(DocumentExtractor extractor, byte[] content, Reason reason) {
        assertThatThrownBy(() -> extractor.extract(content, "file.txt"))
                .isInstanceOf(QuarryException.Permanent.class)
                .extracting(e -> ((QuarryException) e).reason())
                .isEqualTo(reason);
    }
}
