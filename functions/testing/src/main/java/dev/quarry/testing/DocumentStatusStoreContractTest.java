package dev.quarry.testing;

import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.DocumentStatusStore.PartResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link DocumentStatusStore} adapter must show (a JSON file in the embedded default,
 * Weaviate in production): a status reads back as put, per tenant and key; a tenant's statuses list by key and
 * never another tenant's; page-range parts are summed, counted once when redelivered, recorded atomically under
 * concurrency, and never regress a final status or a newer version. Tenants are unique per test, so subclasses
 * may share one server.
 */
public abstract class DocumentStatusStoreContractTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private DocumentStatusStore store;
    private String tenant;
    private String otherTenant;
    private DocumentRef v1;

    /**
     * The store under test, holding no status of the tenants this test uses (they start with {@code namespace},
     * unique per test). A store that is {@link AutoCloseable} is closed after the test.
     */
    protected abstract DocumentStatusStore createStore(String namespace);

    @BeforeEach
    void createStoreForThisTest() {
        String namespace = Namespaces.fresh();
        tenant = namespace + "a";
        otherTenant = namespace + "b";
        v1 = new DocumentRef(tenant, "scans/report.pdf", "v1");
        store = createStore(namespace);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void should_read_back_a_status_as_it_was_put_when_asked_by_tenant_and_key() {
        // given
        DocumentStatus failed = DocumentStatus.failed(v1, Reason.NO_TEXT, "no page has text", 1500, NOW)
                .withPages(12, 3)
                .withSequencer("0A")
                .withAttempts(2);

        // when
        store.put(failed);

        // then
        assertThat(store.get(tenant, "scans/report.pdf")).contains(failed);
    }

    @Test
    void should_find_nothing_when_the_key_was_never_put() {
        // when / then
        assertThat(store.get(tenant, "never.txt")).isEmpty();
        assertThat(store.list(tenant)).isEmpty();
    }

    @Test
    void should_replace_the_status_of_a_key_when_put_again() {
        // given
        store.put(DocumentStatus.of(v1, State.PROCESSING, NOW));

        // when
        DocumentRef v2 = new DocumentRef(tenant, v1.key(), "v2");
        store.put(DocumentStatus.of(v2, State.INDEXED, NOW.plusSeconds(1)));

        // then
        assertThat(store.get(tenant, v1.key())).hasValueSatisfying(s -> {
            assertThat(s.document()).isEqualTo(v2);
            assertThat(s.state()).isEqualTo(State.INDEXED);
        });
        assertThat(store.list(tenant)).hasSize(1);
    }

    @Test
    void should_list_the_statuses_of_a_tenant_ordered_by_key() {
        // given
        store.put(DocumentStatus.of(new DocumentRef(tenant, "b.txt", "v1"), State.INDEXED, NOW));
        store.put(DocumentStatus.of(new DocumentRef(tenant, "a.txt", "v1"), State.QUEUED, NOW)
                .withSequencer("0B"));
        store.put(DocumentStatus.of(new DocumentRef(tenant, "a/z.txt", "v1"), State.DELETED, NOW));

        // when / then
        assertThat(store.list(tenant))
                .extracting(s -> s.document().key() + " " + s.state() + " " + s.sequencer())
                .containsExactly("a.txt QUEUED 0B", "a/z.txt DELETED null", "b.txt INDEXED null");
    }

    @Test
    void should_never_show_one_tenants_status_to_another_when_the_key_is_the_same() {
        // given
        store.put(DocumentStatus.of(v1, State.INDEXED, NOW));

        // when / then
        assertThat(store.get(otherTenant, v1.key())).isEmpty();
        assertThat(store.list(otherTenant)).isEmpty();
        assertThat(store.list(tenant + "x"))
                .as("a tenant whose name extends this one")
                .isEmpty();
        assertThat(store.list(tenant)).hasSize(1);
    }

    @Test
    void should_sum_the_parts_while_parts_are_outstanding() {
        // given
        store.put(DocumentStatus.of(v1, State.PROCESSING, NOW));
        PageWithoutText blank = new PageWithoutText(30, PageWithoutText.Cause.BLANK_PAGE, "uniform page");

        // when
        store.completePart(v1, 0, 3, new PartResult(25, 25, 40, 1000), "0A", NOW);
        DocumentStatus second =
                store.completePart(v1, 1, 3, new PartResult(25, 20, 30, 900, List.of(blank)), "0A", NOW);

        // then
        assertThat(second.state()).isEqualTo(State.PROCESSING);
        assertThat(second.partsDone()).isEqualTo(2);
        assertThat(second.partsTotal()).isEqualTo(3);
        assertThat(second.pages()).isEqualTo(50);
        assertThat(second.ocrPages()).isEqualTo(45);
        assertThat(second.chunks()).isEqualTo(70);
        assertThat(second.durationMs()).isEqualTo(1900);
        assertThat(second.pagesWithoutText()).containsExactly(blank);
        assertThat(store.get(tenant, v1.key()))
                .hasValueSatisfying(s -> assertThat(s.partsDone()).isEqualTo(2));
    }

    @Test
    void should_count_a_part_once_when_it_is_redelivered() {
        // given
        store.completePart(v1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // when
        DocumentStatus again = store.completePart(v1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // then
        assertThat(again.partsDone()).isEqualTo(1);
        assertThat(again.pages()).isEqualTo(25);
        assertThat(again.chunks()).isEqualTo(40);
    }

    @Test
    void should_not_regress_a_failed_status_or_a_newer_version_when_a_late_part_lands() {
        // given
        store.completePart(v1, 0, 2, new PartResult(25, 0, 40, 1000), null, NOW);
        DocumentStatus failed = DocumentStatus.failed(v1, Reason.TIMEOUT, "page 30", 5, NOW);
        store.put(failed);

        // when
        DocumentStatus late = store.completePart(v1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);
        store.put(DocumentStatus.of(new DocumentRef(tenant, v1.key(), "v2"), State.PROCESSING, NOW));
        DocumentStatus older = store.completePart(v1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // then
        assertThat(late).isEqualTo(failed);
        assertThat(older.document().version()).isEqualTo("v2");
        assertThat(store.get(tenant, v1.key()))
                .hasValueSatisfying(s -> assertThat(s.document().version()).isEqualTo("v2"));
    }

    @Test
    void should_count_every_part_when_parts_land_concurrently() throws Exception {
        // given
        int parts = 6;
        store.put(DocumentStatus.of(v1, State.PROCESSING, NOW));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Callable<DocumentStatus>> work = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            int number = part;
            work.add(() -> store.completePart(v1, number, parts, new PartResult(10, 1, 5, 100), null, NOW));
        }

        // when
        try {
            for (Future<DocumentStatus> done : pool.invokeAll(work)) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        DocumentStatus last = store.completePart(v1, parts - 1, parts, new PartResult(10, 1, 5, 100), null, NOW);

        // then
        assertThat(last.partsDone()).isEqualTo(parts);
        assertThat(last.pages()).isEqualTo(parts * 10);
        assertThat(last.chunks()).isEqualTo(parts * 5);
    }
}
