package dev.quarry.weaviate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeaviateSettingsTest {

    @Test
    void should_never_print_the_api_key() {
        // given
        WeaviateSettings settings = WeaviateSettings.local(8080, 50051).withApiKey("top-secret-key");

        // when
        String printed = settings.toString();

        // then
        assertThat(printed).doesNotContain("top-secret-key").contains("apiKey set");
        assertThat(settings.apiKey()).contains("top-secret-key");
    }

    @Test
    void should_reject_a_collection_name_weaviate_would_refuse() {
        assertThatThrownBy(() -> WeaviateSettings.local(8080, 50051).withCollections("chunks", "S", "P"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkCollection 'chunks'")
                .hasMessageContaining("upper-case");
    }

    @Test
    void should_keep_valid_tenant_names_and_hash_the_others_apart() {
        assertThat(WeaviateConnection.tenantName("acme-eu_1")).isEqualTo("acme-eu_1");
        String mapped = WeaviateConnection.tenantName("acme corp/eu");
        assertThat(mapped).matches("q-[0-9a-f]{40}");
        assertThat(WeaviateConnection.tenantName("acme corp/eu")).isEqualTo(mapped);
        assertThat(WeaviateConnection.tenantName("acme corp/us")).isNotEqualTo(mapped);
        // a valid name that looks like a mapped one is mapped too, so the two spaces cannot collide
        assertThat(WeaviateConnection.tenantName(mapped)).isNotEqualTo(mapped).matches("q-[0-9a-f]{40}");
    }

    @Test
    void should_retry_429_5xx_and_unavailable_but_not_client_errors() {
        assertThat(WeaviateConnection.retriable(
                        io.weaviate.client6.v1.api.WeaviateApiException.http("GET", "/v1/schema", 429, "slow down")))
                .isTrue();
        assertThat(WeaviateConnection.retriable(
                        io.weaviate.client6.v1.api.WeaviateApiException.http("GET", "/v1/schema", 503, "down")))
                .isTrue();
        assertThat(WeaviateConnection.retriable(
                        io.weaviate.client6.v1.api.WeaviateApiException.http("POST", "/v1/schema", 422, "bad")))
                .isFalse();
        assertThat(WeaviateConnection.retriable(io.weaviate.client6.v1.api.WeaviateApiException.gRPC(
                        io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException())))
                .isTrue();
        assertThat(WeaviateConnection.retriable(io.weaviate.client6.v1.api.WeaviateApiException.gRPC(
                        io.grpc.Status.INVALID_ARGUMENT.asRuntimeException())))
                .isFalse();
        assertThat(WeaviateConnection.retriable(new IllegalStateException("bug")))
                .isFalse();
    }

    @Test
    void should_derive_the_same_uuid_for_the_same_part_and_different_ones_otherwise() {
        assertThat(Uuids.part("a.pdf", "v1", 0)).isEqualTo(Uuids.part("a.pdf", "v1", 0));
        assertThat(Uuids.part("a.pdf", "v1", 0)).isNotEqualTo(Uuids.part("a.pdf", "v1", 1));
        assertThat(Uuids.part("a.pdf", "v1", 0)).isNotEqualTo(Uuids.part("a.pdf", "v2", 0));
        assertThat(Uuids.status("a.pdf")).isNotEqualTo(Uuids.chunk("a.pdf"));
    }
}
