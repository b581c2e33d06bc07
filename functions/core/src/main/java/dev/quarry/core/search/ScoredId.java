package dev.quarry.core.search;

import java.util.Objects;

/** An id with a score: a raw leg score as input to {@link HybridFusion}, a fused score as its output. */
public record ScoredId(String id, double score) {

    public ScoredId {
        Objects.requireNonNull(id, "id must not be null");
    }
}
