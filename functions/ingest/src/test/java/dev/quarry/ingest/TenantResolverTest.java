package dev.quarry.ingest;

import dev.quarry.core.QuarryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantResolverTest {

    @Test
    void should_take_the_first_segment_as_tenant_by_default() {
        // given
        TenantResolver resolver = new TenantResolver(0, "default");

        // when / then
        assertThat(resolver.tenantOf("acme/reports/q1.pdf")).isEqualTo("acme");
        assertThat(resolver.tenantOf("acme/Quarterly report été.txt")).isEqualTo("acme");
    }

    @Test
    void should_use_the_default_tenant_when_the_key_has_no_slash() {
        // given
        TenantResolver resolver = new TenantResolver(0, "shared");

        // when / then
        assertThat(resolver.tenantOf("notes.txt")).isEqualTo("shared");
    }

    @Test
    void should_take_a_deeper_segment_when_configured() {
        // given
        TenantResolver resolver = new TenantResolver(1, "default");

        // when / then
        assertThat(resolver.tenantOf("uploads/globex/q1.pdf")).isEqualTo("globex");
        assertThat(resolver.tenantOf("uploads/q1.pdf")).isEqualTo("default");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/q1.pdf", "Acme/q1.pdf", "acme /q1.pdf", "ac\u00e9me/q1.pdf", "-acme/q1.pdf", "a.b/q1.pdf"})
    void should_refuse_a_key_whose_tenant_segment_is_not_a_tenant_name_as_it_stands(String key) {
        // given
        TenantResolver resolver = new TenantResolver(0, "default");

        // when / then: never trimmed or lower-cased into another tenant
        assertThatThrownBy(() -> resolver.tenantOf(key))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_TENANT));
    }

    @Test
    void should_take_the_first_segment_after_the_document_prefix_as_tenant() {
        // given
        TenantResolver resolver = new TenantResolver("docs/", 0, "default");

        // when / then
        assertThat(resolver.tenantOf("docs/acme/guide.txt")).isEqualTo("acme");
        assertThat(resolver.tenantOf("docs/guide.txt")).isEqualTo("default");
        assertThat(resolver.covers("docs/acme/guide.txt")).isTrue();
        assertThat(resolver.covers("other/acme/guide.txt")).isFalse();
        assertThat(resolver.covers("docsacme/guide.txt")).isFalse();
    }

    @Test
    void should_refuse_a_key_outside_the_document_prefix() {
        // given
        TenantResolver resolver = new TenantResolver("docs/", 0, "default");

        // when / then
        assertThatThrownBy(() -> resolver.tenantOf("acme/guide.txt"))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_REQUEST));
    }

    @Test
    void should_refuse_a_negative_segment_a_prefix_without_slash_or_a_default_tenant_that_is_no_tenant_name() {
        assertThatThrownBy(() -> new TenantResolver(-1, "default")).hasMessageContaining("segment");
        assertThatThrownBy(() -> new TenantResolver(0, " ")).hasMessageContaining("quarry.ingest.default-tenant");
        assertThatThrownBy(() -> new TenantResolver(0, "Default")).hasMessageContaining("quarry.ingest.default-tenant");
        assertThatThrownBy(() -> new TenantResolver("docs", 0, "default"))
                .hasMessageContaining("quarry.ingest.document-prefix");
        assertThatThrownBy(() -> new TenantResolver("/docs/", 0, "default"))
                .hasMessageContaining("quarry.ingest.document-prefix");
    }
}
