package dev.quarry.local.cli;

import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.model.DocumentStatus.State;
import dev.quarry.core.model.PageWithoutText;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.LocalIngestor;
import dev.quarry.local.LocalIngestor.Upload;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

@Dependent
@Unremovable
@Command(name = "ingest", description = "Upload files and folders into the local store and index them.")
public class IngestCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (recursively).")
    List<Path> paths;

    @Option(names = "--tenant", description = "Tenant to ingest into (default: quarry.local.tenant).")
    String tenant;

    @Option(
            names = "--reindex",
            description = "Start over: remove the index, every document and every status of the data directory"
                    + " (all tenants), then index PATH… with the current configuration. Needed after changing"
                    + " quarry.embedding.model, quarry.keyword.analyzer or quarry.chunking.*.")
    boolean reindex;

    @Inject
    Instance<LocalIngestor> ingestor;

    @Inject
    LocalConfig config;

    @Override
    public Integer call() throws InterruptedException, IOException {
        List<Upload> uploads = LocalIngestor.uploadsFor(paths);
        if (reindex) {
            // Before any bean opens them: an index built with another model refuses to open at all.
            for (String part : List.of("index", "documents", "status.json")) {
                deleteRecursively(config.dataDir().resolve(part));
            }
            System.err.println("quarry: removed the index, documents and statuses of " + config.dataDir());
        }
        // Documents a killed run left unfinished end first, so this run starts from final states.
        ingestor.get().recover();
        PrintStream err = System.err;
        Progress progress = new Progress(err, uploads.size());
        long start = System.nanoTime();
        List<DocumentStatus> results =
                ingestor.get().ingest(tenant == null ? config.tenant() : tenant, uploads, progress::update);
        progress.finish();
        printSummary(System.out, results, (System.nanoTime() - start) / 1e9);
        return results.stream().anyMatch(s -> s.state() == State.FAILED) ? 2 : 0;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void printSummary(PrintStream out, List<DocumentStatus> results, double seconds) {
        long indexed = results.stream().filter(s -> s.state() == State.INDEXED).count();
        List<DocumentStatus> failed =
                results.stream().filter(s -> s.state() == State.FAILED).toList();
        int pages = results.stream().mapToInt(DocumentStatus::pages).sum();
        long ocr = results.stream().mapToLong(DocumentStatus::ocrPages).sum();
        int chunks = results.stream().mapToInt(DocumentStatus::chunks).sum();
        out.printf(
                "indexed %d, failed %d | %d pages (%d OCRed), %d chunks | %.1f s%n",
                indexed, failed.size(), pages, ocr, chunks, seconds);
        for (DocumentStatus f : failed) {
            out.printf("  FAILED %s: %s%n", f.document().key(), f.message());
        }
        for (DocumentStatus s : results) {
            if (s.state() == State.INDEXED) {
                printPagesWithoutText(out, s);
            }
        }
    }

    /** One line per page of {@code status} that yielded no text, with why; nothing when every page has text. */
    static void printPagesWithoutText(PrintStream out, DocumentStatus status) {
        if (status.pagesWithoutText().isEmpty()) {
            return;
        }
        out.printf(
                "  %s: %d of %d pages without text%n",
                status.document().key(), status.pagesWithoutText().size(), status.pages());
        for (PageWithoutText page : status.pagesWithoutText()) {
            out.printf("    %s%n", page.describe());
        }
    }

    /** A one-line progress bar on a terminal, one line per document otherwise. */
    private static final class Progress {
        private final PrintStream out;
        private final int total;
        private final boolean terminal = System.console() != null;
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        Progress(PrintStream out, int total) {
            this.out = out;
            this.total = total;
        }

        synchronized void update(DocumentStatus status) {
            int n = done.incrementAndGet();
            if (status.state() == State.FAILED) {
                failed.incrementAndGet();
            }
            if (terminal) {
                int width = 30;
                int filled = total == 0 ? width : n * width / total;
                out.printf(
                        "\r[%s%s] %d/%d documents, %d failed  ",
                        "#".repeat(filled), " ".repeat(width - filled), n, total, failed.get());
            } else {
                out.printf(
                        "[%d/%d] %s %s%n",
                        n,
                        total,
                        status.state().name().toLowerCase(),
                        status.document().key());
            }
        }

        void finish() {
            if (terminal) {
                out.println();
            }
        }
    }
}
