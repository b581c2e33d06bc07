package dev.quarry.embedded.store;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.DocumentStatusStore.PartResult;
import dev.quarry.testing.DocumentStatusStoreContractTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status-store contract on the JSON file ({@link DocumentStatusStoreContractTest}), and what only a file
 * does: statuses and part progress survive a restart.
 */
class JsonDocumentStatusStoreTest extends DocumentStatusStoreContractTest {

    private static final DocumentRef V1 = new DocumentRef("acme", "scan.pdf", "v1");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Override
    protected DocumentStatusStore createStore(String namespace) {
        return new JsonDocumentStatusStore(dir.resolve(namespace).resolve("status.json"));
    }

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
}
