package dev.quarry.local.cli;

import dev.quarry.local.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(
        name = "quarry",
        mixinStandardHelpOptions = true,
        version = "quarry 0.1.0",
        description = "Retrieval-augmented generation on one machine: ingest documents, ask questions, serve"
                + " the HTTP API, measure retrieval quality.",
        footer = {
            "",
            "Example:",
            "  ./quarry ingest src/test/resources/samples && ./quarry ask \"How do I descale the kettle?\"",
            "",
            "Every command takes --help. Settings: any quarry.* property as an environment variable"
                    + " (QUARRY_LOCAL_DATA_DIR=...) or -D option in QUARRY_JAVA_OPTS."
        },
        subcommands = {
            IngestCommand.class,
            AskCommand.class,
            StatusCommand.class,
            DeleteCommand.class,
            ServeCommand.class,
            EvalCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public class QuarryCommand implements Callable<Integer> {

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Show progress details, log lines and, on failure, the stack trace.")
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code quarry} alone: the usage, as a mistake (no command was named). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QuarryCli.USAGE;
    }
}
