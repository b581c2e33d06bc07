package dev.quarry.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.testing.ScenarioFiles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query Lambda answering real API Gateway HTTP API (payload v2) events: every {@code
 * src/test/resources/scenarios/*.json} is one test case named after its file, so a new case is a new file. A
 * scenario is
 *
 * <pre>{@code
 * {"name": "...", "source": "where the event JSON was copied from, and what was changed",
 *  "given": {"documents": [{"tenant", "key", "text"}]},
 *  "event": <the API Gateway HTTP API v2 event>,
 *  "expect": {"status", "problemType"?, "documentKeys"?: [keys that must appear among the citations]}}
 * }</pre>
 *
 * The given documents are indexed (one passage each, embedded by the function's own embedder) with status {@code
 * INDEXED} before the event is sent as it is to the function on the mock event server, and removed afterwards.
 * The function maps the IAM principal {@code arn:aws:iam::111122223333:role/acme-reader} to tenant {@code acme}
 * and reads the JWT claim {@code tenant}; its LLM (a local fake) answers citing every passage, so a generated
 * answer keeps all citations. {@code problemType} is the problem's {@code type}, written as {@code
 * /problems/<kind>} or just {@code <kind>}; {@code documentKeys} are matched on the citations' {@code
 * documentKey}.
 */
@QuarkusTest
@QuarkusTestResource(QueryTestResources.class)
class QueryScenarioTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CITE_EVERY_PASSAGE = "From the passages "
            + IntStream.rangeClosed(1, 200).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]"))
            + ".";

    @Inject
    ChunkIndex index;

    @Inject
    OnnxEmbedder embedder;

    @Inject
    DocumentStatusStore statuses;

    @Inject
    CorpusVersion versions;

    /** The scenario files' names without {@code .json}: each one test case, reported under that name. */
    static Stream<String> scenarios() {
        return ScenarioFiles.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void should_answer_the_scenario_as_it_expects(String scenario) throws Exception {
        run(ScenarioFiles.file(scenario));
    }

    private void run(Path file) throws Exception {
        JsonNode scenario = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        String where = ScenarioFiles.name(file) + " (" + scenario.path("name").asText() + ")";
        assertThat(scenario.path("source").asText())
                .as(where + ": every scenario names where its event JSON comes from")
                .isNotBlank();
        JsonNode event = scenario.get("event");
        assertThat(event != null && event.isObject()).as(where + ": event").isTrue();
        JsonNode expect = scenario.path("expect");
        assertThat(expect.path("status").isInt()).as(where + ": expect.status").isTrue();

        List<DocumentRef> given = new ArrayList<>();
        try {
            for (JsonNode document : scenario.path("given").path("documents")) {
                given.add(index(where, document));
            }
            QueryFunctionTest.fake("/_fake/reset", "");
            QueryFunctionTest.fake("/_fake/script", CITE_EVERY_PASSAGE);

            TestEvents.LambdaResponse response = send(event);

            String what = where + " -> " + response.status() + " " + response.body();
            assertThat(response.status())
                    .as(what)
                    .isEqualTo(expect.get("status").asInt());
            if (expect.hasNonNull("problemType")) {
                assertThat(response.header("content-type")).as(what).startsWith("application/problem+json");
                String type = response.json().path("type").asText();
                String wanted = expect.get("problemType").asText();
                assertThat(type.equals(wanted) || type.equals("/problems/" + wanted))
                        .as(what + ": problem type " + type + ", expected " + wanted)
                        .isTrue();
                assertThat(response.json().path("status").asInt()).as(what).isEqualTo(response.status());
            }
            if (expect.has("documentKeys")) {
                List<String> cited = new ArrayList<>();
                response.json()
                        .path("citations")
                        .forEach(c -> cited.add(c.path("documentKey").asText()));
                List<String> wanted = new ArrayList<>();
                expect.get("documentKeys").forEach(k -> wanted.add(k.asText()));
                assertThat(cited).as(what + ": cited document keys").containsAll(wanted);
            }
        } finally {
            for (DocumentRef document : given) {
                index.deleteDocument(document.tenant(), document.key());
                versions.bump(document.tenant());
            }
            QueryFunctionTest.fake("/_fake/reset", "");
        }
    }

    private DocumentRef index(String where, JsonNode document) {
        for (String field : List.of("tenant", "key", "text")) {
            assertThat(document.path(field).isTextual())
                    .as(where + ": given document " + document + " needs '" + field + "'")
                    .isTrue();
        }
        DocumentRef ref = new DocumentRef(
                document.get("tenant").asText(), document.get("key").asText(), "scenario");
        String text = document.get("text").asText();
        Chunk chunk = new Chunk(Chunk.idFor(ref, 0), ref, ContentType.TEXT, 1, 1, 0, List.of(), text);
        index.upsert(List.of(new EmbeddedChunk(chunk, embedder.embed(text))));
        statuses.put(DocumentStatus.of(ref, State.INDEXED, Instant.now()));
        versions.bump(ref.tenant());
        return ref;
    }

    private static TestEvents.LambdaResponse send(JsonNode event) throws IOException {
        String raw = given().contentType("application/json")
                .body(event.toString())
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode response = JSON.readTree(raw);
        JsonNode headers = response.has("headers") ? response.get("headers") : JSON.createObjectNode();
        String body = response.hasNonNull("body") ? response.get("body").asText() : "";
        if (response.path("isBase64Encoded").asBoolean(false)) {
            body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new TestEvents.LambdaResponse(response.get("statusCode").asInt(), headers, body);
    }
}
