package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.aws.s3.S3Version;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.testing.ScenarioFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest Lambda replaying real S3 event notifications: every {@code src/test/resources/scenarios/*.json} is one
 * test case named after its file, so a new case is a new file. A scenario is
 *
 * <pre>{@code
 * {"name": "...", "source": "where the event JSON was copied from, and what was changed",
 *  "config": {"documentPrefix": "docs/"},            (optional: the deployment's choices)
 *  "steps": [{"s3": [{"put": {"key", "version", "text"}} | {"deleteVersion": {"key", "version"}}
 *                    | {"deleteMarker": {"key", "version"}}],
 *             "event": <the SQS batch event exactly as Lambda receives it>,
 *             "expect": {"batchItemFailures": [message ids],
 *                        "documents": [{"tenant", "key", "state": "INDEXED|DELETED|FAILED|ABSENT",
 *                                       "indexedVersion"?, "reason"?}]}}]}
 * }</pre>
 *
 * {@code s3} changes the stand-in bucket ({@link FakeBucket}) before the event is delivered to the function on the
 * mock event server; {@code text} is a plain-text object body. A {@code deleteVersion} without a version deletes the
 * key as a bucket without versioning does; {@code deleteMarker} makes a delete marker current. The function reads
 * bucket {@code quarry-docs}. Expectations: {@code batchItemFailures} is the exact set of retried messages (none when
 * left out); {@code INDEXED} means the status is indexed and the index holds chunks of that version and no other;
 * {@code DELETED} a deleted status and no chunk; {@code FAILED} a failed status (with that {@code reason}, if given);
 * {@code ABSENT} no status and no chunk. {@code indexedVersion} is the recorded version: an S3 version id, or the
 * ETag (with or without the {@code etag:} prefix Quarry writes) for a bucket without versioning.
 */
@QuarkusTest
class IngestScenarioTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    FakeBucket bucket;

    @Inject
    InMemoryIndex index;

    @Inject
    InMemoryStatuses statuses;

    @Inject
    ScenarioDeployment deployment;

    /** The scenario files' names without {@code .json}: each one test case, reported under that name. */
    static Stream<String> scenarios() {
        return ScenarioFiles.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void should_leave_the_index_as_the_scenario_expects(String scenario) throws Exception {
        run(ScenarioFiles.file(scenario));
    }

    private void run(Path file) throws IOException {
        JsonNode scenario = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        String where = ScenarioFiles.name(file) + " (" + scenario.path("name").asText() + ")";
        assertThat(scenario.path("source").asText())
                .as(where + ": every scenario names where its event JSON comes from")
                .isNotBlank();
        assertThat(scenario.path("steps").isArray() && !scenario.path("steps").isEmpty())
                .as(where + ": steps")
                .isTrue();
        bucket.clear();
        index.clear();
        statuses.clear();
        deployment.deploy(config(scenario.path("config")));
        try {
            int number = 0;
            for (JsonNode step : scenario.path("steps")) {
                number++;
                runStep(where + " step " + number, step);
            }
        } finally {
            deployment.deploy(ScenarioDeployment.Config.DEFAULT);
        }
    }

    private void runStep(String where, JsonNode step) {
        for (JsonNode change : step.path("s3")) {
            apply(where, change);
        }
        JsonNode event = step.get("event");
        assertThat(event != null && event.isObject()).as(where + ": event").isTrue();
        Response response = given().contentType("application/json")
                .accept("application/json")
                .body(event.toString())
                .when()
                .post()
                .then()
                .statusCode(200)
                .extract()
                .response();
        JsonNode expect = step.path("expect");
        List<String> expectedFailures = texts(expect.path("batchItemFailures"));
        assertThat(failedMessageIds(response))
                .as(where + ": batchItemFailures")
                .containsExactlyInAnyOrderElementsOf(expectedFailures);
        for (JsonNode document : expect.path("documents")) {
            check(where, document);
        }
    }

    private void apply(String where, JsonNode change) {
        if (change.has("put")) {
            JsonNode put = change.get("put");
            String version = put.hasNonNull("version") ? put.get("version").asText() : FakeBucket.ANY_VERSION;
            bucket.put(
                    required(where, put, "key"),
                    version,
                    required(where, put, "text").getBytes(StandardCharsets.UTF_8));
        } else if (change.has("deleteVersion")) {
            JsonNode delete = change.get("deleteVersion");
            bucket.deleteVersion(
                    required(where, delete, "key"),
                    delete.hasNonNull("version") ? delete.get("version").asText() : null);
        } else if (change.has("deleteMarker")) {
            JsonNode marker = change.get("deleteMarker");
            bucket.deleteMarker(required(where, marker, "key"), required(where, marker, "version"));
        } else {
            throw new AssertionError(where + ": unknown s3 change " + change + " (put, deleteVersion, deleteMarker)");
        }
    }

    private void check(String where, JsonNode expected) {
        String tenant = required(where, expected, "tenant");
        String key = required(where, expected, "key");
        String state = required(where, expected, "state");
        String what = where + ": " + tenant + "/" + key;
        Optional<DocumentStatus> status = statuses.get(tenant, key);
        List<EmbeddedChunk> chunks = index.chunksOf(tenant, key);
        switch (state) {
            case "ABSENT" -> {
                assertThat(status).as(what + " has no status").isEmpty();
                assertThat(chunks).as(what + " has no chunk").isEmpty();
            }
            case "INDEXED" -> {
                assertThat(status).as(what + " status").isPresent();
                assertThat(status.get().state().name()).as(what + " state").isEqualTo(state);
                String version = status.get().document().version();
                assertThat(chunks)
                        .as(what + " is searchable: chunks of version " + version + " and no other")
                        .isNotEmpty()
                        .allSatisfy(c -> {
                            assertThat(c.chunk().document().version()).isEqualTo(version);
                            assertThat(c.chunk().text()).isNotBlank();
                        });
            }
            case "DELETED" -> {
                assertThat(status).as(what + " status").isPresent();
                assertThat(status.get().state().name()).as(what + " state").isEqualTo(state);
                assertThat(chunks).as(what + " has no chunk left").isEmpty();
            }
            default -> {
                assertThat(status).as(what + " status").isPresent();
                assertThat(status.get().state().name()).as(what + " state").isEqualTo(state);
            }
        }
        if (expected.hasNonNull("indexedVersion")) {
            String recorded = status.orElseThrow().document().version();
            String wanted = expected.get("indexedVersion").asText();
            assertThat(recorded.equals(wanted) || recorded.equals(S3Version.ETAG_PREFIX + wanted))
                    .as(what + " indexedVersion: recorded " + recorded + ", expected " + wanted)
                    .isTrue();
        }
        if (expected.hasNonNull("reason")) {
            assertThat(status.orElseThrow().reason())
                    .as(what + " reason")
                    .isNotNull()
                    .hasToString(expected.get("reason").asText());
        }
    }

    private static ScenarioDeployment.Config config(JsonNode config) {
        return new ScenarioDeployment.Config(
                Optional.ofNullable(config.get("documentPrefix")).map(JsonNode::asText),
                Optional.ofNullable(config.get("tenantSegment")).map(JsonNode::asInt),
                Optional.ofNullable(config.get("defaultTenant")).map(JsonNode::asText));
    }

    private static String required(String where, JsonNode node, String field) {
        JsonNode value = node.get(field);
        assertThat(value != null && value.isValueNode() && !value.isNull())
                .as(where + ": '" + field + "' in " + node)
                .isTrue();
        return value.asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> failedMessageIds(Response response) {
        List<String> ids = response.jsonPath().getList("batchItemFailures.itemIdentifier", String.class);
        return ids == null ? List.of() : ids;
    }
}
