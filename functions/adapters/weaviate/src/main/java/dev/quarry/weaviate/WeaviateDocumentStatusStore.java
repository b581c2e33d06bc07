package dev.quarry.weaviate;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.core.model.PartTally;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.DocumentStatusStore;
import io.weaviate.client6.v1.api.collections.CollectionHandle;
import io.weaviate.client6.v1.api.collections.WeaviateObject;
import io.weaviate.client6.v1.api.collections.query.Filter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Durable document status in Weaviate, per tenant (native multi-tenancy, one Weaviate tenant per Quarry
 * tenant), with the same semantics as {@code JsonDocumentStatusStore}.
 *
 * <p><b>Design without conditional writes.</b> Weaviate has no compare-and-set, so no object is ever
 * updated by read-modify-write from two writers:
 *
 * <ul>
 *   <li>The <em>status collection</em> holds one object per document key (UUID derived from the key). Only
 *       {@link #put} writes it; the pipeline calls it once per stage of a job (queued, processing, indexed,
 *       failed, deleted), as with every other store, and the sequencer staleness check stays in the
 *       pipeline ({@code Sequencers}).
 *   <li>The <em>part collection</em> holds one object per (key, version, part) with a UUID derived from all
 *       three, so {@link #completePart} is an idempotent upsert: a redelivered part rewrites the same object
 *       and is never counted twice. {@code completePart} never writes the status object.
 *   <li>Progress is <em>derived</em>: the parts of the version are read back (at consistency QUORUM or ALL,
 *       so a writer reads its own write) and summed by {@link PartTally}, which also leaves a final status
 *       of the same version, or a status of another version, unchanged. {@link #get} and {@link #list}
 *       derive the same way for a {@code PROCESSING} status, so a reader sees the parts done so far.
 *   <li>Two last parts racing both see every part and both return {@code PROCESSING} with all parts done;
 *       both pipelines then {@code put} the same {@code INDEXED} record (idempotent). A slower part that
 *       read fewer parts returns an incomplete count and does nothing further; it cannot overwrite a newer
 *       status because it writes none.
 *   <li>Any status but {@code PROCESSING} deletes the key's part objects, as the JSON store forgets them.
 *       A part redelivered after that finds a final status (or another version's) and deletes its own
 *       object again.
 * </ul>
 */
public final class WeaviateDocumentStatusStore implements DocumentStatusStore, AutoCloseable {

    private static final int PAGE = 1000;

    private final WeaviateConnection connection;
    private final String statuses;
    private final String parts;
    private final boolean ownsConnection;

    public static WeaviateDocumentStatusStore open(WeaviateSettings settings) {
        return new WeaviateDocumentStatusStore(new WeaviateConnection(settings), true);
    }

    public WeaviateDocumentStatusStore(WeaviateConnection connection) {
        this(connection, false);
    }

    private WeaviateDocumentStatusStore(WeaviateConnection connection, boolean ownsConnection) {
        this.connection = connection;
        this.statuses = connection.settings().statusCollection();
        this.parts = connection.settings().partCollection();
        this.ownsConnection = ownsConnection;
        var statusSchema = Schemas.statuses(statuses);
        connection.ensureCollection(statusSchema, existing -> {
            Schemas.verify(existing, statusSchema);
            boolean counted = existing.properties() != null
                    && existing.properties().stream()
                            .anyMatch(p -> p.propertyName().equals(Schemas.ATTEMPTS.propertyName()));
            if (!counted) {
                connection.addProperty(statuses, Schemas.ATTEMPTS);
            }
        });
        var partSchema = Schemas.parts(parts);
        connection.ensureCollection(partSchema, existing -> Schemas.verify(existing, partSchema));
    }

    @Override
    public void put(DocumentStatus status) {
        String tenant = status.document().tenant();
        connection.ensureTenant(statuses, tenant);
        WeaviateObject<Map<String, Object>> object = WeaviateObject.<Map<String, Object>>of(
                o -> o.uuid(Uuids.status(status.document().key())).properties(statusProperties(status)));
        WeaviateChunkIndex.insertAll(
                connection, connection.handle(statuses, tenant), List.of(object), "status of " + status.document());
        if (status.state() != State.PROCESSING) {
            // As the JSON store: any status but PROCESSING ends the key's parts (a new version starts afresh).
            deleteParts(tenant, Filter.property("key").eq(status.document().key()));
        }
    }

    @Override
    public Optional<DocumentStatus> get(String tenant, String key) {
        Tenants.canonical(tenant, "tenant");
        DocumentKeys.canonical(key);
        return stored(tenant, key).map(this::withProgress);
    }

    @Override
    public List<DocumentStatus> list(String tenant) {
        Tenants.canonical(tenant, "tenant");
        if (!connection.tenantExists(statuses, tenant)) {
            return List.of();
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(statuses, tenant);
        List<DocumentStatus> result = new ArrayList<>();
        String after = null;
        while (true) {
            String cursor = after;
            var page = connection.call(
                    "list statuses of tenant " + tenant,
                    () -> handle.query.fetchObjects(f -> {
                        f.limit(PAGE);
                        if (cursor != null) {
                            f.after(cursor);
                        }
                        return f;
                    }));
            for (WeaviateObject<Map<String, Object>> object : page.objects()) {
                result.add(withProgress(toStatus(tenant, object.properties())));
            }
            if (page.objects().size() < PAGE) {
                break;
            }
            after = page.objects().get(page.objects().size() - 1).uuid();
        }
        result.sort(Comparator.comparing(s -> s.document().key()));
        return result;
    }

    @Override
    public DocumentStatus completePart(
            DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now) {
        String tenant = document.tenant();
        connection.ensureTenant(parts, tenant);
        Map<String, Object> properties = new HashMap<>();
        properties.put("key", document.key());
        properties.put("version", document.version());
        properties.put("part", (long) part);
        properties.put("partCount", (long) partCount);
        properties.put("pages", (long) result.pages());
        properties.put("ocrPages", result.ocrPages());
        properties.put("chunks", (long) result.chunks());
        properties.put("durationMs", result.durationMs());
        properties.put("pagesWithoutText", PageWithoutText.encode(result.pagesWithoutText()));
        properties.put("updatedAt", now.toString());
        if (sequencer != null) {
            properties.put("sequencer", sequencer);
        }
        String uuid = Uuids.part(document.key(), document.version(), part);
        WeaviateChunkIndex.insertAll(
                connection,
                connection.handle(parts, tenant),
                List.of(WeaviateObject.<Map<String, Object>>of(o -> o.uuid(uuid).properties(properties))),
                "part " + part + " of " + document);
        Optional<DocumentStatus> current = stored(tenant, document.key());
        Map<Integer, PartResult> recorded = recordedParts(document);
        recorded.put(part, result);
        DocumentStatus status = PartTally.statusAfter(current, document, partCount, recorded.values(), sequencer, now);
        boolean unchanged = current.isPresent() && status == current.get();
        if (unchanged
                && (current.get().state() != State.PROCESSING
                        || !current.get().document().equals(document))) {
            // The version is final or superseded: this late part is not progress; forget it again.
            deleteParts(tenant, Filter.uuid().eq(uuid));
        }
        return status;
    }

    /** The status object as written by {@link #put}, without derived progress. */
    private Optional<DocumentStatus> stored(String tenant, String key) {
        if (!connection.tenantExists(statuses, tenant)) {
            return Optional.empty();
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(statuses, tenant);
        var found = connection.call(
                "read the status of " + tenant + "/" + key, () -> handle.query.fetchObjectById(Uuids.status(key)));
        return found.map(object -> toStatus(tenant, object.properties()));
    }

    /** A PROCESSING status with the recorded parts of its version summed in; any other status as it is. */
    private DocumentStatus withProgress(DocumentStatus status) {
        if (status.state() != State.PROCESSING) {
            return status;
        }
        List<Map<String, Object>> objects = partObjects(status.document());
        if (objects.isEmpty()) {
            return status;
        }
        Map<Integer, PartResult> recorded = new TreeMap<>();
        int partCount = status.partsTotal();
        Instant latest = status.updatedAt();
        String sequencer = status.sequencer();
        for (Map<String, Object> properties : objects) {
            recorded.put(WeaviateChunkIndex.number(properties.get("part")), partResult(properties));
            partCount = Math.max(partCount, WeaviateChunkIndex.number(properties.get("partCount")));
            Instant updated = instant(properties.get("updatedAt"));
            if (updated != null && updated.isAfter(latest)) {
                latest = updated;
                sequencer = properties.get("sequencer") == null ? sequencer : (String) properties.get("sequencer");
            }
        }
        return PartTally.statusAfter(
                Optional.of(status), status.document(), partCount, recorded.values(), sequencer, latest);
    }

    private Map<Integer, PartResult> recordedParts(DocumentRef document) {
        Map<Integer, PartResult> recorded = new TreeMap<>();
        for (Map<String, Object> properties : partObjects(document)) {
            recorded.put(WeaviateChunkIndex.number(properties.get("part")), partResult(properties));
        }
        return recorded;
    }

    private List<Map<String, Object>> partObjects(DocumentRef document) {
        if (!connection.tenantExists(parts, document.tenant())) {
            return List.of();
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(parts, document.tenant());
        Filter filter = Filter.and(
                Filter.property("key").eq(document.key()),
                Filter.property("version").eq(document.version()));
        var response = connection.call(
                "read the parts of " + document,
                () -> handle.query.fetchObjects(f -> f.limit(10_000).filters(filter)));
        List<Map<String, Object>> result = new ArrayList<>();
        for (WeaviateObject<Map<String, Object>> object : response.objects()) {
            result.add(object.properties());
        }
        return result;
    }

    private void deleteParts(String tenant, Filter filter) {
        if (!connection.tenantExists(parts, tenant)) {
            return;
        }
        CollectionHandle<Map<String, Object>> handle = connection.handle(parts, tenant);
        connection.call("forget the parts of a finished document", () -> handle.data.deleteMany(filter));
    }

    private static PartResult partResult(Map<String, Object> properties) {
        return new PartResult(
                WeaviateChunkIndex.number(properties.get("pages")),
                longValue(properties.get("ocrPages")),
                WeaviateChunkIndex.number(properties.get("chunks")),
                longValue(properties.get("durationMs")),
                PageWithoutText.decode(emptyToNull(properties.get("pagesWithoutText"))));
    }

    private static Map<String, Object> statusProperties(DocumentStatus status) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("key", status.document().key());
        properties.put("version", status.document().version());
        properties.put("state", status.state().name());
        properties.put("pages", (long) status.pages());
        properties.put("ocrPages", status.ocrPages());
        properties.put("chunks", (long) status.chunks());
        properties.put("durationMs", status.durationMs());
        properties.put("partsDone", (long) status.partsDone());
        properties.put("partsTotal", (long) status.partsTotal());
        if (status.reason() != null) {
            properties.put("reason", status.reason().name());
        }
        if (status.message() != null) {
            properties.put("message", status.message());
        }
        properties.put("updatedAt", status.updatedAt().toString());
        if (status.sequencer() != null) {
            properties.put("sequencer", status.sequencer());
        }
        properties.put("attempts", (long) status.attempts());
        properties.put("pagesWithoutText", PageWithoutText.encode(status.pagesWithoutText()));
        return properties;
    }

    private static DocumentStatus toStatus(String tenant, Map<String, Object> p) {
        Object reason = p.get("reason");
        return new DocumentStatus(
                new DocumentRef(tenant, (String) p.get("key"), (String) p.get("version")),
                State.valueOf((String) p.get("state")),
                WeaviateChunkIndex.number(p.get("pages")),
                longValue(p.get("ocrPages")),
                WeaviateChunkIndex.number(p.get("chunks")),
                longValue(p.get("durationMs")),
                WeaviateChunkIndex.number(p.get("partsDone")),
                WeaviateChunkIndex.number(p.get("partsTotal")),
                reason == null || reason.toString().isEmpty()
                        ? null
                        : QuarryException.Reason.valueOf(reason.toString()),
                emptyToNull(p.get("message")),
                instant(p.get("updatedAt")),
                emptyToNull(p.get("sequencer")),
                (int) longValue(p.get("attempts")),
                PageWithoutText.decode(emptyToNull(p.get("pagesWithoutText"))));
    }

    private static long longValue(Object value) {
        return value instanceof Number number ? number.longValue() : 0L;
    }

    private static String emptyToNull(Object value) {
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        return OffsetDateTime.parse(value.toString()).toInstant();
    }

    @Override
    public void close() {
        if (ownsConnection) {
            connection.close();
        }
    }
}
