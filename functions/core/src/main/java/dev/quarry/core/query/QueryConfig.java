package dev.quarry.core.query;

import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Query defaults ({@code quarry.query.*}), used when a request does not say. Alpha and fusion were
 * chosen by measurement on the evaluation sets (README, "Retrieval quality"), not taken from a server's
 * default.
 */
@ConfigMapping(prefix = "quarry.query")
public interface QueryConfig {

    /** Passages returned. */
    @WithDefault("5")
    int topK();

    /** Hybrid-search candidates handed to the reranker. */
    @WithDefault("25")
    int candidates();

    /** Retrieval legs. */
    @WithDefault("hybrid")
    SearchMode mode();

    /**
     * Vector weight of hybrid search in [0,1]; keyword weight is 1 - alpha. 0.8 was the best relative-score
     * setting on the mean of both evaluation sets and within 0.002 of the best setting overall, re-measured with
     * bge-small and English keyword analysis (alphas 0.3-0.9, both fusions, README "Retrieval quality").
     */
    @WithDefault("0.8")
    double alpha();

    /** Fusion of the two legs. */
    @WithDefault("relative-score")
    FusionType fusion();

    /**
     * Passages less relevant than this are dropped, so an off-topic question gets no passages ("nothing
     * relevant found") instead of the least bad ones. Relevance is the cross-encoder probability when reranked,
     * else the embedding cosine of question and passage (README, "Relevance"); unset keeps every passage.
     */
    Optional<Double> minRelevance();
}
