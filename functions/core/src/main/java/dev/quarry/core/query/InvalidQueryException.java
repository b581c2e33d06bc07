package dev.quarry.core.query;

import java.util.Objects;

/**
 * A query parameter out of its bounds or inconsistent with another: the HTTP API answers 422 problem+json, the
 * command line names its option. The message names the parameter as the HTTP API spells it ({@code 'topK' must
 * be within 1..50, was 0}).
 */
public final class InvalidQueryException extends RuntimeException {

    private final String parameter;
    private final String rule;

    public InvalidQueryException(String parameter, String rule) {
        super(
                "'" + Objects.requireNonNull(parameter, "parameter") + "' " + Objects.requireNonNull(rule, "rule"),
                null,
                false,
                false);
        this.parameter = parameter;
        this.rule = rule;
    }

    /** The parameter's name in the HTTP API ({@code topK}, {@code filters.keyPrefix}). */
    public String parameter() {
        return parameter;
    }

    /** What was wrong, without the parameter's name ({@code must be within 1..50, was 0}). */
    public String rule() {
        return rule;
    }
}
