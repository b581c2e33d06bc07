package dev.quarry.weaviate;

import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.port.DocumentStatusStore.PartResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status-store semantics of {@code JsonDocumentStatusStoreTest} on a real Weaviate in a container (skipped,
 * with the reason, where no Docker engine exists): parts counted once, final and newer statuses never
 * regressed by a late part, progress visible through {@code get}, statuses listed by key.
 */
@ExtendWith(DockerEngine.class)
class WeaviateDocumentStatusStoreContainerTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private WeaviateDocumentStatusStore store;
    private String tenant;
    private DocumentRef v1;

    @BeforeEach
    void open() {
        tenant = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        v1 = new DocumentRef(tenant, "scan.pdf", "v1");
        store = WeaviateDocumentStatusStore.open(WeaviateServer.settings()
                .withCollections("ContractChunk", "ContractDocumentStatus", "ContractDocumentPart"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void should_sum_parts_and_count_a_redelivered_part_once() {
        // given
        store.put(DocumentStatus.of(v1, State.PROCESSING, NOW));
        store.completePart(v1, 0, 3, new PartResult(25, 25, 40, 1000), "0A", NOW);

        // when
        store.completePart(v1, 0, 3, new PartResult(25, 25, 40, 1000), "0A", NOW);
        DocumentStatus second = store.completePart(v1, 1, 3, new PartResult(25, 20, 30, 900), "0A", NOW);

        // then
        assertThat(second.state()).isEqualTo(State.PROCESSING);
        assertThat(second.partsDone()).isEqualTo(2);
        assertThat(second.partsTotal()).isEqualTo(3);
        assertThat(second.pages()).isEqualTo(50);
        assertThat(second.ocrPages()).isEqualTo(45);
        assertThat(second.chunks()).isEqualTo(70);
        assertThat(store.get(tenant, "scan.pdf"))
                .hasValueSatisfying(s -> assertThat(s.partsDone()).isEqualTo(2));
    }

    @Test
    void should_not_regress_a_failed_or_newer_version_when_a_late_part_lands() {
        // given
        store.completePart(v1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);
        DocumentStatus failed = new DocumentStatus(v1, State.FAILED, 0, 0, 0, 5, Reason.TIMEOUT, "page 30", NOW);
        store.put(failed);

        // when
        DocumentStatus late = store.completePart(v1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);
        store.put(DocumentStatus.of(new DocumentRef(tenant, "scan.pdf", "v2"), State.PROCESSING, NOW));
        DocumentStatus older = store.completePart(v1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // then
        assertThat(late).isEqualTo(failed);
        assertThat(older.document().version()).isEqualTo("v2");
    }

    @Test
    void should_list_the_statuses_of_a_tenant_by_key() {
        // given
        store.put(DocumentStatus.of(new DocumentRef(tenant, "b.txt", "v1"), State.INDEXED, NOW));
        store.put(DocumentStatus.of(new DocumentRef(tenant, "a.txt", "v1"), State.QUEUED, NOW)
                .withSequencer("0B"));

        // when / then
        assertThat(store.list(tenant))
                .extracting(s -> s.document().key() + " " + s.state() + " " + s.sequencer())
                .containsExactly("a.txt QUEUED 0B", "b.txt INDEXED null");
        assertThat(store.list(tenant + "x")).isEmpty();
    }
}
