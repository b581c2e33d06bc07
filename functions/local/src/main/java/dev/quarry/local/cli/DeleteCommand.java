package dev.quarry.local.cli;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.DocumentKeys;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.LocalIngestor;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "delete",
        description = "Remove documents from the store and the index: they are no longer found.",
        footer = {"", "Example:", "  ./quarry delete src/test/resources/samples/kitchen/sourdough.txt"})
public class DeleteCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "KEY", description = "Document keys, as `quarry status` lists them.")
    List<String> keys;

    @Option(
            names = "--tenant",
            descriptionKey = "quarry.local.tenant",
            description = "Tenant (default: ${DEFAULT-VALUE}, quarry.local.tenant).")
    String tenant;

    @Spec
    CommandSpec spec;

    @Inject
    Instance<LocalIngestor> ingestor;

    @Inject
    LocalConfig config;

    @Override
    public Integer call() throws InterruptedException {
        String t = tenant == null ? config.tenant() : tenant;
        for (String key : keys) {
            if (!DocumentKeys.isCanonical(key)) {
                throw new ParameterException(spec.commandLine(), "not a document key: '" + key + "'");
            }
        }
        ingestor.get().recover();
        List<String> unknown = new ArrayList<>();
        int deleted = 0;
        for (String key : keys) {
            try {
                ingestor.get().delete(t, key);
                deleted++;
                System.out.println("deleted " + key);
            } catch (QuarryException e) {
                if (e.reason() != QuarryException.Reason.NOT_FOUND) {
                    throw e;
                }
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            System.err.printf(
                    "quarry delete: no document with key %s (tenant %s); `./quarry status` lists every key%n",
                    String.join(", ", unknown), t);
            return QuarryCli.FAILURE;
        }
        System.out.println(IngestCommand.count(deleted, "document") + " deleted");
        return 0;
    }
}
