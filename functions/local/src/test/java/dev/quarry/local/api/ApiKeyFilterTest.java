package dev.quarry.local.api;

import dev.quarry.http.Problem;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFilterTest {

    @Test
    void should_answer_401_unauthenticated_like_the_lambda_when_the_key_is_missing_or_wrong() {
        for (String given : new String[] {null, "", "wrong"}) {
            // when
            Response refusal = ApiKeyFilter.refusal(Optional.of("secret"), "X-Api-Key", "/v1/query", given);

            // then
            assertThat(refusal.getStatus()).isEqualTo(401);
            assertThat(refusal.getMediaType()).isEqualTo(Problem.MEDIA_TYPE);
            assertThat(((Problem) refusal.getEntity()).type()).isEqualTo("/problems/unauthenticated");
        }
    }

    @Test
    void should_let_the_right_key_the_health_check_and_every_request_without_a_configured_key_through() {
        assertThat(ApiKeyFilter.refusal(Optional.of("secret"), "X-Api-Key", "/v1/query", "secret"))
                .isNull();
        assertThat(ApiKeyFilter.refusal(Optional.of("secret"), "X-Api-Key", "/v1/health", null))
                .isNull();
        assertThat(ApiKeyFilter.refusal(Optional.empty(), "X-Api-Key", "/v1/query", null))
                .isNull();
    }
}
