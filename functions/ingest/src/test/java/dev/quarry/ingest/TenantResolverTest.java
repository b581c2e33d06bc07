package dev.quarry.ingest;

import dev.quarry.core.QuarryException;
import org.junit.jupiter.api.Test;

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

    @Test
    void should_reject_a_key_whose_tenant_segment_is_empty() {
        // given
        TenantResolver resolver = new TenantResolver(0, "default");

        // when / then
        assertThatThrownBy(() -> resolver.tenantOf("/q1.pdf"))
                .isInstanceOfSatisfying(
                        QuarryException.Permanent.class,
                        e -> assertThat(e.reason()).isEqualTo(QuarryException.Reason.INVALID_REQUEST));
    }

    @Test
    void should_refuse_a_negative_segment_or_blank_default_tenant() {
        assertThatThrownBy(() -> new TenantResolver(-1, "default")).hasMessageContaining("segment");
        assertThatThrownBy(() -> new TenantResolver(0, " ")).hasMessageContaining("defaultTenant");
    }
}
