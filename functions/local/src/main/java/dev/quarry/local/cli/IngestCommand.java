package dev.quarry.local.cli;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.core.model.DocumentRef;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Dependent
@Unremovable
@Command(
        name = "ingest",
        description = {
            "Copy files and folders into the local store and index them: PDF (scanned pages are OCRed), images"
                    + " (PNG, JPEG, TIFF; OCR), Word (.docx), HTML, Markdown and UTF-8 text.",
            "A document's key is the file's path relative to --root, so ingesting a file again, by its own path or"
                    + " through its folder, replaces that document; an unchanged file is skipped."
        },
        footer = {"", "Example:", "  ./quarry ingest src/test/resources/samples ~/papers/report.pdf"})
public class IngestCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, or folders (taken recursively).")
    List<Path> paths;

    @Option(
            names = "--tenant",
            descriptionKey = "quarry.local.tenant",
            description = "Tenant to ingest into (default: ${DEFAULT-VALUE}, quarry.local.tenant).")
    String tenant;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "Keys are paths relative to this folder; files outside it keep their absolute path"
                    + " (default: quarry.local.ingest-root, which ./quarry sets to the repository; else the"
                    + " working directory).")
    Path root;

    @Option(
            names = "--prefix",
            paramLabel = "KEY_PREFIX",
            description = "Put this in front of every key (e.g. manuals/), to file documents under a name of"
                    + " your choosing.")
    String prefix;

    @Option(
            names = "--key",
            paramLabel = "KEY",
            description = "The key of the one file given (instead of its path), e.g. manuals/kettle.pdf.")
    String key;

    @Option(
            names = "--reindex",
            description = "Start over: remove the index, every document and every status of the data directory"
                    + " (all tenants), then index PATH... with the current configuration. Needed after changing"
                    + " quarry.embedding.model, quarry.keyword.analyzer or quarry.chunking.*.")
    boolean reindex;

    @Spec
    CommandSpec spec;

    @Inject
    Instance<LocalIngestor> ingestor;

    @Inject
    LocalConfig config;

    @Override
    public Integer call() throws InterruptedException, IOException {
        List<Upload> uploads = uploads();
        if (reindex) {
            // Before any bean opens them: an index built with another model refuses to open at all.
            for (String part : List.of("index", "documents", "status.json")) {
                deleteRecursively(config.dataDir().resolve(part));
            }
            System.err.println("quarry: removed the index, documents and statuses of "
                    + config.dataDir().toAbsolutePath().normalize());
        }
        // Documents a killed run left unfinished end first, so this run starts from final states.
        ingestor.get().recover();
        PrintStream err = System.err;
        Progress progress = new Progress(err, uploads.size());
        long start = System.nanoTime();
        Instant began = Instant.now();
        List<DocumentStatus> results = ingestor.get()
                .ingest(tenant == null ? config.tenant() : tenant, uploads, progress::update, progress::pages);
        progress.finish();
        printSummary(System.out, results, began, (System.nanoTime() - start) / 1e9);
        return results.stream().anyMatch(s -> s.state() == State.FAILED) ? QuarryCli.FAILURE : 0;
    }

    private List<Upload> uploads() {
        CommandLine cli = spec.commandLine();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new ParameterException(cli, "no such file or folder: " + path);
            }
            if (!Files.isReadable(path)) {
                throw new ParameterException(cli, "cannot read " + path + ": check its permissions");
            }
        }
        if (key != null) {
            if (paths.size() != 1 || !Files.isRegularFile(paths.get(0))) {
                throw new ParameterException(cli, "--key names one document: give exactly one file, not a folder");
            }
            if (!DocumentKeys.isCanonical(key)) {
                throw new ParameterException(cli, "--key: " + invalidKey(key));
            }
            return List.of(Upload.ofFile(paths.get(0), key));
        }
        Path base = root != null ? root : config.ingestRoot().orElse(Path.of(""));
        if (root != null && !Files.isDirectory(root)) {
            throw new ParameterException(cli, "--root must be a folder, was " + root);
        }
        List<Upload> uploads = LocalIngestor.uploadsFor(paths, base.toAbsolutePath(), prefix);
        if (uploads.isEmpty()) {
            throw new ParameterException(cli, "no files to ingest in " + paths + " (hidden files are skipped)");
        }
        for (Upload upload : uploads) {
            if (!DocumentKeys.isCanonical(upload.key())) {
                throw new ParameterException(cli, invalidKey(upload.key()) + "; name it with --key or --prefix");
            }
        }
        return uploads;
    }

    private static String invalidKey(String key) {
        try {
            DocumentKeys.canonical(key);
            return "key '" + key + "' is valid";
        } catch (QuarryException e) {
            return e.getMessage();
        }
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

    static void printSummary(PrintStream out, List<DocumentStatus> results, Instant began, double seconds) {
        List<DocumentStatus> indexed = results.stream()
                .filter(s -> s.state() == State.INDEXED && !unchanged(s, began))
                .toList();
        long unchanged = results.stream().filter(s -> unchanged(s, began)).count();
        List<DocumentStatus> failed =
                results.stream().filter(s -> s.state() == State.FAILED).toList();
        int pages = indexed.stream().mapToInt(DocumentStatus::pages).sum();
        long ocr = indexed.stream().mapToLong(DocumentStatus::ocrPages).sum();
        int chunks = indexed.stream().mapToInt(DocumentStatus::chunks).sum();
        StringBuilder line = new StringBuilder()
                .append("indexed ")
                .append(indexed.size())
                .append(", failed ")
                .append(failed.size());
        if (unchanged > 0) {
            line.append(", unchanged ").append(unchanged);
        }
        if (!indexed.isEmpty()) {
            line.append(" | ")
                    .append(count(pages, "page"))
                    .append(" (")
                    .append(ocr)
                    .append(" OCRed), ")
                    .append(count(chunks, "chunk"));
        }
        out.printf("%s | %.1f s%n", line, seconds);
        for (DocumentStatus f : failed) {
            out.printf("  FAILED %s: %s%n", f.document().key(), StatusCommand.reasonAndMessage(f));
        }
        for (DocumentStatus s : indexed) {
            printPagesWithoutText(out, s);
        }
    }

    /** An indexed status recorded before this run began: the file's version was indexed already. */
    private static boolean unchanged(DocumentStatus status, Instant began) {
        return status.state() == State.INDEXED
                && status.updatedAt() != null
                && status.updatedAt().isBefore(began);
    }

    /** {@code 1 page}, {@code 2 pages}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** One line per page of {@code status} that yielded no text, with why; nothing when every page has text. */
    static void printPagesWithoutText(PrintStream out, DocumentStatus status) {
        if (status.pagesWithoutText().isEmpty()) {
            return;
        }
        out.printf(
                "  %s: %d of %s without text%n",
                status.document().key(), status.pagesWithoutText().size(), count(status.pages(), "page"));
        for (PageWithoutText page : status.pagesWithoutText()) {
            out.printf("    %s%n", page.describe());
        }
    }

    /**
     * A one-line progress bar on a terminal, one line per document otherwise; pages of long documents (split
     * into page-range parts) as each part ends, so a 500-page scan shows its OCR advancing.
     */
    private static final class Progress {
        private final PrintStream out;
        private final int total;
        private final boolean terminal = System.console() != null;
        private int done;
        private int failed;
        private long pages;

        Progress(PrintStream out, int total) {
            this.out = out;
            this.total = total;
        }

        synchronized void update(DocumentStatus status) {
            done++;
            if (status.state() == State.FAILED) {
                failed++;
            }
            if (terminal) {
                bar();
            } else {
                out.printf(
                        "[%d/%d] %s %s%n",
                        done,
                        total,
                        status.state().name().toLowerCase(),
                        status.document().key());
            }
        }

        synchronized void pages(DocumentRef document, int count) {
            pages += count;
            if (terminal) {
                bar();
            } else {
                out.printf("  %s: %s more done (%d in all)%n", document.key(), count(count, "page"), pages);
            }
        }

        private void bar() {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            out.printf(
                    "\r[%s%s] %d/%d documents, %d failed%s  ",
                    "#".repeat(filled),
                    " ".repeat(width - filled),
                    done,
                    total,
                    failed,
                    pages == 0 ? "" : ", " + count(pages, "page") + " of long documents");
        }

        void finish() {
            if (terminal) {
                out.println();
            }
        }
    }
}
