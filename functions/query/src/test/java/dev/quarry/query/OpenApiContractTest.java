package dev.quarry.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.port.ChunkIndex;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.models.embed.OnnxEmbedder;
import dev.quarry.query.TestEvents.LambdaResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real responses of the query Lambda, produced through the mock event server, validated against the OpenAPI
 * document the function serves ({@code /q/openapi}, from {@code META-INF/openapi.yaml}): each response's status
 * must be documented for its operation (or fall under {@code default}), its media type must be the documented one,
 * and its body must satisfy the documented schema (networknt json-schema-validator, JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1). Covered: a cache miss answered by the LLM, a cache hit, retrieval only, every problem
 * type the API answers, the documents routes and health.
 */
@QuarkusTest
@QuarkusTestResource(QueryTestResources.class)
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "https://quarry.invalid/openapi.json";

    private static JsonNode spec;
    private static JsonSchemaFactory schemas;

    @Inject
    DocumentStatusStore statuses;

    @Inject
    ChunkIndex index;

    @Inject
    OnnxEmbedder embedder;

    /** The served document, read once (the mock event server is only reachable from inside a test). */
    private static synchronized void loadTheServedDocument() throws IOException {
        if (spec != null) {
            return;
        }
        LambdaResponse served = TestEvents.invoke("acme", "GET", "/q/openapi", null, null);
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        spec = new ObjectMapper(new YAMLFactory()).readTree(served.body());
        assertThat(spec.path("openapi").asText()).startsWith("3.1");
        String document = spec.toString();
        schemas = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, document))));
    }

    @Test
    void should_match_the_document_for_a_miss_answered_by_the_llm_and_then_a_hit() throws Exception {
        // given
        seed();
        QueryFunctionTest.fake("/_fake/reset", "");
        QueryFunctionTest.fake("/_fake/script", "Fill it with vinegar and water, boil, and wait an hour [1].");
        String question = "{\"query\": \"What does descaling the kettle with vinegar take?\", \"topK\": 2}";

        // when
        LambdaResponse miss = TestEvents.query("acme", question);
        LambdaResponse hit = TestEvents.query("acme", question);

        // then
        validate("post", "/v1/query", miss);
        assertThat(miss.json().get("cache").asText()).isEqualTo("miss");
        assertThat(miss.json().get("answer").asText()).contains("[1]");
        validate("post", "/v1/query", hit);
        assertThat(hit.json().get("cache").asText()).isEqualTo("hit");
    }

    @Test
    void should_match_the_document_for_retrieval_only_with_null_answer_and_rerank_reason() throws Exception {
        // given
        seed();

        // when
        LambdaResponse plain = TestEvents.query(
                "acme", "{\"query\": \"kettle descaling\", \"answer\": false, \"rerank\": false, \"mode\": \"bm25\"}");

        // then
        validate("post", "/v1/query", plain);
        assertThat(plain.json().get("answer").isNull()).isTrue();
        assertThat(plain.json().get("reranked").get("reason").asText()).isNotBlank();
    }

    @Test
    void should_match_the_document_for_every_problem_of_the_query_operation() throws Exception {
        record Case(String tenant, String contentType, String body, int status, String kind) {}
        for (Case c : new Case[] {
            new Case("acme", "application/json", "{\"query\": ", 400, "malformed-json"),
            new Case("acme", "application/json", "{\"query\": \"q\", \"bogus\": 1}", 400, "unknown-field"),
            new Case("acme", "application/json", "{\"query\": 42}", 400, "wrong-type"),
            new Case(null, "application/json", "{\"query\": \"q\"}", 401, "unauthenticated"),
            new Case("Acme", "application/json", "{\"query\": \"q\"}", 403, "forbidden"),
            new Case("acme", "application/json", "{\"query\": \"" + "x".repeat(70_000) + "\"}", 413, "too-large"),
            new Case("acme", "text/plain", "what is a kettle", 415, "unsupported-media-type"),
            new Case("acme", "application/json", "{\"query\": \"q\", \"topK\": 0}", 422, "invalid-value"),
        }) {
            // when
            LambdaResponse response = TestEvents.invoke(c.tenant(), "POST", "/v1/query", c.contentType(), c.body());

            // then
            validate("post", "/v1/query", response);
            assertProblem(response, c.status(), c.kind());
        }
    }

    @Test
    void should_match_the_document_when_the_llm_throttles_or_fails() throws Exception {
        // given: every call of two attempts (two calls each) throttled, then every call failing
        seed();
        QueryFunctionTest.fake("/_fake/reset", "");
        for (int i = 0; i < 4; i++) {
            QueryFunctionTest.fake("/_fake/script", "429");
        }

        // when
        LambdaResponse throttled = TestEvents.query("acme", "{\"query\": \"Is descaling weekly too often?\"}");
        QueryFunctionTest.fake("/_fake/reset", "");
        for (int i = 0; i < 4; i++) {
            QueryFunctionTest.fake("/_fake/script", "503");
        }
        LambdaResponse failing = TestEvents.query("acme", "{\"query\": \"Is descaling monthly enough?\"}");
        QueryFunctionTest.fake("/_fake/reset", "");

        // then
        validate("post", "/v1/query", throttled);
        assertProblem(throttled, 429, "throttled");
        assertThat(throttled.header("Retry-After")).isNotBlank();
        validate("post", "/v1/query", failing);
        assertProblem(failing, 503, "unavailable");
    }

    @Test
    void should_match_the_document_for_the_documents_routes_and_health() throws Exception {
        // given
        statuses.put(DocumentStatus.of(
                new DocumentRef("acme", "acme/guides/kettle manual é.txt", "v1"), State.INDEXED, Instant.now()));

        // when
        LambdaResponse list = TestEvents.invoke("acme", "GET", "/v1/documents", null, null);
        LambdaResponse one =
                TestEvents.invoke("acme", "GET", "/v1/documents/acme/guides/kettle%20manual%20%C3%A9.txt", null, null);
        LambdaResponse missing = TestEvents.invoke("acme", "GET", "/v1/documents/acme/none.txt", null, null);
        LambdaResponse anonymous = TestEvents.invoke(null, "GET", "/v1/documents", null, null);
        LambdaResponse health = TestEvents.invoke("acme", "GET", "/v1/health", null, null);
        LambdaResponse wrongMethod = TestEvents.invoke("acme", "DELETE", "/v1/documents/acme/none.txt", null, null);

        // then
        validate("get", "/v1/documents", list);
        assertThat(list.json()).isNotEmpty();
        validate("get", "/v1/documents/{key}", one);
        assertThat(one.json().get("document").get("key").asText()).isEqualTo("acme/guides/kettle manual é.txt");
        validate("get", "/v1/documents/{key}", missing);
        assertProblem(missing, 404, "not-found");
        validate("get", "/v1/documents", anonymous);
        assertProblem(anonymous, 401, "unauthenticated");
        validate("get", "/v1/health", health);
        validate("get", "/v1/documents/{key}", wrongMethod);
        assertProblem(wrongMethod, 405, "method-not-allowed");
    }

    @Test
    void should_document_a_problem_response_for_each_error_status_the_issue_lists() throws IOException {
        loadTheServedDocument();
        for (String status : new String[] {"401", "403", "413", "415", "422", "429", "503"}) {
            assertThat(spec.at("/paths/~1v1~1query/post/responses/" + status).isMissingNode())
                    .as("POST /v1/query documents " + status)
                    .isFalse();
        }
        assertThat(spec.at("/paths/~1v1~1documents~1{key}/get/responses/404").isMissingNode())
                .isFalse();
        assertThat(spec.at("/components/securitySchemes").size()).isGreaterThanOrEqualTo(2);
        spec.path("paths")
                .forEach(path -> path.forEach(operation ->
                        assertThat(operation.path("operationId").asText()).isNotBlank()));
    }

    @Test
    void should_spell_every_failure_reason_state_and_page_cause_the_code_can_answer() throws IOException {
        // given the enums the documents routes serialise
        loadTheServedDocument();
        JsonNode status = spec.at("/components/schemas/DocumentStatus/properties");

        // when / then: the document lists exactly the code's values, so a new reason cannot reach the wire
        // undocumented (a response carrying it would otherwise fail every client that validates)
        assertThat(names(status.at("/reason/oneOf/1/enum")))
                .containsExactlyInAnyOrder(names(dev.quarry.core.QuarryException.Reason.values()));
        assertThat(names(status.at("/state/enum")))
                .containsExactlyInAnyOrder(names(dev.quarry.core.model.DocumentStatus.State.values()));
        assertThat(names(spec.at("/components/schemas/PageWithoutText/properties/cause/enum")))
                .containsExactlyInAnyOrder(names(dev.quarry.core.model.PageWithoutText.Cause.values()));
    }

    private static String[] names(JsonNode values) {
        List<String> names = new java.util.ArrayList<>();
        values.forEach(v -> names.add(v.asText()));
        return names.toArray(String[]::new);
    }

    private static String[] names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    @Test
    void should_reject_bodies_that_break_the_document_so_the_checks_above_can_fail() throws Exception {
        // given
        loadTheServedDocument();
        JsonSchema response = schemas.getSchema(SchemaLocation.of(BASE + "#/components/schemas/QueryResponse"));
        JsonSchema problem = schemas.getSchema(SchemaLocation.of(BASE + "#/components/schemas/Problem"));

        // when / then
        assertThat(response.validate(JSON.readTree("{\"answer\": 5, \"citations\": [], \"cache\": \"warm\"}")))
                .isNotEmpty();
        assertThat(problem.validate(JSON.readTree("{\"message\": \"Internal Server Error\"}")))
                .isNotEmpty();
    }

    private void seed() {
        for (String[] doc : new String[][] {
            {
                "acme/guides/kettle.txt",
                "Descaling the kettle: fill it with one part vinegar and two parts water, boil,"
                        + " and leave it for an hour. Rinse twice before making tea again."
            },
            {"acme/guides/bread.txt", "Bread dough needs flour, water, yeast and salt; bake it in a hot oven."}
        }) {
            DocumentRef ref = new DocumentRef("acme", doc[0], "v1");
            Chunk chunk = new Chunk(Chunk.idFor(ref, 0), ref, ContentType.TEXT, 1, 1, 0, List.of(), doc[1]);
            index.upsert(List.of(new EmbeddedChunk(chunk, embedder.embed(doc[1]))));
        }
    }

    /** Validates a response against the document: status documented (or default), media type, body schema. */
    private static void validate(String method, String pathTemplate, LambdaResponse response) throws IOException {
        loadTheServedDocument();
        String operation = "/paths/" + pointer(pathTemplate) + "/" + method;
        assertThat(spec.at(operation).isMissingNode())
                .as(method + " " + pathTemplate + " is documented")
                .isFalse();
        String status = String.valueOf(response.status());
        String responsePointer = operation + "/responses/" + status;
        if (spec.at(responsePointer).isMissingNode()) {
            responsePointer = operation + "/responses/default";
        }
        JsonNode documented = spec.at(responsePointer);
        assertThat(documented.isMissingNode())
                .as(method + " " + pathTemplate + " documents status " + status + ": " + response.body())
                .isFalse();
        if (documented.has("$ref")) {
            responsePointer = documented.get("$ref").asText().substring(1);
            documented = spec.at(responsePointer);
        }
        String mediaType = response.header("content-type").split(";")[0].trim();
        assertThat(documented.path("content").has(mediaType))
                .as(method + " " + pathTemplate + " " + status + " is documented as " + mediaType + ", documented: "
                        + documented.path("content").fieldNames().next())
                .isTrue();
        String schemaPointer = responsePointer + "/content/" + pointerSegment(mediaType) + "/schema";
        JsonSchema schema = schemas.getSchema(SchemaLocation.of(BASE + "#" + schemaPointer));
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
        Set<ValidationMessage> errors = schema.validate(body);
        assertThat(errors)
                .as(method + " " + pathTemplate + " " + status + " body " + abbreviated(response.body()))
                .isEmpty();
    }

    private static void assertProblem(LambdaResponse response, int status, String kind) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/" + kind);
    }

    private static String pointer(String path) {
        return pointerSegment(path);
    }

    private static String pointerSegment(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
