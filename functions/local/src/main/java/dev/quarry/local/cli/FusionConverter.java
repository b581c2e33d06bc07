package dev.quarry.local.cli;

import dev.quarry.core.query.InvalidQueryException;
import dev.quarry.core.query.QueryRequests;
import dev.quarry.core.search.FusionType;
import picocli.CommandLine;

/** Accepts the fusion names the HTTP API accepts ({@link QueryRequests#fusion}): {@code relative} or {@code ranked}. */
public class FusionConverter implements CommandLine.ITypeConverter<FusionType> {

    @Override
    public FusionType convert(String value) {
        try {
            return QueryRequests.fusion(value);
        } catch (InvalidQueryException e) {
            throw new CommandLine.TypeConversionException("fusion must be 'relative' or 'ranked', was '" + value + "'");
        }
    }
}
