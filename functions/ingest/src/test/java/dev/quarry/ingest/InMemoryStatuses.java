package dev.quarry.ingest;

import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.core.port.DocumentStatusStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Document status kept in memory for {@code IngestFunctionTest}. */
@Alternative
@Priority(1)
@Singleton
public class InMemoryStatuses implements DocumentStatusStore {

    private final Map<String, DocumentStatus> statuses = new ConcurrentSkipListMap<>();

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

    void clear() {
        statuses.clear();
    }

    private static String id(String tenant, String key) {
        return tenant + "\u0000" + key;
    }
}
