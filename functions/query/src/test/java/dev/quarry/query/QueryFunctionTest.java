package dev.quarry.query;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query Lambda on Quarkus' mock Lambda event server, called with API Gateway HTTP API (payload v2) events
 * that carry the verified JWT claims. The index is the embedded Lucene stand-in with the real embedder; the
 * reranker is core's test cross-encoder (topic overlap); the LLM is a fake OpenAI-compatible server on
 * 127.0.0.1 that records the prompt.
 */
@QuarkusTest
@QuarkusTestResource(QueryTestResources.class)
class QueryFunctionTest {

    static final String ACME = "acme";
    static final String GLOBEX = "globex";

    @Inject
    ChunkIndex index;

    @Inject
    OnnxEmbedder embedder;

    @Inject
    DocumentStatusStore statuses;

    @BeforeEach
    void seed() throws Exception {
        put(
                ACME,
                "guides/kettle.txt",
                "Descaling the kettle: fill it with one part vinegar and two parts water,"
                        + " boil, and leave it for an hour. Rinse twice before making tea again.");
        put(
                GLOBEX,
                "guides/kettle.txt",
                "Descaling the kettle: dissolve two spoons of citric acid in water, boil,"
                        + " and pour it away after twenty minutes.");
        put(
                ACME,
                "reef/feeding.txt",
                "Where do they feed and when do they feed? Feeding times: where the goats"
                        + " feed, the cows feed too, and they feed twice a day where the grass grows.");
        put(
                ACME,
                "reef/whales.txt",
                "Humpback whales gather in the cold ocean to eat krill and small fish"
                        + " near the coral and the salt water shelf.");
        put(ACME, "kitchen/bread.txt", "Bread dough needs flour, water, yeast and salt; bake it in a hot oven.");
        fake("/_fake/reset", "");
    }

    @Test
    void should_answer_a_query_with_numbered_citations_and_timings_when_the_request_is_valid() {
        // when
        LambdaResponse response = TestEvents.query(
                ACME, "{\"query\": \"How do I descale the kettle?\", \"topK\": 2," + " \"answer\": false}");

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("answer").isNull()).isTrue();
        assertThat(body.get("citations")).hasSize(2);
        JsonNode first = body.get("citations").get(0);
        assertThat(first.get("number").asInt()).isEqualTo(1);
        assertThat(first.get("documentKey").asText()).isEqualTo("guides/kettle.txt");
        assertThat(first.get("version").asText()).isEqualTo("v1");
        assertThat(first.get("firstPage").asInt()).isEqualTo(1);
        assertThat(first.get("chunkId").asText()).hasSize(32);
        assertThat(first.get("snippet").asText()).contains("vinegar");
        assertThat(first.get("retrievalScore").isNumber()).isTrue();
        assertThat(first.get("rerankScore").asDouble()).isBetween(0.0, 1.0);
        assertThat(body.get("cache").asText()).isIn("miss", "hit");
        assertThat(body.get("reranked").get("value").asBoolean()).isTrue();
        assertThat(body.get("timings").get("totalMs").asDouble()).isPositive();
        assertThat(body.get("timings").get("embedMs").isNumber()).isTrue();
    }

    @Test
    void should_refuse_a_request_without_the_tenant_claim_with_401() {
        // when
        LambdaResponse response = TestEvents.query(null, "{\"query\": \"kettle\"}");

        // then
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/unauthenticated");
    }

    @Test
    void should_never_show_one_tenant_the_chunks_of_another_when_both_ask_the_same_question() {
        // given
        String question = "{\"query\": \"How do I descale the kettle?\", \"topK\": 10, \"answer\": false}";

        // when
        JsonNode acme = TestEvents.query(ACME, question).json();
        JsonNode globex = TestEvents.query(GLOBEX, question).json();

        // then
        List<String> acmeChunks = field(acme, "chunkId");
        List<String> globexChunks = field(globex, "chunkId");
        assertThat(acmeChunks).isNotEmpty();
        assertThat(globexChunks).hasSize(1).doesNotContainAnyElementsOf(acmeChunks);
        assertThat(field(globex, "snippet")).allSatisfy(s -> assertThat(s).contains("citric"));
        assertThat(field(acme, "snippet")).noneSatisfy(s -> assertThat(s).contains("citric"));
    }

    @Test
    void should_answer_4xx_problem_json_with_a_stable_type_for_each_kind_of_bad_request() {
        record Case(String contentType, String body, int status, String type) {}
        List<Case> cases = List.of(
                new Case("application/json", "{\"query\": ", 400, "malformed-json"),
                new Case("application/json", "{\"query\": \"q\"} trailing", 400, "malformed-json"),
                new Case("application/json", "{\"query\": \"q\", \"bogus\": 1}", 400, "unknown-field"),
                new Case(
                        "application/json",
                        "{\"query\": \"q\", \"filters\": {\"owner\": \"x\"}}",
                        400,
                        "unknown-field"),
                new Case("application/json", "{\"query\": \"q\", \"topK\": \"five\"}", 400, "wrong-type"),
                new Case("application/json", "{\"query\": \"q\", \"topK\": 2.5}", 400, "wrong-type"),
                new Case("application/json", "{\"query\": [\"q\"]}", 400, "wrong-type"),
                new Case("application/json", "{\"query\": 42}", 400, "wrong-type"),
                new Case("application/json", "{\"query\": \"q\", \"answer\": \"maybe\"}", 400, "wrong-type"),
                new Case(
                        "application/json",
                        "{\"query\": \"q\", \"filters\": {\"contentType\": \"exe\"}}",
                        400,
                        "wrong-type"),
                new Case(
                        "application/json",
                        "{\"query\": \"q\", \"filters\": {\"indexedAfter\": \"yesterday\"}}",
                        400,
                        "wrong-type"),
                new Case("application/json", "[]", 400, "wrong-type"),
                new Case("application/json", "{}", 422, "invalid-value"),
                new Case("application/json", "{\"query\": \"   \"}", 422, "invalid-value"),
                new Case("application/json", "{\"query\": \"" + "x".repeat(2001) + "\"}", 422, "invalid-value"),
                new Case("application/json", "{\"query\": \"q\", \"topK\": 0}", 422, "invalid-value"),
                new Case("application/json", "{\"query\": \"q\", \"topK\": 51}", 422, "invalid-value"),
                new Case(
                        "application/json",
                        "{\"query\": \"q\", \"topK\": 10, \"candidates\": 5}",
                        422,
                        "invalid-value"),
                new Case("application/json", "{\"query\": \"q\", \"alpha\": 1.5}", 422, "invalid-value"),
                new Case("application/json", "{\"query\": \"q\", \"fusion\": \"magic\"}", 422, "invalid-value"),
                new Case(
                        "application/json",
                        "{\"query\": \"q\", \"filters\": {\"indexedAfter\": \"2026-02-01T00:00:00Z\","
                                + " \"indexedBefore\": \"2026-01-01T00:00:00Z\"}}",
                        422,
                        "invalid-value"),
                new Case("text/plain", "what is a kettle", 415, "unsupported-media-type"),
                new Case("application/json", "{\"query\": \"" + "x".repeat(70_000) + "\"}", 413, "too-large"));
        for (Case c : cases) {
            // when
            LambdaResponse response = TestEvents.invoke(ACME, "POST", "/v1/query", c.contentType(), c.body());

            // then
            String what = c.body().substring(0, Math.min(80, c.body().length())) + " -> " + response.body();
            assertThat(response.status()).as(what).isEqualTo(c.status());
            assertThat(response.header("content-type")).as(what).startsWith("application/problem+json");
            JsonNode problem = response.json();
            assertThat(problem.get("type").asText()).as(what).isEqualTo("/problems/" + c.type());
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(c.status());
            assertThat(problem.get("detail").asText()).as(what).doesNotContain("at dev.quarry", "Exception", "\tat ");
        }
    }

    @Test
    void should_answer_405_and_404_as_problems_for_unknown_methods_and_paths() {
        LambdaResponse get = TestEvents.invoke(ACME, "GET", "/v1/query", null, null);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.json().get("type").asText()).isEqualTo("/problems/method-not-allowed");

        LambdaResponse unknown = TestEvents.invoke(ACME, "GET", "/v2/query", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("content-type")).startsWith("application/problem+json");
    }

    @Test
    void should_rerank_the_candidates_with_the_cross_encoder_when_rerank_is_on() {
        // given: keyword search ranks the passage that repeats the question's words first
        String question = "\"query\": \"Where do whales feed?\", \"mode\": \"bm25\", \"topK\": 2, \"answer\": false";

        // when
        JsonNode plain =
                TestEvents.query(ACME, "{" + question + ", \"rerank\": false}").json();
        JsonNode reranked =
                TestEvents.query(ACME, "{" + question + ", \"rerank\": true}").json();

        // then
        assertThat(field(plain, "documentKey")).first().isEqualTo("reef/feeding.txt");
        assertThat(plain.get("reranked").get("value").asBoolean()).isFalse();
        assertThat(plain.get("reranked").get("reason").asText()).isEqualTo("disabled by request");
        assertThat(plain.get("citations").get(0).get("rerankScore").isNull()).isTrue();

        assertThat(reranked.get("reranked").get("value").asBoolean()).isTrue();
        assertThat(field(reranked, "documentKey")).first().isEqualTo("reef/whales.txt");
        double first = reranked.get("citations").get(0).get("rerankScore").asDouble();
        double second = reranked.get("citations").get(1).get("rerankScore").asDouble();
        assertThat(first).isGreaterThan(second);
        assertThat(reranked.get("timings").get("rerankMs").asDouble()).isPositive();
    }

    @Test
    void should_return_passages_without_calling_the_llm_when_answer_is_false() throws Exception {
        // when
        JsonNode body = TestEvents.query(ACME, "{\"query\": \"bread dough and yeast\", \"topK\": 3, \"answer\": false}")
                .json();

        // then
        assertThat(body.get("answer").isNull()).isTrue();
        assertThat(body.get("citations")).hasSize(3);
        assertThat(field(body, "number")).containsExactly("1", "2", "3");
        assertThat(body.get("timings").get("generateMs").asDouble()).isZero();
        assertThat(fake("/_fake/count", null)).isEqualTo("0");
    }

    @Test
    void should_answer_with_only_the_cited_passages_when_the_llm_cites_them() throws Exception {
        // given
        fake("/_fake/script", "Humpback whales eat krill and small fish near the coral [2].");

        // when
        LambdaResponse response = TestEvents.query(ACME, "{\"query\": \"What do humpback whales eat?\", \"topK\": 3}");

        // then: the response keeps the one cited passage, under its prompt number
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("answer").asText())
                .isEqualTo("Humpback whales eat krill and small fish near the coral [2].");
        assertThat(body.get("citations")).hasSize(1);
        JsonNode cited = body.get("citations").get(0);
        assertThat(cited.get("number").asInt()).isEqualTo(2);
        assertThat(body.get("timings").get("generateMs").asDouble()).isPositive();

        // and: one LLM call whose prompt numbers the three passages and asks for [n] citations
        assertThat(fake("/_fake/count", null)).isEqualTo("1");
        JsonNode request = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fake("/_fake/last", null));
        assertThat(request.get("model").asText()).isEqualTo("fake-model");
        String system = request.get("messages").get(0).get("content").asText();
        String user = request.get("messages").get(1).get("content").asText();
        assertThat(system).contains("[1]").contains("does not contain the answer");
        assertThat(user).contains("[1] (", "[2] (", "[3] (").doesNotContain("[4] (");
        assertThat(user).contains("Question: What do humpback whales eat?");
        String passageTwo = user.substring(user.indexOf("[2] ("), user.indexOf("[3] ("));
        assertThat(passageTwo).contains(cited.get("documentKey").asText());
        assertThat(passageTwo.replaceAll("\\s+", " "))
                .contains(cited.get("snippet").asText());
    }

    @Test
    void should_retry_the_llm_when_it_fails_and_then_answer() throws Exception {
        // given: the first attempt fails twice (the client retries once inside it), the second attempt answers
        fake("/_fake/script", "503");
        fake("/_fake/script", "503");
        fake("/_fake/script", "Vinegar and water, boiled and left for an hour [1].");

        // when
        LambdaResponse response = TestEvents.query(ACME, "{\"query\": \"How long does descaling take?\", \"topK\": 2}");

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("answer").asText()).contains("[1]");
        assertThat(fake("/_fake/count", null)).isEqualTo("3");
    }

    @Test
    void should_answer_429_with_retry_after_when_the_llm_keeps_throttling() throws Exception {
        // given: the LLM throttles every call (2 attempts of 2 calls: quarry.answer.max-attempts=2, client
        // max-retries=1)
        for (int i = 0; i < 5; i++) {
            fake("/_fake/script", "429");
        }

        // when
        LambdaResponse response = TestEvents.query(ACME, "{\"query\": \"Is the kettle safe to descale weekly?\"}");

        // then
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isEqualTo("7");
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("/problems/throttled");
        assertThat(fake("/_fake/count", null)).isEqualTo("4");
    }

    @Test
    void should_serve_a_repeated_question_from_the_cache() {
        // given
        String question = "{\"query\": \"Which water shelf do whales visit?\", \"answer\": false}";
        JsonNode first = TestEvents.query(ACME, question).json();

        // when
        JsonNode second = TestEvents.query(ACME, question).json();

        // then
        assertThat(first.get("cache").asText()).isEqualTo("miss");
        assertThat(second.get("cache").asText()).isEqualTo("hit");
        assertThat(field(second, "chunkId")).isEqualTo(field(first, "chunkId"));
    }

    @Test
    void should_report_document_status_only_to_its_tenant() {
        // given
        statuses.put(DocumentStatus.of(new DocumentRef(ACME, "guides/kettle.txt", "v1"), State.INDEXED, Instant.now()));

        // when
        LambdaResponse own = TestEvents.invoke(ACME, "GET", "/v1/documents/guides/kettle.txt", null, null);
        LambdaResponse other = TestEvents.invoke(GLOBEX, "GET", "/v1/documents/guides/kettle.txt", null, null);

        // then
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("state").asText()).isEqualTo("INDEXED");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.json().get("type").asText()).isEqualTo("/problems/not-found");
        assertThat(TestEvents.invoke(GLOBEX, "GET", "/v1/documents", null, null).json())
                .isEmpty();
    }

    @Test
    void should_be_healthy() {
        LambdaResponse health = TestEvents.invoke(ACME, "GET", "/v1/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("up");
    }

    @Test
    void should_read_the_secret_it_is_given_by_arn_once_at_start() throws Exception {
        // given: QueryTestResources passes quarry.weaviate.api-key-secret-arn, as the deployment does

        // then: quarry-aws read it into the Weaviate key at runtime start, with one GetSecretValue call
        assertThat(ConfigProvider.getConfig().getValue("quarry.weaviate.api-key", String.class))
                .isEqualTo(QueryTestResources.WEAVIATE_KEY);
        String endpoint = ConfigProvider.getConfig().getValue("quarry.aws.secrets-endpoint", String.class);
        String calls = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(endpoint + "/_fake/requests"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(calls).isEqualTo("1");
    }

    static List<String> field(JsonNode body, String name) {
        return StreamSupport.stream(body.get("citations").spliterator(), false)
                .map(c -> c.get(name).asText())
                .toList();
    }

    void put(String tenant, String key, String text) {
        DocumentRef doc = new DocumentRef(tenant, key, "v1");
        Chunk chunk = new Chunk(Chunk.idFor(doc, 0), doc, ContentType.TEXT, 1, 1, 0, List.of(), text);
        index.upsert(List.of(new EmbeddedChunk(chunk, embedder.embed(text))));
    }

    static String fake(String path, String body) throws IOException, InterruptedException {
        String base = ConfigProvider.getConfig()
                .getValue("quarkus.langchain4j.openai.base-url", String.class)
                .replaceFirst("/v1$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
