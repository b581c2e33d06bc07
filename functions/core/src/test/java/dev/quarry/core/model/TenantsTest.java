package dev.quarry.core.model;

import dev.quarry.core.QuarryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.Normalizer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"acme", "a", "0", "acme-eu_2", "a123456789012345678901234567890123456789012345678901234567890123"
            })
    void should_accept_canonical_names_unchanged(String tenant) {
        assertThat(Tenants.canonical(tenant, "claim")).isSameAs(tenant);
        assertThat(Tenants.isCanonical(tenant)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "acme ",
                " acme",
                "acme\u2003",
                "acme\t",
                "Acme",
                "ACME",
                "a:b",
                "*",
                "..",
                ".",
                "a/b",
                "-acme",
                "_acme",
                "acme\u0000",
                "caf\u00e9",
                "acme\u200b",
                "a.b"
            })
    void should_refuse_every_other_spelling(String tenant) {
        assertThatThrownBy(() -> Tenants.canonical(tenant, "claim 'tenant'"))
                .isInstanceOf(QuarryException.Permanent.class)
                .satisfies(e ->
                        assertThat(((QuarryException) e).reason()).isEqualTo(QuarryException.Reason.INVALID_TENANT))
                .hasMessageContaining("claim 'tenant'")
                .hasMessageNotContaining("\u0000");
    }

    @Test
    void should_refuse_a_missing_or_too_long_name() {
        assertThat(Tenants.isCanonical(null)).isFalse();
        assertThat(Tenants.isCanonical("a".repeat(Tenants.MAX_LENGTH))).isTrue();
        assertThat(Tenants.isCanonical("a".repeat(Tenants.MAX_LENGTH + 1))).isFalse();
        assertThatThrownBy(() -> Tenants.canonical(null, "key segment 0")).hasMessageContaining("is missing");
    }

    @Test
    void should_never_accept_two_spellings_that_a_normalising_reader_would_merge() {
        // Every pair of accepted names differs as written: no accepted name has another spelling that is also
        // accepted under strip, lower-case or Unicode normalisation.
        for (String name : List.of("acme", "a-b", "t_1")) {
            for (String variant : List.of(
                    name + " ",
                    " " + name,
                    name.toUpperCase(),
                    name + "\u00a0",
                    Normalizer.normalize(name + "\u0301", Normalizer.Form.NFD))) {
                assertThat(Tenants.isCanonical(variant)).as("'%s'", variant).isFalse();
            }
        }
    }

    @Test
    void should_escape_control_and_non_ascii_characters_in_messages() {
        assertThat(Tenants.escaped("a\u0000b\u2003")).isEqualTo("a\\u0000b\\u2003");
        assertThat(Tenants.escaped("x".repeat(150))).contains("(150 characters)");
    }
}
