package dev.quarry.weaviate;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.port.DocumentStatusStore.PartResult;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBase.Filters;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatch.BatchObjectsRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoProperties.Properties;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoProperties.Value;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.MetadataResult;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.PropertiesResult;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchReply;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchRequest;
import io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoSearchGet.SearchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status store against {@link FakeWeaviate}: what completePart writes and reads, and what it derives. */
class WeaviateDocumentStatusStoreWireTest {

    private static final DocumentRef V1 = new DocumentRef("acme", "scan.pdf", "v1");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeWeaviate fake = new FakeWeaviate();
    private WeaviateDocumentStatusStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        fake.close();
    }

    @Test
    void should_record_a_part_as_its_own_idempotent_object_and_derive_progress_without_writing_the_status() {
        // given both collections created, and the server holding part 0 and (after this write) part 2
        store = WeaviateDocumentStatusStore.open(fake.settings());
        assertThat(fake.schemas).containsKeys("QuarryDocumentStatus", "QuarryDocumentPart");
        fake.scriptGrpc(
                SearchReply.class,
                SearchReply.newBuilder()
                        .addResults(part(0, 25, 25, 40, 1000))
                        .addResults(part(2, 10, 0, 12, 300))
                        .build());

        // when
        DocumentStatus status = store.completePart(V1, 2, 3, new PartResult(10, 0, 12, 300), "0A", NOW);

        // then one part object went to the part collection under its deterministic UUID, in the tenant
        List<BatchObjectsRequest> writes = fake.requests(BatchObjectsRequest.class);
        assertThat(writes).singleElement().satisfies(write -> {
            assertThat(write.getObjectsCount()).isEqualTo(1);
            assertThat(write.getObjects(0).getCollection()).isEqualTo("QuarryDocumentPart");
            assertThat(write.getObjects(0).getTenant()).isEqualTo("acme");
            assertThat(write.getObjects(0).getUuid()).isEqualTo(Uuids.part("scan.pdf", "v1", 2));
        });
        // and the parts were read back with a server-side filter on key and version
        SearchRequest read = fake.requests(SearchRequest.class).get(0);
        assertThat(read.getCollection()).isEqualTo("QuarryDocumentPart");
        assertThat(read.getTenant()).isEqualTo("acme");
        assertThat(read.getFilters().getFiltersList())
                .extracting(f -> f.getOperator() + " " + f.getTarget().getProperty() + " " + f.getValueText())
                .containsExactly("OPERATOR_EQUAL key scan.pdf", "OPERATOR_EQUAL version v1");
        assertThat(read.getFilters().getOperator()).isEqualTo(Filters.Operator.OPERATOR_AND);
        // and the status is derived from the two parts
        assertThat(status.state()).isEqualTo(State.PROCESSING);
        assertThat(status.partsDone()).isEqualTo(2);
        assertThat(status.partsTotal()).isEqualTo(3);
        assertThat(status.pages()).isEqualTo(35);
        assertThat(status.ocrPages()).isEqualTo(25);
        assertThat(status.chunks()).isEqualTo(52);
        assertThat(status.durationMs()).isEqualTo(1300);
        assertThat(status.sequencer()).isEqualTo("0A");
    }

    @Test
    void should_return_a_failed_status_unchanged_to_a_late_part_and_forget_that_part() {
        // given a FAILED status of the same version on the server
        store = WeaviateDocumentStatusStore.open(fake.settings());
        fake.addTenant("QuarryDocumentStatus", "acme");
        fake.scriptGrpc(
                SearchReply.class,
                SearchReply.newBuilder().addResults(status("FAILED", "TIMEOUT")).build());
        fake.scriptGrpc(
                SearchReply.class,
                SearchReply.newBuilder().addResults(part(1, 25, 0, 40, 1000)).build());

        // when
        DocumentStatus late = store.completePart(V1, 1, 2, new PartResult(25, 0, 40, 1000), null, NOW);

        // then the status comes back as it was, nothing was written to the status collection,
        // and the late part's object was deleted again by its UUID
        assertThat(late.state()).isEqualTo(State.FAILED);
        assertThat(late.reason()).isEqualTo(dev.quarry.core.QuarryException.Reason.TIMEOUT);
        assertThat(late.message()).isEqualTo("page 30");
        assertThat(fake.requests(BatchObjectsRequest.class))
                .flatExtracting(BatchObjectsRequest::getObjectsList)
                .extracting(o -> o.getCollection())
                .containsExactly("QuarryDocumentPart");
        var deletes = fake.requests(
                io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteRequest.class);
        assertThat(deletes).singleElement().satisfies(delete -> {
            assertThat(delete.getCollection()).isEqualTo("QuarryDocumentPart");
            assertThat(delete.getTenant()).isEqualTo("acme");
            assertThat(delete.getFilters().getValueText()).isEqualTo(Uuids.part("scan.pdf", "v1", 1));
        });
    }

    @Test
    void should_write_a_final_status_under_the_key_uuid_and_forget_the_keys_parts() {
        // given parts were recorded in this tenant before
        store = WeaviateDocumentStatusStore.open(fake.settings());
        fake.addTenant("QuarryDocumentPart", "acme");

        // when
        store.put(DocumentStatus.of(V1, State.INDEXED, NOW).withSequencer("0B"));

        // then
        BatchObjectsRequest write = fake.requests(BatchObjectsRequest.class).get(0);
        assertThat(write.getObjects(0).getCollection()).isEqualTo("QuarryDocumentStatus");
        assertThat(write.getObjects(0).getUuid()).isEqualTo(Uuids.status("scan.pdf"));
        assertThat(write.getObjects(0).getTenant()).isEqualTo("acme");
        assertThat(write.getObjects(0).getProperties().getNonRefProperties().getFieldsMap())
                .containsKeys("key", "version", "state", "sequencer", "updatedAt");
        assertThat(write.getObjects(0)
                        .getProperties()
                        .getNonRefProperties()
                        .getFieldsMap()
                        .get("state")
                        .getStringValue())
                .isEqualTo("INDEXED");
        var delete = fake.requests(
                        io.weaviate.client6.v1.internal.grpc.protocol.WeaviateProtoBatchDelete.BatchDeleteRequest.class)
                .get(0);
        assertThat(delete.getCollection()).isEqualTo("QuarryDocumentPart");
        assertThat(delete.getFilters().getTarget().getProperty()).isEqualTo("key");
        assertThat(delete.getFilters().getValueText()).isEqualTo("scan.pdf");
    }

    private static SearchResult status(String state, String reason) {
        Properties properties = Properties.newBuilder()
                .putFields("key", Value.newBuilder().setTextValue("scan.pdf").build())
                .putFields("version", Value.newBuilder().setTextValue("v1").build())
                .putFields("state", Value.newBuilder().setTextValue(state).build())
                .putFields("pages", Value.newBuilder().setIntValue(0).build())
                .putFields("ocrPages", Value.newBuilder().setIntValue(0).build())
                .putFields("chunks", Value.newBuilder().setIntValue(0).build())
                .putFields("durationMs", Value.newBuilder().setIntValue(5).build())
                .putFields("partsDone", Value.newBuilder().setIntValue(0).build())
                .putFields("partsTotal", Value.newBuilder().setIntValue(0).build())
                .putFields("reason", Value.newBuilder().setTextValue(reason).build())
                .putFields("message", Value.newBuilder().setTextValue("page 30").build())
                .putFields(
                        "updatedAt",
                        Value.newBuilder().setDateValue("2026-01-01T00:00:00Z").build())
                .build();
        return SearchResult.newBuilder()
                .setProperties(PropertiesResult.newBuilder().setNonRefProps(properties))
                .setMetadata(MetadataResult.newBuilder().setId(Uuids.status("scan.pdf")))
                .build();
    }

    private static SearchResult part(int part, long pages, long ocr, long chunks, long ms) {
        Properties properties = Properties.newBuilder()
                .putFields("key", Value.newBuilder().setTextValue("scan.pdf").build())
                .putFields("version", Value.newBuilder().setTextValue("v1").build())
                .putFields("part", Value.newBuilder().setIntValue(part).build())
                .putFields("partCount", Value.newBuilder().setIntValue(3).build())
                .putFields("pages", Value.newBuilder().setIntValue(pages).build())
                .putFields("ocrPages", Value.newBuilder().setIntValue(ocr).build())
                .putFields("chunks", Value.newBuilder().setIntValue(chunks).build())
                .putFields("durationMs", Value.newBuilder().setIntValue(ms).build())
                .putFields(
                        "updatedAt",
                        Value.newBuilder().setDateValue("2026-01-01T00:00:00Z").build())
                .build();
        return SearchResult.newBuilder()
                .setProperties(PropertiesResult.newBuilder().setNonRefProps(properties))
                .setMetadata(MetadataResult.newBuilder().setId(Uuids.part("scan.pdf", "v1", part)))
                .build();
    }
}
