package dev.quarry.embedded.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.PartTally;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.core.port.DocumentStatusStore.PartResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Document status kept in memory and written through to one JSON file (atomically replaced), which is
 * plenty for one machine; the production store is durable in the ingest issue's adapter. Tenants and keys
 * are checked with {@link Tenants#canonical} and {@link DocumentKeys#canonical}, as everywhere else, so a
 * spelling that another store would refuse never finds or shadows a status here.
 */
public final class JsonDocumentStatusStore implements DocumentStatusStore {

    /** The file's content: the statuses, and the part results of documents split into parts. */
    record Contents(List<DocumentStatus> statuses, List<Part> parts) {}

    /** One recorded page-range part of a document version. */
    record Part(DocumentRef document, int part, PartResult result) {}

    private static final String TEMPORARY_PREFIX = ".status-";

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<String, DocumentStatus> statuses = new TreeMap<>();
    private final Map<DocumentRef, Map<Integer, PartResult>> parts = new HashMap<>();

    public JsonDocumentStatusStore(Path file) {
        this.file = file.toAbsolutePath();
        sweepTemporaryFiles(this.file.getParent());
        if (Files.exists(file)) {
            try {
                Contents contents = json.readValue(file.toFile(), Contents.class);
                for (DocumentStatus status : contents.statuses()) {
                    statuses.put(
                            id(status.document().tenant(), status.document().key()), status);
                }
                for (Part part : contents.parts()) {
                    parts.computeIfAbsent(part.document(), d -> new TreeMap<>()).put(part.part(), part.result());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "could not read document status from " + file
                                + "; move the file away to start with empty statuses",
                        e);
            }
        }
    }

    @Override
    public synchronized void put(DocumentStatus status) {
        statuses.put(id(status.document().tenant(), status.document().key()), status);
        if (status.state() != DocumentStatus.State.PROCESSING) {
            // A final status ends the version's parts; a redelivered part then finds the final status.
            parts.keySet()
                    .removeIf(d -> d.tenant().equals(status.document().tenant())
                            && d.key().equals(status.document().key()));
        }
        save();
    }

    @Override
    public synchronized Optional<DocumentStatus> get(String tenant, String key) {
        Tenants.canonical(tenant, "tenant");
        DocumentKeys.canonical(key);
        return Optional.ofNullable(statuses.get(id(tenant, key)));
    }

    @Override
    public synchronized List<DocumentStatus> list(String tenant) {
        Tenants.canonical(tenant, "tenant");
        List<DocumentStatus> result = new ArrayList<>();
        statuses.forEach((id, status) -> {
            if (status.document().tenant().equals(tenant)) {
                result.add(status);
            }
        });
        return result;
    }

    @Override
    public synchronized DocumentStatus completePart(
            DocumentRef document, int part, int partCount, PartResult result, String sequencer, Instant now) {
        Map<Integer, PartResult> done = parts.computeIfAbsent(document, d -> new TreeMap<>());
        done.put(part, result);
        DocumentStatus status = PartTally.statusAfter(
                get(document.tenant(), document.key()), document, partCount, done.values(), sequencer, now);
        statuses.put(id(document.tenant(), document.key()), status);
        save();
        return status;
    }

    private void save() {
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), TEMPORARY_PREFIX, ".tmp");
            List<Part> partList = new ArrayList<>();
            parts.forEach((document, results) ->
                    results.forEach((number, result) -> partList.add(new Part(document, number, result))));
            json.writerWithDefaultPrettyPrinter()
                    .writeValue(tmp.toFile(), new Contents(new ArrayList<>(statuses.values()), partList));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write document status to " + file, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // swept at the next start
                }
            }
        }
    }

    /** Removes the temporary files of writes a killed process never finished. */
    private static void sweepTemporaryFiles(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.newDirectoryStream(dir, TEMPORARY_PREFIX + "*.tmp")) {
            for (Path tmp : files) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // not worth failing the start for; the next start tries again
        }
    }

    private static String id(String tenant, String key) {
        return tenant + "\u0000" + key;
    }
}
