package dev.quarry.tools.eval;

import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.port.DocumentStatusStore;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Document statuses of one evaluation build, in memory: what the pipeline recorded for each corpus document. */
final class EvalStatusStore implements DocumentStatusStore {

    private final Map<String, DocumentStatus> statuses = new ConcurrentHashMap<>();

    @Override
    public void put(DocumentStatus status) {
        statuses.put(status.document().tenant() + "/" + status.document().key(), status);
    }

    @Override
    public Optional<DocumentStatus> get(String tenant, String key) {
        return Optional.ofNullable(statuses.get(tenant + "/" + key));
    }

    @Override
    public List<DocumentStatus> list(String tenant) {
        return statuses.values().stream()
                .filter(s -> s.document().tenant().equals(tenant))
                .sorted(Comparator.comparing(s -> s.document().key()))
                .toList();
    }

    @Override
    public DocumentStatus completePart(
            DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now) {
        throw new UnsupportedOperationException("evaluation documents are processed whole, never in parts");
    }
}
