package dev.quarry.local.cli.bench;

import picocli.CommandLine.Command;

/** {@code quarry bench}: benchmarks that print a table and, with {@code --json}, write their numbers. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: each prints a table (and writes JSON with --json FILE); --short runs small sizes.",
        subcommands = {
            IngestBenchCommand.class,
            QueryBenchCommand.class,
            ScaleBenchCommand.class,
            LoadBenchCommand.class,
        })
public class BenchCommand {}
