package dev.quarry.local.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** {@code quarry serve} uploads under hostile input: every outcome is typed, nothing answers 5xx. */
@QuarkusTest
class UploadsApiTest {

    @Test
    void should_answer_422_problem_json_with_the_typed_reason_and_record_the_status_when_a_document_fails() {
        given().body("%PDF-1.7\n1 0 obj garbage".getBytes(StandardCharsets.US_ASCII))
                .put("/v1/documents/broken/report.pdf")
                .then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("/problems/corrupt"))
                .body("reason", equalTo("CORRUPT"))
                .body("document.state", equalTo("FAILED"));
        given().get("/v1/documents/broken/report.pdf")
                .then()
                .statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("reason", equalTo("CORRUPT"));
    }

    @Test
    void should_refuse_key_aliases_and_clashes_with_4xx_and_keep_the_stored_document() {
        given().body("The original notes.")
                .put("/v1/documents/aliases/b.txt")
                .then()
                .statusCode(200);
        for (String alias : List.of("aliases/b.txt%2F", "aliases/.%2Fb.txt", "aliases/b.txt/x")) {
            int status = given().urlEncodingEnabled(false)
                    .body("replacement")
                    .put("/v1/documents/" + alias)
                    .then()
                    .extract()
                    .statusCode();
            assertThat(status).as(alias).isBetween(400, 499);
        }
        String longSegment = "s".repeat(300);
        given().body("x").put("/v1/documents/" + longSegment + ".txt").then().statusCode(422);
        given().get("/v1/documents/aliases/b.txt").then().statusCode(200).body("state", equalTo("INDEXED"));
    }

    @Test
    void should_answer_400_not_503_when_a_query_holds_a_lone_surrogate() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"tides \\ud800 and pools\"}")
                .post("/v1/query")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void should_report_each_uploads_own_outcome_when_uploads_of_one_key_run_at_once() throws Exception {
        // given six different contents for one key, sent at once (within quarry.local.max-concurrent-uploads)
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<Response>> responses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String text = "Revision " + i + " of the harbour notes: tide tables for week " + i + ".";
                Callable<Response> upload = () -> given().body(text).put("/v1/documents/race/notes.txt");
                responses.add(clients.submit(upload));
            }
            // then each answer is the outcome of its own upload: six different versions, all indexed
            List<String> versions = new ArrayList<>();
            for (Future<Response> response : responses) {
                Response r = response.get();
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
                assertThat(r.jsonPath().getString("state")).isEqualTo("INDEXED");
                versions.add(r.jsonPath().getString("document.version"));
            }
            assertThat(versions).doesNotHaveDuplicates();
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void should_cut_off_a_body_that_arrives_slower_than_the_minimum_rate() {
        // given a body of about 330 bytes a second, a minimum of 1,000 bytes a second and no grace period
        java.io.InputStream guarded = new UploadLimits.MinimumRate(new TrickleStream(100, 100), 1_000, 0);

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> guarded.readAllBytes())
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("quarry.local.min-upload-rate");
    }

    @Test
    void should_pass_a_body_that_arrives_fast_enough() throws Exception {
        java.io.InputStream guarded = new UploadLimits.MinimumRate(new TrickleStream(3, 0), 1_000, 0);
        assertThat(guarded.readAllBytes()).hasSize(3 * 33);
    }

    /** A body of {@code chunks} lines sent with a pause of {@code pauseMillis} before each. */
    static final class TrickleStream extends java.io.InputStream {
        private final int pauseMillis;
        private int chunksLeft;
        private byte[] current = new byte[0];
        private int at;

        TrickleStream(int chunks, int pauseMillis) {
            this.chunksLeft = chunks;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() throws java.io.IOException {
            if (at == current.length) {
                if (chunksLeft <= 0) {
                    return -1;
                }
                chunksLeft--;
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                current = "A line about tides and harbours.\n".getBytes(StandardCharsets.US_ASCII);
                at = 0;
            }
            return current[at++];
        }
    }

    @Test
    void should_answer_health_when_asked() {
        given().get("/v1/health").then().statusCode(200).body("status", equalTo("up"));
    }
}
