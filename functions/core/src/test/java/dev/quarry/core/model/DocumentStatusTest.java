package dev.quarry.core.model;

import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentStatus.State;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentStatusTest {
    private static final DocumentRef DOC = new DocumentRef("acme", "scans/report.pdf", "v1");
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void should_build_an_indexed_status_with_its_counts_and_nothing_else() {
        DocumentStatus status = DocumentStatus.indexed(DOC, 12, 3, 40, 1500, NOW);

        assertThat(status)
                .isEqualTo(new DocumentStatus(
                        DOC, State.INDEXED, 12, 3, 40, 1500, 0, 0, null, null, NOW, null, 0, List.of()));
        assertThat(status.ended()).isTrue();
    }

    @Test
    void should_change_only_what_each_with_method_names() {
        List<PageWithoutText> blank = List.of(new PageWithoutText(2, PageWithoutText.Cause.OCR_FOUND_NO_TEXT, null));
        DocumentStatus status = DocumentStatus.failed(DOC, Reason.NO_TEXT, "no page has text", 900, NOW)
                .withPages(12, 3)
                .withParts(2, 3)
                .withSequencer("0A")
                .withAttempts(2)
                .withPagesWithoutText(blank);

        assertThat(status)
                .isEqualTo(new DocumentStatus(
                        DOC,
                        State.FAILED,
                        12,
                        3,
                        0,
                        900,
                        2,
                        3,
                        Reason.NO_TEXT,
                        "no page has text",
                        NOW,
                        "0A",
                        2,
                        blank));
        assertThat(DocumentStatus.of(DOC, State.QUEUED, NOW).withMessage("attempt 1 failed, retrying"))
                .isEqualTo(new DocumentStatus(
                        DOC, State.QUEUED, 0, 0, 0, 0, 0, 0, null, "attempt 1 failed, retrying", NOW, null, 0, null));
    }

    @Test
    void should_refuse_a_failure_without_a_reason_and_a_negative_attempt_count() {
        assertThatThrownBy(() -> DocumentStatus.failed(DOC, null, "why?", 0, NOW))
                .hasMessageContaining("a failed status needs a reason");
        assertThatThrownBy(() -> DocumentStatus.of(DOC, State.PROCESSING, NOW).withAttempts(-1))
                .hasMessageContaining("attempts must be >= 0");
    }
}
