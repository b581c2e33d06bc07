package dev.quarry.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IamTenantsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static IamTenants mapping(String json) {
        return IamTenants.of(Optional.of(json), Optional.empty(), JSON);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "arn:aws:sts::111122223333:assumed-role/acme-reader/alice",
                "arn:aws:sts::111122223333:assumed-role/acme-reader/i-0123456789abcdef0",
                "arn:aws:sts::111122223333:assumed-role/Acme-Reader/bob",
            })
    void should_map_every_session_of_a_mapped_role_alike(String caller) {
        // given: the role with a path, as IAM shows its ARN
        IamTenants tenants = mapping("{\"arn:aws:iam::111122223333:role/teams/acme-reader\": \"acme\"}");

        // when / then
        assertThat(tenants.tenantOf(caller, "111122223333")).contains("acme");
    }

    @Test
    void should_not_map_the_same_role_name_in_another_account_or_partition() {
        // given
        IamTenants tenants = mapping("{\"arn:aws:iam::111122223333:role/acme-reader\": \"acme\"}");

        // when / then
        assertThat(tenants.tenantOf("arn:aws:sts::444455556666:assumed-role/acme-reader/x", "444455556666"))
                .isEmpty();
        assertThat(tenants.tenantOf("arn:aws-cn:sts::111122223333:assumed-role/acme-reader/x", "111122223333"))
                .isEmpty();
    }

    @Test
    void should_prefer_the_principal_and_fall_back_to_its_account() {
        // given
        IamTenants tenants =
                mapping("{\"arn:aws:iam::111122223333:user/ops/Admin\": \"ops\", \"111122223333\": \"acme\"}");

        // when / then
        assertThat(tenants.tenantOf("arn:aws:iam::111122223333:user/Admin", "111122223333"))
                .contains("ops");
        assertThat(tenants.tenantOf("arn:aws:sts::111122223333:assumed-role/other/s", "111122223333"))
                .contains("acme");
        assertThat(tenants.tenantOf(null, "111122223333")).contains("acme");
        assertThat(tenants.tenantOf("arn:aws:iam::999988887777:user/Admin", "999988887777"))
                .isEmpty();
    }

    @Test
    void should_give_every_caller_the_single_tenant_when_one_is_named() {
        // given
        IamTenants tenants = IamTenants.of(Optional.empty(), Optional.of("acme"), JSON);

        // when / then
        assertThat(tenants.tenantOf("arn:aws:iam::1234567890:user/Admin", "1234567890"))
                .contains("acme");
        assertThat(tenants.configured()).isTrue();
    }

    @Test
    void should_map_nobody_when_nothing_is_configured() {
        IamTenants tenants = IamTenants.of(Optional.empty(), Optional.empty(), JSON);
        assertThat(tenants.configured()).isFalse();
        assertThat(tenants.tenantOf("arn:aws:sts::111122223333:assumed-role/acme-reader/a", "111122223333"))
                .isEmpty();
    }

    @Test
    void should_refuse_a_configuration_it_cannot_read_with_the_setting_named() {
        assertThatThrownBy(() -> mapping("arn:aws:iam::111122223333:role/acme-reader=acme"))
                .hasMessageContaining("quarry.auth.iam-tenants");
        assertThatThrownBy(() -> mapping("{\"acme-reader\": \"acme\"}"))
                .hasMessageContaining("'acme-reader' is not a role");
        assertThatThrownBy(() -> mapping("{\"arn:aws:iam::111122223333:role/acme-reader\": \"Acme\"}"))
                .hasMessageContaining("'Acme' is not a tenant name");
        assertThatThrownBy(() -> mapping("{\"arn:aws:iam::111122223333:role/a/r\": \"acme\","
                        + " \"arn:aws:iam::111122223333:role/r\": \"globex\"}"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> IamTenants.of(Optional.of("{}"), Optional.of("acme"), JSON))
                .hasMessageContaining("not both");
    }
}
