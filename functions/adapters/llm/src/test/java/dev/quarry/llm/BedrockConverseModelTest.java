package dev.quarry.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.quarry.core.ThrottledException;
import dev.quarry.core.port.AnswerGenerator.Generated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static dev.quarry.llm.AnswerPromptTest.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Bedrock adapter against a local stand-in of the Converse API (JDK HttpServer on 127.0.0.1). */
class BedrockConverseModelTest {

    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

    HttpServer server;
    final Deque<Integer> statuses = new ArrayDeque<>();
    final List<String> paths = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();
    BedrockRuntimeClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getRawPath());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = statuses.isEmpty() ? 200 : statuses.poll();
            byte[] body = (status == 200
                            ? "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Krill [1].\"}]}},"
                                    + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":10,\"outputTokens\":3,"
                                    + "\"totalTokens\":13},\"metrics\":{\"latencyMs\":5}}"
                            : "{\"message\":\"Too many requests, please wait before trying again.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (status == 429) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException");
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = BedrockRuntimeClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    LlmAnswerGenerator generator() {
        return new LlmAnswerGenerator(
                new BedrockConverseModel(client, MODEL, 256, 0), LlmAnswerGeneratorTest.config(2), d -> {});
    }

    @Test
    void should_send_the_prompt_to_converse_and_read_the_cited_answer() throws IOException {
        // when
        Generated generated =
                generator().generate("What do whales eat?", List.of(hit("reef/whales.txt", 1, 1, "Whales eat krill.")));

        // then
        assertThat(generated.text()).isEqualTo("Krill [1].");
        assertThat(generated.citedNumbers()).containsExactly(1);
        assertThat(paths).hasSize(1);
        assertThat(java.net.URLDecoder.decode(paths.get(0), StandardCharsets.UTF_8))
                .isEqualTo("/model/" + MODEL + "/converse");
        JsonNode request = new ObjectMapper().readTree(bodies.get(0));
        assertThat(request.get("system").get(0).get("text").asText()).contains("[1]");
        assertThat(request.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(request.get("messages")
                        .get(0)
                        .get("content")
                        .get(0)
                        .get("text")
                        .asText())
                .contains("[1] (reef/whales.txt, page 1)", "Whales eat krill.", "Question: What do whales eat?");
        assertThat(request.get("inferenceConfig").get("maxTokens").asInt()).isEqualTo(256);
    }

    @Test
    void should_throw_throttled_when_bedrock_keeps_answering_429() {
        statuses.add(429);
        statuses.add(429);

        assertThatThrownBy(() -> generator().generate("q", List.of(hit("a", 1, 1, "one"))))
                .isInstanceOf(ThrottledException.class);
        assertThat(paths).hasSize(2);
    }

    @Test
    void should_retry_when_bedrock_fails_with_5xx_and_then_answers() {
        statuses.add(503);

        Generated generated = generator().generate("q", List.of(hit("a", 1, 1, "one")));

        assertThat(generated.text()).isEqualTo("Krill [1].");
        assertThat(paths).hasSize(2);
    }
}
