package dev.quarry.ingest;

import dev.quarry.core.QuarryException.Reason;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.EmbeddedChunk;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest Lambda on Quarkus' mock Lambda event server, fed with SQS events whose bodies are S3 event
 * notifications ({@code src/test/resources/events/}). The bucket, index and status store are in-memory
 * fakes; extraction, chunking and embedding are the real ones.
 */
@QuarkusTest
class IngestFunctionTest {

    private static final String KETTLE = "acme/guides/kettle.txt";
    private static final String KETTLE_TEXT =
            "Descaling the kettle\n\nFill the kettle with one part vinegar and two parts water, boil it, and "
                    + "leave it for an hour. Rinse twice before making tea again.";

    @Inject
    FakeBucket bucket;

    @Inject
    InMemoryIndex index;

    @Inject
    InMemoryStatuses statuses;

    @BeforeEach
    void empty() {
        bucket.clear();
        index.clear();
        statuses.clear();
    }

    @Test
    void should_index_the_object_at_its_version_when_it_is_created() {
        // given
        bucket.put(KETTLE, KETTLE_TEXT);

        // when
        List<String> failures = failedMessageIds(invoke("sqs-object-created.json"));

        // then
        assertThat(failures).isEmpty();
        DocumentStatus status = statuses.get("acme", KETTLE).orElseThrow();
        assertThat(status.state()).isEqualTo(State.INDEXED);
        assertThat(status.document().version()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
        assertThat(index.chunksOf("acme", KETTLE))
                .isNotEmpty()
                .allSatisfy(
                        chunk -> assertThat(chunk.chunk().document().tenant()).isEqualTo("acme"))
                .anySatisfy(chunk -> assertThat(chunk.chunk().text()).contains("vinegar"));
    }

    @Test
    void should_index_under_the_decoded_key_when_the_event_key_is_url_encoded() {
        // given
        bucket.put("acme/Quarterly report été.txt", "Revenue grew in the summer quarter, mostly from kettles.");

        // when
        List<String> failures = failedMessageIds(invoke("sqs-encoded-key.json"));

        // then
        assertThat(failures).isEmpty();
        DocumentStatus status =
                statuses.get("acme", "acme/Quarterly report été.txt").orElseThrow();
        assertThat(status.state()).isEqualTo(State.INDEXED);
        assertThat(status.document().version()).isEqualTo("etag:fedcba9876543210fedcba9876543210");
        assertThat(index.chunksOf("acme", "acme/Quarterly report été.txt")).isNotEmpty();
    }

    @Test
    void should_remove_every_chunk_of_the_document_when_the_object_is_removed() {
        // given
        bucket.put(KETTLE, KETTLE_TEXT);
        assertThat(failedMessageIds(invoke("sqs-object-created.json"))).isEmpty();
        assertThat(index.chunksOf("acme", KETTLE)).isNotEmpty();
        bucket.deleteVersion(KETTLE, null);

        // when
        List<String> failures = failedMessageIds(invoke("sqs-object-removed.json"));

        // then
        assertThat(failures).isEmpty();
        assertThat(index.chunksOf("acme", KETTLE)).isEmpty();
        assertThat(statuses.get("acme", KETTLE).orElseThrow().state()).isEqualTo(State.DELETED);
    }

    @Test
    void should_acknowledge_the_s3_test_event_and_do_nothing() {
        // when
        List<String> failures = failedMessageIds(invoke("sqs-test-event.json"));

        // then
        assertThat(failures).isEmpty();
        assertThat(statuses.list("acme")).isEmpty();
        assertThat(index.count("acme")).isZero();
    }

    @Test
    void should_report_exactly_the_retriable_message_when_one_record_of_a_batch_fails() {
        // given: a stored object, one S3 throttles, one missing, one body that is no notification, a test event
        bucket.put(KETTLE, KETTLE_TEXT);
        bucket.put("acme/flaky.txt", "This one comes back later.");
        bucket.throttle("acme/flaky.txt");

        // when
        List<String> failures = failedMessageIds(invoke("sqs-mixed-batch.json"));

        // then: only the throttled one is retried; the missing one is recorded as failed and acknowledged
        assertThat(failures).containsExactly("aaaaaaaa-0000-4000-8000-000000000002");
        assertThat(statuses.get("acme", KETTLE).orElseThrow().state()).isEqualTo(State.INDEXED);
        DocumentStatus missing = statuses.get("acme", "acme/missing.txt").orElseThrow();
        assertThat(missing.state()).isEqualTo(State.FAILED);
        assertThat(missing.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(index.chunksOf("acme", "acme/flaky.txt")).isEmpty();
        assertThat(index.chunksOf("acme", KETTLE))
                .extracting(EmbeddedChunk::vector)
                .isNotEmpty();
    }

    private static Response invoke(String event) {
        return given().contentType("application/json")
                .accept("application/json")
                .body(TestEvents.read(event))
                .when()
                .post()
                .then()
                .statusCode(200)
                .extract()
                .response();
    }

    private static List<String> failedMessageIds(Response response) {
        List<String> ids = response.jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
        return ids == null ? List.of() : ids;
    }
}
