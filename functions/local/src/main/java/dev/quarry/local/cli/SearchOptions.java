package dev.quarry.local.cli;

import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.search.FusionType;
import dev.quarry.core.search.SearchMode;
import picocli.CommandLine.Option;

/** The retrieval options shared by {@code ask} and {@code eval}; absent ones take {@code quarry.query.*}. */
public class SearchOptions {

    @Option(names = "--mode", description = "bm25, vector or hybrid (default: quarry.query.mode).")
    SearchMode mode;

    @Option(names = "--alpha", description = "Vector weight of hybrid search, 0..1 (default: quarry.query.alpha).")
    Double alpha;

    @Option(
            names = "--fusion",
            converter = FusionConverter.class,
            description = "relative or ranked (default: quarry.query.fusion).")
    FusionType fusion;

    SearchMode mode(QueryConfig defaults) {
        return mode == null ? defaults.mode() : mode;
    }

    double alpha(QueryConfig defaults) {
        return alpha == null ? defaults.alpha() : alpha;
    }

    FusionType fusion(QueryConfig defaults) {
        return fusion == null ? defaults.fusion() : fusion;
    }
}
