package dev.quarry.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.quarry.core.QuarryException;
import dev.quarry.core.ThrottledException;
import dev.quarry.core.port.AnswerGenerator.Generated;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static dev.quarry.llm.AnswerPromptTest.hit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmAnswerGeneratorTest {

    /** A chat model that plays a script: a String answers, a RuntimeException is thrown. */
    static final class ScriptedModel implements ChatModel {
        final Deque<Object> script = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            requests.add(request);
            Object next = script.poll();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return ChatResponse.builder()
                    .aiMessage(AiMessage.from((String) next))
                    .build();
        }
    }

    static AnswerConfig config(int attempts) {
        return config(attempts, Duration.ofSeconds(30));
    }

    static AnswerConfig config(int attempts, Duration deadline) {
        return new AnswerConfig() {
            public Duration deadline() {
                return deadline;
            }

            public Provider provider() {
                return Provider.OPENAI;
            }

            public int maxAttempts() {
                return attempts;
            }

            public Duration initialBackoff() {
                return Duration.ofMillis(100);
            }

            public Duration maxBackoff() {
                return Duration.ofMillis(150);
            }

            public Duration retryAfter() {
                return Duration.ofMillis(2500);
            }

            public int maxPassageChars() {
                return 500;
            }

            public Bedrock bedrock() {
                throw new UnsupportedOperationException("not used by the generator");
            }
        };
    }

    final ScriptedModel model = new ScriptedModel();
    final List<Duration> waits = new ArrayList<>();

    LlmAnswerGenerator generator(int attempts) {
        return new LlmAnswerGenerator(model, config(attempts), waits::add);
    }

    @Test
    void should_return_the_answer_and_its_cited_numbers_in_one_call() {
        // given
        model.script.add("Tides come twice a day [2].");

        // when
        Generated generated = generator(3).generate("When?", List.of(hit("a", 1, 1, "one"), hit("b", 1, 1, "two")));

        // then
        assertThat(generated.text()).isEqualTo("Tides come twice a day [2].");
        assertThat(generated.citedNumbers()).containsExactly(2);
        assertThat(model.requests).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void should_retry_with_jittered_backoff_when_the_llm_fails_with_5xx_or_times_out() {
        // given
        model.script.add(new HttpException(503, "overloaded"));
        model.script.add(new RuntimeException(new SocketTimeoutException("read timed out")));
        model.script.add("Fine [1].");

        // when
        Generated generated = generator(3).generate("q", List.of(hit("a", 1, 1, "one")));

        // then
        assertThat(generated.citedNumbers()).containsExactly(1);
        assertThat(model.requests).hasSize(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(150));
    }

    @Test
    void should_throw_throttled_with_retry_after_when_the_llm_keeps_answering_429() {
        for (int i = 0; i < 3; i++) {
            model.script.add(new HttpException(429, "slow down"));
        }

        assertThatThrownBy(() -> generator(3).generate("q", List.of(hit("a", 1, 1, "one"))))
                .isInstanceOfSatisfying(
                        ThrottledException.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
        assertThat(model.requests).hasSize(3);
    }

    @Test
    void should_fail_as_unavailable_without_retrying_when_the_llm_refuses_the_request() {
        model.script.add(new HttpException(401, "bad key"));

        assertThatThrownBy(() -> generator(3).generate("q", List.of(hit("a", 1, 1, "one"))))
                .isInstanceOf(QuarryException.Transient.class)
                .hasMessageContaining("misconfigured");
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void should_stop_retrying_when_the_next_wait_would_pass_the_deadline() {
        // given: attempts to spare, but no time
        for (int i = 0; i < 5; i++) {
            model.script.add(new HttpException(429, "slow down"));
        }

        // when / then
        assertThatThrownBy(() -> new LlmAnswerGenerator(model, config(5, Duration.ZERO), waits::add)
                        .generate("q", List.of(hit("a", 1, 1, "one"))))
                .isInstanceOf(ThrottledException.class);
        assertThat(model.requests).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void should_fail_as_unavailable_when_the_retries_run_out_on_5xx() {
        model.script.add(new HttpException(500, "boom"));
        model.script.add(new HttpException(502, "boom"));

        assertThatThrownBy(() -> generator(2).generate("q", List.of(hit("a", 1, 1, "one"))))
                .isInstanceOf(QuarryException.Transient.class)
                .hasMessageContaining("2 attempts");
    }
}
