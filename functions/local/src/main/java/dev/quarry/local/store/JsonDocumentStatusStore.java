package dev.quarry.local.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.core.port.DocumentStatusStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Document status kept in memory and written through to one JSON file (atomically replaced), which is
 * plenty for one machine; the production store is durable in the ingest issue's adapter.
 */
public final class JsonDocumentStatusStore implements DocumentStatusStore {

    private static final TypeReference<List<DocumentStatus>> LIST = new TypeReference<>() {};

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<String, DocumentStatus> statuses = new TreeMap<>();

    public JsonDocumentStatusStore(Path file) {
        this.file = file.toAbsolutePath();
        if (Files.exists(file)) {
            try {
                for (DocumentStatus status : json.readValue(file.toFile(), LIST)) {
                    statuses.put(
                            id(status.document().tenant(), status.document().key()), status);
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
        save();
    }

    @Override
    public synchronized Optional<DocumentStatus> get(String tenant, String key) {
        return Optional.ofNullable(statuses.get(id(tenant, key)));
    }

    @Override
    public synchronized List<DocumentStatus> list(String tenant) {
        List<DocumentStatus> result = new ArrayList<>();
        statuses.forEach((id, status) -> {
            if (status.document().tenant().equals(tenant)) {
                result.add(status);
            }
        });
        return result;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".status-", ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), new ArrayList<>(statuses.values()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write document status to " + file, e);
        }
    }

    private static String id(String tenant, String key) {
        return tenant + "\u0000" + key;
    }
}
