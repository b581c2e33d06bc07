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

import java.util.List;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(name = "status", description = "Ingestion status of documents (all, or the given keys).")
public class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "KEY")
    List<String> keys;

    @Option(names = "--tenant", description = "Tenant (default: quarry.local.tenant).")
    String tenant;

    @Inject
    DocumentStatusStore statuses;

    @Inject
    LocalConfig config;

    @Override
    public Integer call() {
        String t = tenant == null ? config.tenant() : tenant;
        List<DocumentStatus> shown = keys == null || keys.isEmpty()
                ? statuses.list(t)
                : keys.stream().flatMap(k -> statuses.get(t, k).stream()).toList();
        for (DocumentStatus s : shown) {
            String detail = switch (s.state()) {
                case INDEXED ->
                    String.format(
                            "%d pages (%d OCR), %d chunks, %d ms", s.pages(), s.ocrPages(), s.chunks(), s.durationMs());
                case FAILED -> s.reason() + ": " + s.message();
                default -> "";
            };
            System.out.printf(
                    "%-9s %s  %s%n",
                    s.state().name().toLowerCase(), s.document().key(), detail);
            IngestCommand.printPagesWithoutText(System.out, s);
        }
        if (keys != null && shown.size() < keys.size()) {
            System.err.println("some keys are unknown: " + keys);
            return 1;
        }
        return 0;
    }
}
