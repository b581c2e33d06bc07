package dev.quarry.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quarry.core.embed.MiniLmEmbedder;
import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.port.ChunkIndex;
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
import java.util.ArrayList;
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
    MiniLmEmbedder embedder;

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

    static List<String> unused() {
        return new ArrayList<>();
    }
}
