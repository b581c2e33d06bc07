package dev.quarry.embedded.store;

import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.CorpusVersion;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The corpus versions of one process, for the embedded default where ingestion and the answer cache share the
 * JVM. Versions start at 0 with every process: that is right for a cache held in the same memory, which starts
 * empty too.
 */
public final class InMemoryCorpusVersion implements CorpusVersion {

    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

    @Override
    public long current(String tenant) {
        AtomicLong version = versions.get(Tenants.canonical(tenant, "tenant"));
        return version == null ? 0 : version.get();
    }

    @Override
    public long bump(String tenant) {
        return versions.computeIfAbsent(Tenants.canonical(tenant, "tenant"), t -> new AtomicLong())
                .incrementAndGet();
    }
}
