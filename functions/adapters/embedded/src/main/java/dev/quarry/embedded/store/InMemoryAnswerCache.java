package dev.quarry.embedded.store;

import dev.quarry.core.port.AnswerCache;
import dev.quarry.core.port.CorpusVersion;
import dev.quarry.core.query.CacheKey;
import dev.quarry.core.query.QueryResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * An exact-match answer cache in process memory, bounded (least recently used entries go first) and
 * with a time to live. Keys carry tenant and corpus generation (from the {@link CorpusVersion} ingestion bumps),
 * so a corpus change makes every older entry unreachable; they age out of the LRU order.
 */
public final class InMemoryAnswerCache implements AnswerCache {

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final CorpusVersion versions;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private record Entry(QueryResult result, Instant expires) {}

    /** A cache with corpus versions of its own: for a process where nothing else needs to bump them. */
    public InMemoryAnswerCache(int maxEntries, Duration ttl, Clock clock) {
        this(maxEntries, ttl, clock, new InMemoryCorpusVersion());
    }

    /** @param versions the corpus versions ingestion bumps, read for every key */
    public InMemoryAnswerCache(int maxEntries, Duration ttl, Clock clock, CorpusVersion versions) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = clock;
        this.versions = Objects.requireNonNull(versions, "versions must not be null");
    }

    @Override
    public long corpusGeneration(String tenant) {
        return versions.current(tenant);
    }

    @Override
    public synchronized Optional<QueryResult> lookup(CacheKey key) {
        String id = id(key);
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(entry.result());
    }

    @Override
    public synchronized void store(CacheKey key, QueryResult result) {
        entries.put(id(key), new Entry(result, clock.instant().plus(ttl)));
        while (entries.size() > maxEntries) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    private static String id(CacheKey key) {
        return key.tenant() + "\u0000" + key.corpusGeneration() + "\u0000" + key.parameters() + "\u0000"
                + key.normalizedQuery();
    }
}
