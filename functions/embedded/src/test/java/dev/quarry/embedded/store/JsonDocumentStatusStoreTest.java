package dev.quarry.embedded.store;

import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.port.DocumentStatusStore.PartResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JsonDocumentStatusStoreTest {

    private static final DocumentRef V1 = new DocumentRef("acme", "scan.pdf", "v1");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void should_keep_statuses_and_part_progress_across_a_restart() {
        // given
        JsonDocumentStatusStore store = new JsonDocumentStatusStore(dir.resolve("status.json"));
        store.put(DocumentStatus.of(new DocumentRef("acme", "a.txt", "v1"), State.INDEXED, NOW));
        store.completePart(V1, 0, 3, new PartResult(25, 25, 40, 1000), "0A", NOW);

        // when
        JsonDocumentStatusStore reopened = new JsonDocumentStatusStore(dir.resolve("status.json"));
        DocumentStatus afterSecond = reopened.completePart(V1, 1, 3, new PartResult(25, 20, 30, 900), "0A", NOW);

        // then
        assertThat(reopened.get("acme", "a.txt"))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(State.INDEXED));
        assertThat(afterSecond.partsDone()).isEqualTo(2);
        assertThat(afterSecond.partsTotal()).isEqualTo(3);
        assertThat(afterSecond.pages()).isEqualTo(50);
        assertThat(afterSecond.ocrPages()).isEqualTo(45);
        assertThat(afterSecond.chunks()).isEqualTo(70);
        assertThat(afterSecond.sequencer()).isEqualTo("0A");
    }

    @Test
    void should_count_a_redelivered_part_once() {
        // given
        JsonDocumentStatusStore store = new JsonDocumentStatusStore(dir.resolve("status.json"));
        store.completePart(V1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // when
        DocumentStatus again = store.completePart(V1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // then
        assertThat(again.partsDone()).isEqualTo(1);
        assertThat(again.chunks()).isEqualTo(40);
    }

    @Test
    void should_not_regress_a_failed_or_newer_version_when_a_late_part_lands() {
        // given
        JsonDocumentStatusStore store = new JsonDocumentStatusStore(dir.resolve("status.json"));
        store.completePart(V1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);
        DocumentStatus failed = new DocumentStatus(V1, State.FAILED, 0, 0, 0, 5, Reason.TIMEOUT, "page 30", NOW);
        store.put(failed);

        // when
        DocumentStatus late = store.completePart(V1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);
        store.put(DocumentStatus.of(new DocumentRef("acme", "scan.pdf", "v2"), State.PROCESSING, NOW));
        DocumentStatus older = store.completePart(V1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // then
        assertThat(late).isEqualTo(failed);
        assertThat(older.document().version()).isEqualTo("v2");
    }
}
