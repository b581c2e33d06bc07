package dev.quarry.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.quarry.core.QuarryException;
import dev.quarry.core.ThrottledException;
import dev.quarry.core.model.SearchHit;
import dev.quarry.core.port.AnswerGenerator;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An {@link AnswerGenerator} over a langchain4j {@link ChatModel}: one call per question with the passages
 * numbered in the prompt ({@link AnswerPrompt}); the cited numbers are read back from the answer. A throttled
 * (429), failing (5xx) or timed-out call is retried with exponential backoff and full jitter; when the retries
 * run out the query fails with {@link ThrottledException} (429 to the client) or
 * {@link QuarryException.Transient} (503).
 */
public final class LlmAnswerGenerator implements AnswerGenerator {

    private static final Logger LOG = Logger.getLogger(LlmAnswerGenerator.class);

    private final ChatModel model;
    private final AnswerConfig config;
    private final Sleeper sleeper;

    /** Waits between attempts; replaced in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public LlmAnswerGenerator(ChatModel model, AnswerConfig config) {
        this(model, config, d -> Thread.sleep(d.toMillis()));
    }

    public LlmAnswerGenerator(ChatModel model, AnswerConfig config, Sleeper sleeper) {
        this.model = Objects.requireNonNull(model, "model must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
        if (config.maxAttempts() < 1) {
            throw new IllegalArgumentException("quarry.answer.max-attempts must be >= 1, was " + config.maxAttempts());
        }
    }

    @Override
    public Generated generate(String question, List<SearchHit> passages) {
        ChatRequest request = ChatRequest.builder()
                .messages(
                        SystemMessage.from(AnswerPrompt.SYSTEM),
                        UserMessage.from(AnswerPrompt.user(question, passages, config.maxPassageChars())))
                .build();
        String text = call(request);
        return new Generated(text, AnswerPrompt.citedNumbers(text, passages.size()));
    }

    private String call(ChatRequest request) {
        Duration backoff = config.initialBackoff();
        long deadline = System.nanoTime() + config.deadline().toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                String text = model.chat(request).aiMessage().text();
                if (text == null || text.isBlank()) {
                    throw new QuarryException.Transient(
                            QuarryException.Reason.UNAVAILABLE, "the LLM returned an empty answer");
                }
                return text.strip();
            } catch (RuntimeException e) {
                Failure failure = classify(e);
                if (failure == Failure.PERMANENT) {
                    LOG.errorf("the LLM refused the request (check quarkus.langchain4j.* settings): %s", e.toString());
                    throw new QuarryException.Transient(
                            QuarryException.Reason.UNAVAILABLE,
                            "the answer generator is misconfigured or refused the request",
                            e);
                }
                Duration wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() + 1));
                boolean pastDeadline = System.nanoTime() + wait.toNanos() >= deadline;
                if (attempt >= config.maxAttempts() || pastDeadline) {
                    if (failure == Failure.THROTTLED) {
                        throw new ThrottledException(
                                "the LLM is throttling requests (" + attempt + " attempts)", config.retryAfter(), e);
                    }
                    throw new QuarryException.Transient(
                            QuarryException.Reason.UNAVAILABLE,
                            "the LLM is unavailable (" + attempt + " attempts): "
                                    + e.getClass().getSimpleName(),
                            e);
                }
                LOG.debugf("LLM call %s failed (%s); retrying in %s ms", (Object) attempt, failure, wait.toMillis());
                sleep(wait, e);
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0
                        ? config.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void sleep(Duration wait, RuntimeException cause) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new QuarryException.Transient(
                    QuarryException.Reason.UNAVAILABLE, "interrupted while waiting to retry the LLM", cause);
        }
    }

    enum Failure {
        THROTTLED,
        RETRIABLE,
        PERMANENT
    }

    /** 429 throttles; 5xx, 408, timeouts and I/O errors are worth retrying; any other status is not. */
    static Failure classify(Throwable e) {
        OptionalInt status = status(e);
        if (status.isPresent()) {
            int s = status.getAsInt();
            if (s == 429) {
                return Failure.THROTTLED;
            }
            return s >= 500 || s == 408 ? Failure.RETRIABLE : Failure.PERMANENT;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return Failure.RETRIABLE;
            }
        }
        return e instanceof QuarryException.Transient ? Failure.RETRIABLE : Failure.PERMANENT;
    }

    private static OptionalInt status(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return OptionalInt.of(http.statusCode());
            }
            if (t instanceof WebApplicationException web && web.getResponse() != null) {
                return OptionalInt.of(web.getResponse().getStatus());
            }
            if (t.getClass().getSimpleName().equals("RateLimitException")) {
                return OptionalInt.of(429);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return OptionalInt.empty();
    }
}
