package dev.quarry.query;

import dev.quarry.core.rerank.TestCrossEncoderModel;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts what the query function talks to in tests: the test cross-encoder in a temporary model directory (the
 * Lambda layer's stand-in), a fresh data directory for the Lucene index, and the fake OpenAI-compatible server.
 */
public class QueryTestResources implements QuarkusTestResourceLifecycleManager {

    private FakeOpenAiServer llm;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("quarry-query-test");
            Path model = TestCrossEncoderModel.writeTo(Files.createDirectories(root.resolve("cross-encoder")));
            llm = new FakeOpenAiServer();
            return Map.of(
                    "quarry.rerank.model-dir", model.toString(),
                    "quarry.embedded.data-dir", root.resolve("data").toString(),
                    "quarry.answer.provider", "openai",
                    "quarry.answer.max-attempts", "2",
                    "quarry.answer.initial-backoff", "5ms",
                    "quarry.answer.max-backoff", "20ms",
                    "quarry.answer.retry-after", "7s",
                    "quarkus.langchain4j.openai.base-url", llm.baseUrl() + "/v1",
                    "quarkus.langchain4j.openai.api-key", "test-key",
                    "quarkus.langchain4j.openai.chat-model.model-name", "fake-model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (llm != null) {
            llm.close();
        }
    }
}
