package dev.quarry.local.cli;

import dev.quarry.core.query.QueryConfig;
import dev.quarry.core.search.FusionType;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The hybrid-search options shared by {@code ask} and {@code eval}. Their defaults are the configured {@code
 * quarry.query.*} values (see {@link QuarryCli#configuredDefault}); absent configuration, {@link QueryConfig}'s.
 */
public class SearchOptions {

    @Option(
            names = "--alpha",
            paramLabel = "0..1",
            descriptionKey = "quarry.query.alpha",
            description = "Weight of the vector leg in hybrid search: 0 is keywords only, 1 vectors only"
                    + " (default: ${DEFAULT-VALUE}, quarry.query.alpha).")
    Double alpha;

    @Option(
            names = "--fusion",
            paramLabel = "relative|ranked",
            converter = FusionConverter.class,
            descriptionKey = "quarry.query.fusion",
            description = "How the keyword and vector legs are fused: relative (scores scaled to 0..1) or ranked"
                    + " (reciprocal rank) (default: ${DEFAULT-VALUE}, quarry.query.fusion).")
    FusionType fusion;

    double alpha(QueryConfig defaults) {
        return alpha == null ? defaults.alpha() : alpha;
    }

    FusionType fusion(QueryConfig defaults) {
        return fusion == null ? defaults.fusion() : fusion;
    }

    /** Refuses values out of range, naming the option. */
    void check(CommandLine cli) {
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
            throw new CommandLine.ParameterException(cli, "--alpha must be between 0 and 1, was " + alpha);
        }
    }
}
