package dev.quarry.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.quarry.core.QuarryException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A langchain4j {@link ChatModel} over Amazon Bedrock's Converse API (AWS SDK v2), for text-only conversations.
 * Service errors become {@link HttpException}s with Bedrock's status (429 for throttling), client-side failures
 * (timeouts, connection) a retriable {@link QuarryException.Transient}, so {@link LlmAnswerGenerator} retries
 * them like any other provider. The client should not retry on its own.
 */
public final class BedrockConverseModel implements ChatModel {

    private final BedrockRuntimeClient client;
    private final String modelId;
    private final int maxTokens;
    private final float temperature;

    public BedrockConverseModel(BedrockRuntimeClient client, String modelId, int maxTokens, double temperature) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.modelId = Objects.requireNonNull(modelId, "modelId must not be null: set quarry.answer.bedrock.model-id");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.temperature = (float) temperature;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message instanceof SystemMessage s) {
                system.add(SystemContentBlock.fromText(s.text()));
            } else if (message instanceof UserMessage u) {
                messages.add(message(ConversationRole.USER, u.singleText()));
            } else if (message instanceof AiMessage a) {
                messages.add(message(ConversationRole.ASSISTANT, a.text()));
            } else {
                throw new IllegalArgumentException(
                        "Bedrock answers take system, user and AI messages, not " + message.type());
            }
        }
        ConverseResponse response;
        try {
            response = client.converse(b -> b.modelId(modelId)
                    .system(system)
                    .messages(messages)
                    .inferenceConfig(c -> c.maxTokens(maxTokens).temperature(temperature)));
        } catch (SdkServiceException e) {
            throw new HttpException(e.statusCode(), "Bedrock " + modelId + ": " + e.getMessage());
        } catch (SdkClientException e) {
            throw new QuarryException.Transient(
                    QuarryException.Reason.UNAVAILABLE, "Bedrock could not be reached: " + e.getMessage(), e);
        }
        String text = response.output() == null || response.output().message() == null
                ? ""
                : response.output().message().content().stream()
                        .map(ContentBlock::text)
                        .filter(Objects::nonNull)
                        .collect(Collectors.joining());
        return ChatResponse.builder().aiMessage(AiMessage.from(text)).build();
    }

    private static Message message(ConversationRole role, String text) {
        return Message.builder().role(role).content(ContentBlock.fromText(text)).build();
    }
}
