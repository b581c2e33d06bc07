package dev.quarry.local.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/** The {@code quarry} command line: one Quarkus application, one picocli command per verb. */
@QuarkusMain
public class QuarryMain implements QuarkusApplication {

    @Inject
    CdiCommandFactory factory;

    public static void main(String... args) {
        // Only `quarry serve` listens on a port; every other verb runs without an HTTP server.
        boolean serving = args.length > 0 && args[0].equals("serve");
        if (!serving && System.getProperty("quarkus.http.host-enabled") == null) {
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        Quarkus.run(QuarryMain.class, args);
    }

    @Override
    public int run(String... args) {
        return new CommandLine(new QuarryCommand(), factory)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}
