package dev.quarry.local.api;

import dev.quarry.cache.RedisAnswerCache;
import dev.quarry.core.port.AnswerCache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * {@code quarry serve} on the Redis answer cache (a private redis-server): the same question and a
 * paraphrase are served from the cache, and an upload makes the next answer fresh.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisCacheResource.class, restrictToAnnotatedClass = true)
class RedisCachedQueryApiTest {

    private static final String TIDES = "Tide pools form where rocky shores hold sea water after the tide goes"
            + " out. Barnacles close their plates to keep moisture in during the long dry hours.";
    private static final String MORE_TIDES =
            "Mussels survive low tide by clamping their shells shut and" + " holding a little sea water inside.";

    @Inject
    AnswerCache cache;

    /** Asks and returns the cache status; while tides.txt is the only document, it must be the first citation. */
    private static String ask(String question) {
        return given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + question + "\", \"topK\": 2}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations.documentKey", hasItem("guides/tides.txt"))
                .extract()
                .path("cache");
    }

    @Test
    void should_serve_repeated_and_paraphrased_questions_from_redis_until_the_corpus_changes() {
        assertThat(cache).isInstanceOf(RedisAnswerCache.class);
        given().body(TIDES)
                .put("/v1/documents/guides/tides.txt")
                .then()
                .statusCode(200)
                .body("state", equalTo("INDEXED"));

        assertThat(ask("How do barnacles survive low tide?")).isEqualTo("miss");
        assertThat(ask("How do barnacles survive low tide?")).isEqualTo("hit");
        assertThat(ask("How do barnacles survive at low tide?"))
                .as("paraphrase")
                .isEqualTo("hit");
        // The learned verifier (not the old guard) decides; a swap of two frequent polar words ("high tide"
        // for "low tide") may still be served: a known weakness reported with issue 18.
        assertThat(ask("How long can barnacles survive low tide?"))
                .as("a different question")
                .isEqualTo("miss");

        // New content (the data directory outlives a test run, and re-uploading identical bytes changes nothing).
        given().body(MORE_TIDES + " Observed on " + java.util.UUID.randomUUID() + ".")
                .put("/v1/documents/guides/mussels.txt")
                .then()
                .statusCode(200)
                .body("state", equalTo("INDEXED"));

        assertThat(ask("How do barnacles survive low tide?"))
                .as("after an upload")
                .isEqualTo("miss");
        assertThat(ask("How do barnacles survive low tide?")).isEqualTo("hit");
    }
}
