package dev.quarry.query;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether the query function reranks ({@code quarry.rerank.enabled}). The model itself is configured by
 * {@link dev.quarry.models.rerank.RerankConfig}; this function defaults its directory to the model layer,
 * {@code /opt/models/cross-encoder}.
 */
@ConfigMapping(prefix = "quarry.rerank")
public interface RerankSwitch {

    /**
     * Load the cross-encoder at startup and fail the start if it cannot be loaded. {@code false} is an explicit
     * opt-out: queries keep the hybrid-search order and say so ({@code reranked.value: false}).
     */
    @WithDefault("true")
    boolean enabled();
}
