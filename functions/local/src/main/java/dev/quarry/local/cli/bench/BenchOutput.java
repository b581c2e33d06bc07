package dev.quarry.local.cli.bench;

import dev.quarry.tools.bench.BenchReport;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options every bench subcommand shares: where to write JSON. */
public class BenchOutput {

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    /** Prints the table and writes the JSON if asked. */
    void emit(BenchReport report) throws IOException {
        report.print(System.out);
        if (json != null) {
            report.writeJson(json);
            System.out.println("  json: " + json.toAbsolutePath());
        }
    }
}
