package dev.quarry.local.cli;

import dev.quarry.core.model.DocumentStatus;
import dev.quarry.core.port.DocumentStatusStore;
import dev.quarry.local.LocalConfig;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "status",
        description = "Where the data directory is, and the ingestion status of its documents (all, or the given"
                + " keys): indexed with pages and chunks, or failed with the reason.",
        footer = {"", "Example:", "  ./quarry status src/test/resources/samples/manuals/kettle-manual.pdf"})
public class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "KEY", description = "Document keys, as `quarry ingest` printed them.")
    List<String> keys;

    @Option(
            names = "--tenant",
            descriptionKey = "quarry.local.tenant",
            description = "Tenant (default: ${DEFAULT-VALUE}, quarry.local.tenant).")
    String tenant;

    @Inject
    DocumentStatusStore statuses;

    @Inject
    LocalConfig config;

    @Override
    public Integer call() {
        String t = tenant == null ? config.tenant() : tenant;
        PrintStream out = System.out;
        out.printf(
                "data directory %s (tenant %s)%n",
                config.dataDir().toAbsolutePath().normalize(), t);
        List<String> unknown = new ArrayList<>();
        List<DocumentStatus> shown = new ArrayList<>();
        if (keys == null || keys.isEmpty()) {
            shown.addAll(statuses.list(t));
            if (shown.isEmpty()) {
                out.println("no documents yet: add some with ./quarry ingest PATH");
            }
        } else {
            for (String key : keys) {
                Optional<DocumentStatus> status = statuses.get(t, key);
                status.ifPresentOrElse(shown::add, () -> unknown.add(key));
            }
        }
        for (DocumentStatus s : shown) {
            String detail = switch (s.state()) {
                case INDEXED ->
                    String.format(
                            "%s (%d OCRed), %s, %d ms",
                            IngestCommand.count(s.pages(), "page"),
                            s.ocrPages(),
                            IngestCommand.count(s.chunks(), "chunk"),
                            s.durationMs());
                case FAILED -> reasonAndMessage(s);
                default -> "";
            };
            out.printf(
                    "%-9s %s  %s%n",
                    s.state().name().toLowerCase(), s.document().key(), detail);
            IngestCommand.printPagesWithoutText(out, s);
        }
        if (!unknown.isEmpty()) {
            System.err.println("quarry status: no document with key " + String.join(", ", unknown) + " (tenant " + t
                    + "); `./quarry status` lists every key");
            return QuarryCli.FAILURE;
        }
        return 0;
    }

    /** {@code CORRUPT: the PDF ...}: the reason once, though the recorded message may start with it too. */
    static String reasonAndMessage(DocumentStatus status) {
        String message = status.message() == null ? "" : status.message();
        if (status.reason() == null) {
            return message;
        }
        String reason = status.reason().name();
        return message.startsWith(reason + ": ") || message.equals(reason) ? message : reason + ": " + message;
    }
}
