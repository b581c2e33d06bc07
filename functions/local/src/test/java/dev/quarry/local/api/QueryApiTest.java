package dev.quarry.local.api;

import dev.quarry.ingestion.testing.TestPdfs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The local HTTP API that {@code quarry serve} exposes, on the real embedded pipeline. */
@QuarkusTest
class QueryApiTest {

    private static final String TIDES = "Tide pools form where rocky shores hold sea water after the tide goes"
            + " out. Barnacles close their plates to keep moisture in during the long dry hours.";
    private static final String BREAD = "Bulk fermentation of sourdough takes four to six hours at 24 degrees"
            + " Celsius, with stretch and folds every thirty minutes.";

    @BeforeEach
    void upload() {
        given().body(TIDES)
                .put("/v1/documents/guides/tides.txt")
                .then()
                .statusCode(200)
                .body("state", equalTo("INDEXED"));
        given().body(BREAD)
                .put("/v1/documents/kitchen/bread.txt")
                .then()
                .statusCode(200)
                .body("state", equalTo("INDEXED"));
    }

    @Test
    void should_cite_the_matching_document_first_when_asked_a_question() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"How do barnacles survive low tide?\", \"topK\": 2}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations[0].documentKey", equalTo("guides/tides.txt"))
                .body("citations[0].number", equalTo(1))
                .body("citations[0].snippet", containsString("Barnacles"))
                .body("cache", equalTo("miss"))
                .body("answer", nullValue())
                .body("reranked.value", equalTo(false))
                .body("reranked.reason", containsString("quarry.rerank.model-dir"));
    }

    @Test
    void should_apply_the_key_prefix_filter_when_one_is_given() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"barnacles and tide pools\", \"filters\": {\"keyPrefix\": \"kitchen/\"}}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations.documentKey", not(org.hamcrest.Matchers.hasItem("guides/tides.txt")));
    }

    @Test
    void should_report_document_status_and_404_for_unknown_documents() {
        given().get("/v1/documents/guides/tides.txt").then().statusCode(200).body("state", equalTo("INDEXED"));
        given().get("/v1/documents/nope.txt")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void should_answer_400_problem_json_when_the_body_is_malformed() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": ")
                .post("/v1/query")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("detail", not(containsString("at dev.quarry")));
    }

    @Test
    void should_answer_400_when_the_body_has_unknown_or_mistyped_fields() {
        for (String body :
                new String[] {"{\"query\": \"q\", \"bogus\": 1}", "{\"query\": \"q\", \"topK\": \"five\"}", "[]"}) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/query")
                    .then()
                    .statusCode(400)
                    .contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void should_answer_422_when_values_are_blank_or_out_of_range() {
        for (String body : new String[] {
            "{\"query\": \"   \"}",
            "{\"query\": \"q\", \"topK\": 99}",
            "{\"query\": \"q\", \"alpha\": 1.5}",
            "{\"query\": \"q\", \"fusion\": \"magic\"}",
            "{\"query\": \"" + "x".repeat(2001) + "\"}"
        }) {
            given().contentType(ContentType.JSON)
                    .body(body)
                    .post("/v1/query")
                    .then()
                    .statusCode(422)
                    .contentType(startsWith("application/problem+json"))
                    .body("type", equalTo("/problems/invalid-value"));
        }
    }

    @Test
    void should_stop_finding_a_document_when_it_is_deleted() {
        // when
        given().delete("/v1/documents/kitchen/bread.txt").then().statusCode(200).body("state", equalTo("DELETED"));

        // then
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"sourdough bulk fermentation\", \"topK\": 5}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations.documentKey", not(org.hamcrest.Matchers.hasItem("kitchen/bread.txt")));
        given().delete("/v1/documents/never-uploaded.txt")
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void should_index_a_long_pdf_in_page_range_parts_when_it_has_more_pages_than_a_part() {
        // given: 5 pages, and parts of 2 pages in the test profile
        byte[] pdf = TestPdfs.textPdf(5, n -> List.of("Lighthouse logbook page " + n + ": the lamp was lit at dusk."));

        // when / then
        given().body(pdf)
                .put("/v1/documents/logs/logbook.pdf")
                .then()
                .statusCode(200)
                .body("state", equalTo("INDEXED"))
                .body("pages", equalTo(5))
                .body("partsDone", equalTo(3))
                .body("partsTotal", equalTo(3));
    }

    @Test
    void should_answer_the_same_problems_as_the_query_function_for_bad_requests() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"q\", \"filters\": {\"indexedAfter\": \"2026-02-01T00:00:00Z\","
                        + " \"indexedBefore\": \"2026-01-01T00:00:00Z\"}}")
                .post("/v1/query")
                .then()
                .statusCode(422)
                .body("type", equalTo("/problems/invalid-value"));
        given().contentType(ContentType.TEXT)
                .body("what is a kettle")
                .post("/v1/query")
                .then()
                .statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/unsupported-media-type"));
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + "x".repeat(70_000) + "\"}")
                .post("/v1/query")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/too-large"));
    }

    @Test
    void should_filter_by_content_type_and_indexing_date() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"barnacles\", \"filters\": {\"contentType\": \"pdf\"}}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations.documentKey", not(org.hamcrest.Matchers.hasItem("guides/tides.txt")));
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"barnacles\", \"filters\": {\"indexedBefore\": \"2000-01-01T00:00:00Z\"}}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations", org.hamcrest.Matchers.empty());
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"barnacles\", \"filters\": {\"contentType\": \"TEXT\","
                        + " \"indexedAfter\": \"2000-01-01T00:00:00Z\"}}")
                .post("/v1/query")
                .then()
                .statusCode(200)
                .body("citations.documentKey", org.hamcrest.Matchers.hasItem("guides/tides.txt"));
    }

    @Test
    void should_be_healthy() {
        given().get("/v1/health").then().statusCode(200).body("status", equalTo("up"));
    }
}
