package dev.quarry.core.search;

import java.util.Objects;

/**
 * One search against a chunk index. Every field is explicit: an index never falls back to a server
 * default for alpha or fusion.
 *
 * @param tenant the tenant whose chunks are searched; no other tenant's chunk is ever returned
 * @param text the query text for the keyword leg
 * @param vector the query embedding for the vector leg (may be null for {@link SearchMode#BM25})
 * @param mode which legs to run
 * @param alpha vector weight in [0,1]; the keyword weight is {@code 1 - alpha}
 * @param fusion how the legs are fused in hybrid mode
 * @param limit how many hits to return, best first
 * @param filter restrictions applied inside the index
 */
public record SearchRequest(
        String tenant,
        String text,
        float[] vector,
        SearchMode mode,
        double alpha,
        FusionType fusion,
        int limit,
        SearchFilter filter) {

    public SearchRequest {
        Objects.requireNonNull(tenant, "tenant must not be null");
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(mode, "mode must not be null");
        Objects.requireNonNull(fusion, "fusion must not be null");
        filter = filter == null ? SearchFilter.NONE : filter;
        if (alpha < 0 || alpha > 1 || Double.isNaN(alpha)) {
            throw new IllegalArgumentException("alpha must be within [0,1], was " + alpha);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        if (mode != SearchMode.BM25 && vector == null) {
            throw new IllegalArgumentException("a " + mode + " search needs a query vector");
        }
    }

    /** The mode actually run: alpha 0 is keyword only, alpha 1 is vector only (Weaviate drops the other leg). */
    public SearchMode effectiveMode() {
        if (mode != SearchMode.HYBRID) {
            return mode;
        }
        if (alpha == 0.0) {
            return SearchMode.BM25;
        }
        if (alpha == 1.0) {
            return SearchMode.VECTOR;
        }
        return SearchMode.HYBRID;
    }
}
