package dev.quarry.ingest;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.PartTally;
import dev.quarry.core.port.DocumentStatusStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Document status kept in memory for {@code IngestFunctionTest}. */
@Alternative
@Priority(1)
@Singleton
public class InMemoryStatuses implements DocumentStatusStore {

    private final Map<String, DocumentStatus> statuses = new ConcurrentSkipListMap<>();
    private final Map<DocumentRef, Map<Integer, PartResult>> parts = new HashMap<>();

    @Override
    public void put(DocumentStatus status) {
        statuses.put(id(status.document().tenant(), status.document().key()), status);
    }

    @Override
    public Optional<DocumentStatus> get(String tenant, String key) {
        return Optional.ofNullable(statuses.get(id(tenant, key)));
    }

    @Override
    public List<DocumentStatus> list(String tenant) {
        return statuses.values().stream()
                .filter(s -> s.document().tenant().equals(tenant))
                .toList();
    }

    @Override
    public synchronized DocumentStatus completePart(
            DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now) {
        Map<Integer, PartResult> done = parts.computeIfAbsent(document, d -> new TreeMap<>());
        done.put(part, result);
        DocumentStatus status = PartTally.statusAfter(
                get(document.tenant(), document.key()), document, partCount, done.values(), sequencer, now);
        put(status);
        return status;
    }

    void clear() {
        statuses.clear();
        parts.clear();
    }

    private static String id(String tenant, String key) {
        return tenant + "\u0000" + key;
    }
}
