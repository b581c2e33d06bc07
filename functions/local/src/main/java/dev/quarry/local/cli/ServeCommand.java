package dev.quarry.local.cli;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Tenants;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.LocalIngestor;
import dev.quarry.local.serve.ServeFile;
import dev.quarry.local.serve.ServeRegistration;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "serve",
        description = "Serve the HTTP API (POST /v1/query, GET /v1/documents/{key}, PUT /v1/documents/{key},"
                + " GET /v1/health) on localhost until interrupted.",
        footer = {
            "",
            "The port can also be set with QUARKUS_HTTP_PORT, the address with QUARKUS_HTTP_HOST.",
            "While it runs, quarry ask with the same data directory and build sends its questions here"
                    + " (QUARRY_ASK_SERVER=off asks in-process).",
            "Example:",
            "  ./quarry serve --port 8081 &",
            "  curl -s localhost:8081/v1/query -H 'Content-Type: application/json' -d '{\"query\":\"descale\"}'"
        })
public class ServeCommand implements Callable<Integer> {

    /** Read by {@link QuarryMain#main} before the server starts; declared here for parsing and help. */
    @Option(
            names = "--port",
            paramLabel = "PORT",
            description =
                    "Port to listen on (default: 8080, quarkus.http.port; QUARKUS_HTTP_PORT=0 picks a free" + " one).")
    Integer portOption;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String host;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    @Inject
    LocalConfig config;

    @Inject
    Instance<LocalIngestor> ingestor;

    @Inject
    ServeRegistration registration;

    @Override
    public Integer call() throws InterruptedException {
        Optional<String> refused = refusal();
        if (refused.isPresent()) {
            System.err.println("quarry serve: " + refused.get());
            return 2;
        }
        // Documents a killed server left unfinished end before new work is taken.
        ingestor.get().recover();
        // The port actually bound (QUARKUS_HTTP_PORT=0 picks one): Quarkus's value registry answers it in config.
        int bound = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", Integer.class)
                .orElse(port);
        try {
            // `quarry ask` of the same build and data directory sends its questions here (ServeClient).
            registration.register(host, bound);
        } catch (IOException e) {
            System.err.printf(
                    "quarry serve: could not write %s in %s (%s): quarry ask will not use this server%n",
                    ServeFile.NAME, config.dataDir(), e.getMessage());
        }
        System.err.printf("quarry serving on http://%s:%d (Ctrl-C to stop)%n", host, bound);
        try {
            Quarkus.waitForExit();
        } finally {
            registration.unregister();
        }
        return 0;
    }

    /** Why the configuration cannot be served, if it cannot. */
    Optional<String> refusal() {
        if (blankApiKey()) {
            return Optional.of("quarry.local.api-key (QUARRY_LOCAL_API_KEY) is set but empty, which would serve"
                    + " without authentication: set a key, or unset the variable to serve without one");
        }
        try {
            Tenants.canonical(config.tenant(), "quarry.local.tenant");
        } catch (QuarryException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether the API key is configured with an empty or blank value (which configuration reads as unset). */
    public static boolean blankApiKey() {
        String environment = System.getenv("QUARRY_LOCAL_API_KEY");
        if (environment != null && environment.isBlank()) {
            return true;
        }
        String raw = ConfigProvider.getConfig()
                .getConfigValue("quarry.local.api-key")
                .getRawValue();
        return raw != null && raw.isBlank();
    }
}
