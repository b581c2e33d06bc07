package dev.quarry.local;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.pipeline.DocumentStatus;
import dev.quarry.core.pipeline.DocumentStatus.State;
import dev.quarry.core.pipeline.IngestJob;
import dev.quarry.core.pipeline.IngestPipeline;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.embedded.store.InProcessWorkQueue;
import dev.quarry.embedded.store.LocalDocumentSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded ingest path: uploads files into the local document store (the stand-in for S3), sends a
 * job per document through the in-process queue (the stand-in for SQS) and runs {@link IngestPipeline}
 * on its workers, exactly as the ingest function does per SQS record.
 */
public final class LocalIngestor {

    private final LocalDocumentSource store;
    private final IngestPipeline pipeline;
    private final DocumentStatusStore statuses;
    private final LocalConfig config;
    private final Clock clock;

    public LocalIngestor(
            LocalDocumentSource store,
            IngestPipeline pipeline,
            DocumentStatusStore statuses,
            LocalConfig config,
            Clock clock) {
        this.store = Objects.requireNonNull(store, "store must not be null");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline must not be null");
        this.statuses = Objects.requireNonNull(statuses, "statuses must not be null");
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
    }

    /** A document to ingest: the key it gets and where its bytes come from (read once, streamed). */
    public record Upload(String key, Content content) {

        /** Opens the document's bytes. */
        @FunctionalInterface
        public interface Content {
            InputStream open() throws IOException;
        }

        /** A file on disk as the document {@code key}. */
        public static Upload ofFile(Path file, String key) {
            return new Upload(key, () -> Files.newInputStream(file));
        }
    }

    /**
     * The uploads for command-line paths: a file is keyed by its name, a folder's files (hidden ones
     * skipped) by the folder's name and their path below it, with '/' separators.
     */
    public static List<Upload> uploadsFor(List<Path> paths) {
        List<Upload> uploads = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                Path base = path.toAbsolutePath().normalize();
                Path named = base.getFileName() == null ? base : base.getParent();
                try (Stream<Path> files = Files.walk(base)) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> !isHidden(base.relativize(f)))
                            .sorted()
                            .forEach(f -> uploads.add(Upload.ofFile(f, key(named.relativize(f)))));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                uploads.add(Upload.ofFile(path, path.getFileName().toString()));
            } else {
                throw new IllegalArgumentException(path + " is neither a file nor a folder");
            }
        }
        return uploads;
    }

    /**
     * Uploads and indexes files, calling {@code progress} after each finished document; returns the final
     * status of every upload in order. An unchanged file whose version is already indexed is skipped.
     */
    public List<DocumentStatus> ingest(String tenant, List<Upload> uploads, Consumer<DocumentStatus> progress)
            throws InterruptedException {
        List<DocumentRef> refs = new ArrayList<>();
        // Page-range parts of long documents go back to the same queue, as they go back to SQS in production.
        AtomicReference<InProcessWorkQueue> self = new AtomicReference<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                job -> {
                    DocumentStatus status = pipeline.process(job, self.get());
                    if (status.state() != State.PROCESSING) {
                        progress.accept(status);
                    }
                },
                (job, error) -> progress.accept(recordFailure(job, error)),
                config.workers(),
                config.maxAttempts(),
                config.retryBackoff())) {
            self.set(queue);
            for (Upload upload : uploads) {
                DocumentRef ref = store.put(tenant, upload.key(), open(upload));
                refs.add(ref);
                Optional<DocumentStatus> known = statuses.get(tenant, ref.key());
                if (known.isPresent()
                        && known.get().state() == State.INDEXED
                        && known.get().document().equals(ref)) {
                    progress.accept(known.get());
                    continue;
                }
                pipeline.queued(ref);
                queue.send(IngestJob.index(ref));
            }
            queue.awaitIdle();
        }
        return refs.stream()
                .map(ref -> statuses.get(tenant, ref.key()).orElseThrow())
                .toList();
    }

    /** Removes a document from the store and the index. */
    public DocumentStatus delete(String tenant, String key) {
        DocumentRef ref = statuses.get(tenant, key)
                .map(DocumentStatus::document)
                .orElseThrow(() -> new QuarryException.Permanent(
                        QuarryException.Reason.NOT_FOUND, "no document '" + key + "' of tenant " + tenant));
        store.remove(tenant, key);
        return pipeline.process(IngestJob.delete(ref));
    }

    private DocumentStatus recordFailure(IngestJob job, RuntimeException error) {
        QuarryException.Reason reason =
                error instanceof QuarryException q ? q.reason() : QuarryException.Reason.UNAVAILABLE;
        DocumentStatus failed = new DocumentStatus(
                job.document(), State.FAILED, 0, 0, 0, 0, reason, String.valueOf(error.getMessage()), clock.instant());
        statuses.put(failed);
        return failed;
    }

    private static InputStream open(Upload upload) {
        try {
            return upload.content().open();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + upload.key(), e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String key(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
