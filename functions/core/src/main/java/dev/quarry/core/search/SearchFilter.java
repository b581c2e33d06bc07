package dev.quarry.core.search;

import dev.quarry.core.model.ContentType;

import java.time.Instant;
import java.util.Optional;

/**
 * Restricts a search; an empty field does not restrict.
 *
 * @param keyPrefix only documents whose key starts with this prefix
 * @param contentType only documents of this format
 * @param indexedAfter only chunks indexed at or after this instant
 * @param indexedBefore only chunks indexed before this instant
 */
public record SearchFilter(
        Optional<String> keyPrefix,
        Optional<ContentType> contentType,
        Optional<Instant> indexedAfter,
        Optional<Instant> indexedBefore) {

    public static final SearchFilter NONE =
            new SearchFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public static SearchFilter keyPrefix(String prefix) {
        return new SearchFilter(Optional.of(prefix), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
