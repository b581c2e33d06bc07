package dev.quarry.local.cli;

import dev.quarry.local.cli.bench.BenchCommand;
import picocli.CommandLine.Command;

@Command(
        name = "quarry",
        mixinStandardHelpOptions = true,
        version = "quarry 0.1.0",
        description = "Retrieval-augmented generation on one machine: ingest documents, ask questions, serve"
                + " the HTTP API, measure retrieval quality.",
        subcommands = {
            IngestCommand.class,
            AskCommand.class,
            StatusCommand.class,
            ServeCommand.class,
            EvalCommand.class,
            BenchCommand.class
        })
public class QuarryCommand {}
