package dev.quarry.local.cli;

import dev.quarry.core.search.FusionType;
import picocli.CommandLine;

import java.util.Locale;

/** Accepts {@code relative}, {@code relative-score}, {@code relativeScore} and {@code ranked}. */
public class FusionConverter implements CommandLine.ITypeConverter<FusionType> {

    @Override
    public FusionType convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "relative", "relativescore" -> FusionType.RELATIVE_SCORE;
            case "ranked", "rrf" -> FusionType.RANKED;
            default ->
                throw new CommandLine.TypeConversionException(
                        "fusion must be 'relative' or 'ranked', was '" + value + "'");
        };
    }
}
