package dev.quarry.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Answer generation ({@code quarry.answer.*}). The OpenAI-compatible endpoint itself (base URL, key, model,
 * timeout) is configured with {@code quarkus.langchain4j.openai.*}; Bedrock with {@code quarry.answer.bedrock.*}.
 */
@ConfigMapping(prefix = "quarry.answer")
public interface AnswerConfig {

    /** Which LLM writes answers; {@code none} answers with retrieved passages only ({@code answer: null}). */
    @WithDefault("none")
    Provider provider();

    /**
     * Attempts per answer, the first included, when the LLM throttles (429), fails (5xx) or times out. The
     * OpenAI-compatible client retries once more inside each attempt ({@code quarkus.langchain4j.openai.max-retries}
     * must be at least 1), so 2 attempts are at most 4 calls.
     */
    @WithDefault("2")
    int maxAttempts();

    /** The backoff before the first retry; doubled per retry, with full jitter, up to {@link #maxBackoff()}. */
    @WithDefault("250ms")
    Duration initialBackoff();

    /** The longest backoff between two calls. */
    @WithDefault("4s")
    Duration maxBackoff();

    /**
     * The longest time spent on one answer, retries included: no retry starts that would end its wait past it.
     * Below API Gateway's 30 s integration limit, so the client gets a clean 429/503 rather than a gateway timeout.
     */
    @WithDefault("25s")
    Duration deadline();

    /** What the client is told to wait ({@code Retry-After}) when the LLM still throttles after the retries. */
    @WithDefault("5s")
    Duration retryAfter();

    /** Characters of each passage put into the prompt; longer passages are cut. */
    @WithDefault("2000")
    int maxPassageChars();

    /** Amazon Bedrock ({@code quarry.answer.bedrock.*}), used when {@link #provider()} is {@code bedrock}. */
    Bedrock bedrock();

    /** The LLM providers. */
    enum Provider {
        /** No LLM: retrieval only. */
        NONE,
        /** Any endpoint speaking the OpenAI chat completions API ({@code quarkus.langchain4j.openai.*}). */
        OPENAI,
        /** Amazon Bedrock's Converse API ({@code quarry.answer.bedrock.*}), with the function's IAM role. */
        BEDROCK
    }

    /** Amazon Bedrock settings. Credentials come from the default AWS chain (the Lambda's role). */
    interface Bedrock {

        /** The model or inference profile id, e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}; required for bedrock. */
        Optional<String> modelId();

        /** The region; default: the AWS default region chain ({@code AWS_REGION} in Lambda). */
        Optional<String> region();

        /** Another endpoint, e.g. a VPC endpoint or a local stand-in. */
        Optional<URI> endpointOverride();

        /** The longest answer, in tokens. */
        @WithDefault("1024")
        int maxTokens();

        /** Sampling temperature; 0 keeps answers close to the passages. */
        @WithDefault("0")
        double temperature();

        /** The time limit of one call. */
        @WithDefault("12s")
        Duration timeout();
    }
}
