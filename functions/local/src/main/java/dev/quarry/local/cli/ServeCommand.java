package dev.quarry.local.cli;

import dev.quarry.core.QuarryException;
import dev.quarry.core.model.Tenants;
import dev.quarry.core.query.QueryPipeline;
import dev.quarry.local.LocalConfig;
import dev.quarry.local.LocalIngestor;
import dev.quarry.local.serve.Daemon;
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
import java.time.Duration;
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

    /** Started by {@code quarry ask} in the background (see {@link Daemon}); read by {@link QuarryMain#main}. */
    @Option(names = "--daemon", hidden = true)
    boolean daemon;

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

    @Inject
    Instance<QueryPipeline> pipeline;

    @Override
    public Integer call() throws InterruptedException {
        Optional<String> refused = refusal();
        if (refused.isPresent()) {
            System.err.println("quarry serve: " + refused.get());
            return 2;
        }
        if (daemon) {
            return background();
        }
        // Documents a killed server left unfinished end before new work is taken.
        ingestor.get().recover();
        int bound = boundPort();
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

    /** The port actually bound (QUARKUS_HTTP_PORT=0 picks one): Quarkus's value registry answers it in config. */
    private int boundPort() {
        return ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", Integer.class)
                .orElse(port);
    }

    /**
     * {@code quarry ask}'s background server: opens the index and loads the models (waiting a little if the ask
     * that started it still holds the index), then answers forwarded questions until idle for {@link
     * Daemon#idleLimit()} or stopped by another command. Ingests nothing: a write command stops it first.
     */
    private Integer background() throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try {
                pipeline.get();
                break;
            } catch (QuarryException.Transient busy) {
                if (System.nanoTime() > deadline) {
                    System.err.println("quarry serve --daemon: " + busy.getMessage());
                    registration.unregister();
                    return QuarryCli.FAILURE;
                }
                Thread.sleep(200);
            }
        }
        int bound = boundPort();
        try {
            registration.register(host, bound);
        } catch (IOException e) {
            System.err.println("quarry serve --daemon: could not note the server: " + e.getMessage());
            return QuarryCli.FAILURE;
        }
        Duration limit = Daemon.idleLimit();
        Thread idle = new Thread(
                () -> {
                    try {
                        while (registration.idle().compareTo(limit) < 0) {
                            Thread.sleep(Math.min(10_000, limit.toMillis()));
                        }
                        Quarkus.asyncExit(0);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "quarry-daemon-idle");
        idle.setDaemon(true);
        idle.start();
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
