package dev.quarry.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quarry.local.LocalConfig;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code quarry serve} refuses what is too large or unauthenticated with problem+json, including what the HTTP
 * server would otherwise refuse itself with a bare status: bodies are bounded by the bytes read (chunked bodies have
 * no {@code Content-Length}), a declared length above the server's limit is refused before reading, an over-long
 * request target is 414. Small limits make the cases cheap.
 */
@QuarkusTest
class ServerLimitsApiTest {

    /** The test profile's limits ({@code %test} in application.properties), small so the cases are cheap. */
    static final int MAX_UPLOAD = 1024 * 1024;

    static final int SERVER_MAX_BODY = 2 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @Inject
    UploadLimits uploads;

    @Inject
    LocalConfig config;

    @Test
    void should_answer_413_problem_json_when_a_chunked_upload_passes_the_limit() throws Exception {
        // given: more than the limit, sent chunked, with no Content-Length
        HttpRequest request = request("/v1/documents/notes/big.txt")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(text(MAX_UPLOAD + 10))))
                .build();

        // when
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        // then
        assertProblem(response, 413, "too-large");
        assertThat(problem(response).get("detail").asText()).contains("quarry.local.max-upload-bytes");
        HttpResponse<String> status =
                http.send(request("/v1/documents/notes/big.txt").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(status, 404, "not-found");
    }

    @Test
    void should_answer_413_problem_json_when_an_upload_declares_more_than_the_limit() throws Exception {
        // when
        HttpResponse<String> response = http.send(
                request("/v1/documents/notes/declared.txt")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(text(MAX_UPLOAD + 1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertProblem(response, 413, "too-large");
    }

    @Test
    void should_answer_413_problem_json_instead_of_the_servers_bare_413_when_content_length_exceeds_its_limit()
            throws Exception {
        // when: more than quarkus.http.limits.max-body-size, which Vert.x itself would refuse without a body
        HttpResponse<String> response = http.send(
                request("/v1/query")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(text(SERVER_MAX_BODY + 1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertProblem(response, 413, "too-large");
    }

    @Test
    void should_answer_413_problem_json_when_a_chunked_query_body_passes_its_limit() throws Exception {
        // given: a 70 kB question, chunked
        byte[] body = ("{\"query\": \"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = http.send(
                request("/v1/query")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertProblem(response, 413, "too-large");
        assertThat(problem(response).get("detail").asText()).contains("quarry.api.max-query-body-bytes");
    }

    @Test
    void should_answer_429_problem_json_to_an_upload_beyond_the_concurrent_limit_and_keep_other_routes_up()
            throws Exception {
        // given: as many uploads as allowed, each with its headers sent and its body stalled
        int limit = config.maxConcurrentUploads();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.setSoTimeout(10_000);
                socket.getOutputStream()
                        .write(("PUT /v1/documents/notes/stalled-" + i + ".txt HTTP/1.1\r\nHost: localhost\r\n"
                                        + "Content-Type: text/plain\r\nContent-Length: 1000\r\n\r\nfirst bytes")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            awaitActiveUploads(limit);

            // when
            HttpResponse<String> refused = http.send(
                    request("/v1/documents/notes/one-more.txt")
                            .PUT(HttpRequest.BodyPublishers.ofString("one more"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health =
                    http.send(request("/v1/health").GET().build(), HttpResponse.BodyHandlers.ofString());

            // then
            assertProblem(refused, 429, "throttled");
            assertThat(refused.headers().firstValue("retry-after")).contains("1");
            assertThat(problem(refused).get("detail").asText()).contains("quarry.local.max-concurrent-uploads");
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }

        // and once the stalled uploads are gone, an upload is received again
        awaitActiveUploads(0);
        HttpResponse<String> accepted = http.send(
                request("/v1/documents/notes/after-the-burst.txt")
                        .PUT(HttpRequest.BodyPublishers.ofString("received after the burst"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }

    private void awaitActiveUploads(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (uploads.active() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(uploads.active()).as("uploads being received").isEqualTo(expected);
    }

    @Test
    void should_answer_414_problem_json_when_the_request_target_is_too_long() throws Exception {
        // when
        HttpResponse<String> response = http.send(
                request("/v1/documents/" + "a".repeat(10_000)).GET().build(), HttpResponse.BodyHandlers.ofString());

        // then
        assertProblem(response, 414, "uri-too-long");
    }

    @Test
    void should_store_and_find_keys_with_spaces_plus_percent_hash_and_unicode() throws Exception {
        for (String key : new String[] {"notes/Quarterly report été.txt", "notes/a+b 100% #1?.txt", "notes/日本語.txt"}) {
            // given
            String path = "/v1/documents/" + encode(key);

            // when
            HttpResponse<String> put = http.send(
                    request(path)
                            .PUT(HttpRequest.BodyPublishers.ofString("Plain text of " + key))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(put.statusCode()).as(key + " " + put.body()).isEqualTo(200);
            assertThat(JSON.readTree(get.body()).path("document").path("key").asText())
                    .as(key)
                    .isEqualTo(key);
        }
    }

    /**
     * Vert.x's HTTP decoder refuses such a request line before any route or handler runs, with a bare 400 that no
     * application hook reaches (Quarkus does not expose the server's invalid-request handler); what is checked is
     * that it stays a client error. The query Lambda never sees one: its raw paths are re-encoded first.
     */
    @Test
    void should_refuse_a_malformed_path_escape_as_a_client_error_never_a_500() throws Exception {
        // given: a request line no URI class would build, written on the socket as a client could send it
        String request = "GET /v1/documents/notes/%zz.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

        // when
        String response;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        // then
        assertThat(Integer.parseInt(response.substring(9, 12))).as(response).isEqualTo(400);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path));
    }

    private static String encode(String key) {
        StringBuilder path = new StringBuilder();
        for (String segment : key.split("/")) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    private static byte[] text(int bytes) {
        return "a".repeat(bytes).getBytes(StandardCharsets.US_ASCII);
    }

    private static JsonNode problem(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String kind) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type").orElse(""))
                .as(response.body())
                .startsWith("application/problem+json");
        JsonNode problem = problem(response);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/" + kind);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }
}
