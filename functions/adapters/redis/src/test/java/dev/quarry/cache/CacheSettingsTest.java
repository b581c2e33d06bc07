package dev.quarry.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheSettingsTest {

    private static final CacheSettings DEFAULTS = CacheSettings.defaults();

    @Test
    void should_change_only_the_named_values_when_copied_with_new_ones() {
        CacheSettings changed = DEFAULTS.withThreshold(0.8)
                .withMode(CacheMode.EXACT)
                .withTtl(Duration.ofMinutes(5))
                .withCaps(7, 1024)
                .withTimeouts(Duration.ofMillis(80), Duration.ofSeconds(9))
                .withVerifier(false)
                .withLsh(4, 8, 2, 16)
                .withMaxFalseHitRate(0.2)
                .withVerifySampleRate(0.5);

        assertThat(changed)
                .isEqualTo(new CacheSettings(
                        CacheMode.EXACT,
                        0.8,
                        Duration.ofMinutes(5),
                        7,
                        1024,
                        Duration.ofMillis(80),
                        DEFAULTS.breakerFailures(),
                        Duration.ofSeconds(9),
                        DEFAULTS.lockTtl(),
                        DEFAULTS.lockWait(),
                        4,
                        8,
                        2,
                        DEFAULTS.lshSeed(),
                        16,
                        false,
                        0.2,
                        0.5));
        assertThat(DEFAULTS.withThreshold(0.8).withThreshold(DEFAULTS.threshold()))
                .isEqualTo(DEFAULTS);
    }

    @Test
    void should_check_the_copy_like_any_settings_when_a_new_value_is_out_of_range() {
        assertThatThrownBy(() -> DEFAULTS.withThreshold(1.5)).hasMessageContaining("threshold must be in (0, 1]");
        assertThatThrownBy(() -> DEFAULTS.withLsh(4, 8, 9, 16)).hasMessageContaining("lshProbes");
        assertThatThrownBy(() -> DEFAULTS.withMaxFalseHitRate(1)).hasMessageContaining("maxFalseHitRate");
    }
}
