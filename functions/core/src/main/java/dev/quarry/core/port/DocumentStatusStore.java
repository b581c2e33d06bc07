package dev.quarry.core.port;

import dev.quarry.core.pipeline.DocumentStatus;

import java.util.List;
import java.util.Optional;

/** Durable ingestion status per document (queued, processing, indexed, failed, deleted). */
public interface DocumentStatusStore {

    void put(DocumentStatus status);

    Optional<DocumentStatus> get(String tenant, String key);

    /** Every status of a tenant, ordered by key. */
    List<DocumentStatus> list(String tenant);
}
