package dev.quarry.query;

import dev.quarry.aws.FakeSecretsManager;
import dev.quarry.models.rerank.TestCrossEncoderModel;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts what the query function talks to in tests: the test cross-encoder in a temporary model directory (the
 * Lambda layer's stand-in), the fake OpenAI-compatible server, and
 * a fake Secrets Manager holding the Weaviate API key the function is given by ARN (as the deployment does).
 */
public class QueryTestResources implements QuarkusTestResourceLifecycleManager {

    static final String WEAVIATE_KEY_ARN =
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:quarry-weaviate-api-key-QyTest";
    static final String WEAVIATE_KEY = "weaviate-key-from-secrets-manager";

    /** Static fake credentials and region for the SDK's default chains (system properties come first). */
    private static final Map<String, String> AWS_PROPERTIES = Map.of(
            "aws.accessKeyId",
            "AKIDTESTFAKE",
            "aws.secretAccessKey",
            "fake-secret-access-key",
            "aws.region",
            "eu-west-1");

    private FakeOpenAiServer llm;
    private FakeSecretsManager secrets;
    private final Map<String, String> previous = new HashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("quarry-query-test");
            Path model = TestCrossEncoderModel.writeTo(Files.createDirectories(root.resolve("cross-encoder")));
            llm = new FakeOpenAiServer();
            secrets = new FakeSecretsManager();
            secrets.put(WEAVIATE_KEY_ARN, WEAVIATE_KEY);
            AWS_PROPERTIES.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
            return Map.ofEntries(
                    Map.entry("quarry.weaviate.api-key-secret-arn", WEAVIATE_KEY_ARN),
                    Map.entry("quarry.aws.secrets-endpoint", secrets.endpoint().toString()),
                    Map.entry("quarry.rerank.model-dir", model.toString()),
                    Map.entry("quarry.answer.provider", "openai"),
                    Map.entry("quarry.answer.max-attempts", "2"),
                    Map.entry("quarry.answer.initial-backoff", "5ms"),
                    Map.entry("quarry.answer.max-backoff", "20ms"),
                    Map.entry("quarry.answer.retry-after", "7s"),
                    Map.entry("quarkus.langchain4j.openai.base-url", llm.baseUrl() + "/v1"),
                    Map.entry("quarkus.langchain4j.openai.api-key", "test-key"),
                    Map.entry("quarkus.langchain4j.openai.chat-model.model-name", "fake-model"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (llm != null) {
            llm.close();
        }
        if (secrets != null) {
            secrets.close();
        }
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
