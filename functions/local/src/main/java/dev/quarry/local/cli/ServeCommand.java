package dev.quarry.local.cli;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Dependent
@Unremovable
@Command(
        name = "serve",
        description = "Serve the HTTP API (POST /v1/query, GET /v1/documents/{key}, PUT /v1/documents/{key},"
                + " GET /v1/health) on localhost until interrupted.")
public class ServeCommand implements Callable<Integer> {

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String host;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    @Override
    public Integer call() {
        System.err.printf("quarry serving on http://%s:%d (Ctrl-C to stop)%n", host, port);
        Quarkus.waitForExit();
        return 0;
    }
}
