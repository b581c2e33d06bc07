package dev.quarry.local;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.IngestJob;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.embedded.store.InProcessWorkQueue;
import dev.quarry.embedded.store.LocalDocumentSource;
import dev.quarry.ingestion.IngestPipeline;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded ingest path: uploads files into the local document store (the stand-in for S3), sends a
 * job per document through the in-process queue (the stand-in for SQS) and runs {@link IngestPipeline}
 * on its workers, exactly as the ingest function does per SQS record.
 *
 * <p>Every job ends: a job that throws anything (an {@link Error} included) is dead-lettered and recorded
 * {@code FAILED} with a typed reason. Uploads to one key are serialised (store, index, status as one step),
 * so concurrent uploads of one key each report their own outcome and the status never goes back to an older
 * version. {@link #recover()} finishes what a killed process left: unfinished uploads are removed and
 * documents left {@code QUEUED} or {@code PROCESSING} are run again (or recorded {@code CRASHED} when their
 * attempts are used up), so each ends in a final state with one version's chunks.
 */
public final class LocalIngestor {

    private static final Logger LOG = Logger.getLogger(LocalIngestor.class);
    private static final int KEY_STRIPES = 64;

    private final LocalDocumentSource store;
    private final IngestPipeline pipeline;
    private final DocumentStatusStore statuses;
    private final LocalConfig config;
    private final Clock clock;
    private final Semaphore[] keyStripes = new Semaphore[KEY_STRIPES];

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
        for (int i = 0; i < KEY_STRIPES; i++) {
            keyStripes[i] = new Semaphore(1);
        }
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
     * The uploads for command-line paths, each file keyed by where it is, so one file is one document however it
     * is named: its path relative to {@code root} (both with symbolic links resolved), or, outside {@code root},
     * its absolute path without the leading '/'; '/' separators; {@code prefix} (when not empty) in front. A
     * folder's files are taken recursively, hidden ones (a name starting with '.') skipped.
     *
     * @throws IllegalArgumentException when a path is neither a file nor a folder
     */
    public static List<Upload> uploadsFor(List<Path> paths, Path root, String prefix) {
        Path base = real(root);
        List<Upload> uploads = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                Path folder = real(path);
                try (Stream<Path> files = Files.walk(folder)) {
                    files.filter(Files::isRegularFile)
                            .filter(f -> !isHidden(folder.relativize(f)))
                            .sorted()
                            .forEach(f -> uploads.add(Upload.ofFile(f, key(base, real(f), prefix))));
                } catch (IOException e) {
                    throw new UncheckedIOException("could not list " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                uploads.add(Upload.ofFile(path, key(base, real(path), prefix)));
            } else {
                throw new IllegalArgumentException(path + " is neither a file nor a folder");
            }
        }
        return uploads;
    }

    /** The key of {@code file} (a real path) below {@code root}, see {@link #uploadsFor}. */
    static String key(Path root, Path file, String prefix) {
        Path relative =
                file.startsWith(root) ? root.relativize(file) : file.getRoot().relativize(file);
        String key = relative.toString().replace('\\', '/');
        if (prefix == null || prefix.isEmpty()) {
            return key;
        }
        return prefix.endsWith("/") ? prefix + key : prefix + "/" + key;
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * Uploads and indexes files, calling {@code progress} after each finished document; returns the final
     * status of every upload in order: the outcome of that upload's own job, whatever other uploads of the
     * same key did meanwhile. An unchanged file whose version is already indexed is skipped.
     *
     * @throws QuarryException.Permanent with {@code INVALID_TENANT} or {@code INVALID_KEY} before anything is
     *     stored when a name is outside the documented forms
     */
    public List<DocumentStatus> ingest(String tenant, List<Upload> uploads, Consumer<DocumentStatus> progress)
            throws InterruptedException {
        return ingest(tenant, uploads, progress, (document, pages) -> {});
    }

    /** Pages of a long document, done: called after each page-range part (quarry.fan-out.pages-per-part). */
    @FunctionalInterface
    public interface PartProgress {
        void pagesDone(DocumentRef document, int pages);
    }

    /** As {@link #ingest(String, List, Consumer)}, and calls {@code parts} as each page-range part ends. */
    public List<DocumentStatus> ingest(
            String tenant, List<Upload> uploads, Consumer<DocumentStatus> progress, PartProgress parts)
            throws InterruptedException {
        Tenants.canonical(tenant, "tenant");
        for (Upload upload : uploads) {
            DocumentKeys.canonical(upload.key());
        }
        List<DocumentRef> refs = new ArrayList<>();
        Map<DocumentRef, DocumentStatus> outcomes = new ConcurrentHashMap<>();
        Set<Integer> held = new HashSet<>();
        // Page-range parts of long documents go back to the same queue, as they go back to SQS in production.
        AtomicReference<InProcessWorkQueue> self = new AtomicReference<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                job -> {
                    DocumentStatus status = pipeline.process(job, self.get());
                    if (job.firstPage() > 0) {
                        parts.pagesDone(job.document(), job.lastPage() - job.firstPage() + 1);
                    }
                    if (status.ended() && status.document().equals(job.document())) {
                        outcomes.put(job.document(), status);
                        progress.accept(status);
                    }
                },
                (job, error) -> {
                    DocumentStatus status =
                            pipeline.abandon(job, QuarryException.reasonOf(error), QuarryException.describe(error));
                    outcomes.put(job.document(), status);
                    progress.accept(status);
                },
                config.workers(),
                config.maxAttempts(),
                config.retryBackoff())) {
            self.set(queue);
            try {
                for (Upload upload : uploads) {
                    int stripe = stripe(tenant, upload.key());
                    if (held.add(stripe)) {
                        keyStripes[stripe].acquire();
                    }
                    DocumentRef ref = store.put(tenant, upload.key(), open(upload));
                    refs.add(ref);
                    Optional<DocumentStatus> known = statuses.get(tenant, ref.key());
                    if (known.isPresent()
                            && known.get().state() == State.INDEXED
                            && known.get().document().equals(ref)) {
                        outcomes.put(ref, known.get());
                        progress.accept(known.get());
                        continue;
                    }
                    pipeline.queued(ref);
                    queue.send(IngestJob.index(ref));
                }
                queue.awaitIdle();
            } finally {
                queue.awaitIdle();
                held.forEach(stripe -> keyStripes[stripe].release());
            }
        }
        return refs.stream()
                .map(ref -> Optional.ofNullable(outcomes.get(ref))
                        .or(() -> statuses.get(tenant, ref.key()))
                        .orElseThrow())
                .toList();
    }

    /**
     * Finishes what a killed process left behind; call at start, before new uploads. Removes unfinished
     * uploads, and runs every document left {@code QUEUED} or {@code PROCESSING} again: the pipeline counts the
     * attempt that died, and records {@code CRASHED} instead when a version's attempts are used up. A document
     * whose stored bytes changed meanwhile is indexed at its stored version; one whose bytes are gone is
     * recorded {@code FAILED} ({@code NOT_FOUND}). Returns the outcomes.
     */
    public List<DocumentStatus> recover() throws InterruptedException {
        store.sweepTemporaryFiles();
        List<DocumentStatus> outcomes = new ArrayList<>();
        for (String tenant : store.tenants()) {
            List<DocumentStatus> unfinished =
                    statuses.list(tenant).stream().filter(s -> !s.ended()).toList();
            if (unfinished.isEmpty()) {
                continue;
            }
            LOG.infof("tenant %s: %d document(s) were left unfinished; finishing them", tenant, unfinished.size());
            List<Upload> again = new ArrayList<>();
            for (DocumentStatus status : unfinished) {
                DocumentRef document = status.document();
                Optional<String> stored = store.currentVersion(tenant, document.key());
                if (stored.isEmpty()) {
                    outcomes.add(pipeline.abandon(
                            IngestJob.index(document),
                            QuarryException.Reason.NOT_FOUND,
                            document.key() + " was removed from the store before it was indexed"));
                } else if (stored.get().equals(document.version())) {
                    outcomes.add(rerun(document));
                } else {
                    pipeline.abandon(
                            IngestJob.index(document),
                            QuarryException.Reason.NOT_FOUND,
                            document + " was replaced by a newer version before it was indexed");
                    again.add(new Upload(document.key(), () -> storedBytes(tenant, document.key())));
                }
            }
            if (!again.isEmpty()) {
                outcomes.addAll(ingest(tenant, again, status -> {}));
            }
        }
        return outcomes;
    }

    /** Runs one unfinished job again, as its queue would redeliver it, and returns its final status. */
    private DocumentStatus rerun(DocumentRef document) throws InterruptedException {
        int stripe = stripe(document.tenant(), document.key());
        keyStripes[stripe].acquire();
        Map<DocumentRef, DocumentStatus> outcome = new ConcurrentHashMap<>();
        AtomicReference<InProcessWorkQueue> self = new AtomicReference<>();
        try (InProcessWorkQueue queue = new InProcessWorkQueue(
                job -> {
                    DocumentStatus status = pipeline.process(job, self.get());
                    if (status.ended() && status.document().equals(document)) {
                        outcome.put(document, status);
                    }
                },
                (job, error) -> outcome.put(
                        document,
                        pipeline.abandon(job, QuarryException.reasonOf(error), QuarryException.describe(error))),
                config.workers(),
                config.maxAttempts(),
                config.retryBackoff())) {
            self.set(queue);
            queue.send(IngestJob.index(document));
            queue.awaitIdle();
        } finally {
            keyStripes[stripe].release();
        }
        DocumentStatus status = Optional.ofNullable(outcome.get(document))
                .or(() -> statuses.get(document.tenant(), document.key()))
                .orElseThrow();
        LOG.infof("recovered %s: %s%s", document, status.state(), status.reason() == null ? "" : " " + status.reason());
        return status;
    }

    private InputStream storedBytes(String tenant, String key) throws IOException {
        // The bytes are re-put under the same key: read them fully first (the put replaces the file).
        long maxBytes = Long.MAX_VALUE;
        String version = store.currentVersion(tenant, key).orElseThrow(() -> new IOException(key + " is gone"));
        return new java.io.ByteArrayInputStream(store.read(new DocumentRef(tenant, key, version), maxBytes));
    }

    /** Removes a document from the store and the index. */
    public DocumentStatus delete(String tenant, String key) {
        DocumentRef ref = statuses.get(tenant, key)
                .map(DocumentStatus::document)
                .orElseThrow(() -> new QuarryException.Permanent(
                        QuarryException.Reason.NOT_FOUND, "no document '" + key + "' of tenant " + tenant));
        int stripe = stripe(tenant, key);
        keyStripes[stripe].acquireUninterruptibly();
        try {
            store.remove(tenant, key);
            return pipeline.process(IngestJob.delete(ref));
        } finally {
            keyStripes[stripe].release();
        }
    }

    private static int stripe(String tenant, String key) {
        return Math.floorMod((tenant + "\u0000" + key).hashCode(), KEY_STRIPES);
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
}
