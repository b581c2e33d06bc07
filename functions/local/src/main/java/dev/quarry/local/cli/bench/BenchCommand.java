package dev.quarry.local.cli.bench;

import picocli.CommandLine.Command;

/** {@code quarry bench …}: benchmarks that print numbers. Each benchmark is one subcommand. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its numbers (a table; JSON with --json FILE where offered).",
        subcommands = {
            CacheBenchCommand.class,
            CacheTrainCommand.class,
            IngestBenchCommand.class,
            QueryBenchCommand.class,
            ScaleBenchCommand.class,
            LoadBenchCommand.class,
        })
public class BenchCommand {}
