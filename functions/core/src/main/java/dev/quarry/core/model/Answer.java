package dev.quarry.core.model;

import java.util.List;

/**
 * The answer to a query.
 *
 * @param text the generated answer, or {@code null} when no answer generator is configured or the
 *     request asked for retrieval only
 * @param citations the sources, numbered as cited in {@code text}
 */
public record Answer(String text, List<Citation> citations) {

    public Answer {
        citations = List.copyOf(citations);
    }
}
