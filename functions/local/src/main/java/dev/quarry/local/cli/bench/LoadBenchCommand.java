package dev.quarry.local.cli.bench;

import dev.quarry.tools.bench.BenchFiles;
import dev.quarry.tools.bench.BenchReport;
import dev.quarry.tools.bench.LoadBench;
import dev.quarry.tools.bench.TimingCrossEncoder;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Dependent
@Unremovable
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Load test of POST /v1/query: starts `quarry serve` as a child process on loopback (or uses"
                + " --url), loads synthetic documents, then runs up to 1,000 concurrent clients for a bounded time with"
                + " a mix of cache hits, paraphrases and misses.")
public class LoadBenchCommand implements Callable<Integer> {

    @Option(names = "--clients", defaultValue = "1000", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "60", description = "Load duration (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--hits", defaultValue = "0.6", description = "Share of popular questions asked verbatim.")
    double hits;

    @Option(names = "--paraphrases", defaultValue = "0.2", description = "Share of reworded popular questions.")
    double paraphrases;

    @Option(names = "--documents", defaultValue = "200", description = "Synthetic documents loaded first.")
    int documents;

    @Option(names = "--url", description = "Load this running server instead of starting one (no RSS then).")
    URI url;

    @Option(names = "--server-jar", description = "The quarry fast-jar to start (default: the running one).")
    Path serverJar;

    @Option(names = "--server-heap", defaultValue = "512m", description = "-Xmx of the started server.")
    String serverHeap;

    @Option(
            names = "--server-max-concurrent",
            defaultValue = "0",
            description = "quarry.local.max-concurrent-queries of the started server (0: one per core).")
    int serverMaxConcurrent;

    @Option(
            names = "--server-max-queued",
            defaultValue = "256",
            description = "quarry.local.max-queued-queries of the started server (default ${DEFAULT-VALUE}).")
    int serverMaxQueued;

    @Option(names = "--no-rerank", description = "Start the server without the timing reranker.")
    boolean noRerank;

    @Option(names = "--short", description = "Small sizes for CI: 50 clients, 5 s, 20 documents.")
    boolean quick;

    @Mixin
    BenchOutput output;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            clients = 50;
            seconds = 5;
            documents = 20;
        }
        Process server = null;
        Path work = Files.createTempDirectory("quarry-bench-load-");
        try {
            URI base = url;
            OptionalLong pid = OptionalLong.empty();
            if (base == null) {
                int port = freePort();
                server = startServer(work, port);
                pid = OptionalLong.of(server.pid());
                base = URI.create("http://127.0.0.1:" + port);
                awaitHealthy(base, server);
            }
            LoadBench.seedDocuments(base, documents);
            BenchReport report = new LoadBench(new LoadBench.Settings(
                            base,
                            clients,
                            Duration.ofSeconds(seconds),
                            hits,
                            paraphrases,
                            pid,
                            Duration.ofSeconds(60),
                            42))
                    .run();
            if (server != null) {
                boolean alive = server.isAlive();
                String log = Files.readString(work.resolve("server.log"));
                boolean oom = log.contains("OutOfMemoryError");
                report.result("server_alive_after_load", alive);
                report.result("server_out_of_memory", oom);
                report.setting(
                        "server",
                        "quarry serve -Xmx" + serverHeap + ", max concurrent " + serverMaxConcurrent + " (0 = cores),"
                                + " max queued " + serverMaxQueued + (noRerank ? "" : ", timing reranker"));
                report.note("server alive after load: " + alive + "; OutOfMemoryError in its log: " + oom);
            }
            output.emit(report);
            long errors = (long) report.results().get("errors");
            return errors == 0 && !Boolean.FALSE.equals(report.results().get("server_alive_after_load")) ? 0 : 1;
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            BenchFiles.deleteRecursively(work);
        }
    }

    private Process startServer(Path work, int port) throws IOException {
        Path jar = serverJar != null ? serverJar : runningJar();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx" + serverHeap,
                "-XX:+ExitOnOutOfMemoryError",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarry.local.data-dir=" + work.resolve("data"),
                "-Dquarry.local.max-concurrent-queries=" + serverMaxConcurrent,
                "-Dquarry.local.max-queued-queries=" + serverMaxQueued));
        if (!noRerank) {
            command.add("-Dquarry.rerank.model-dir=" + TimingCrossEncoder.writeTo(BenchFiles.timingModelDir()));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile())
                .start();
    }

    private static Path runningJar() {
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.endsWith("quarkus-run.jar")) {
            throw new IllegalStateException("not running from the packaged quarry jar (class path " + classPath
                    + "): pass --server-jar functions/local/target/quarkus-app/quarkus-run.jar or --url");
        }
        return Path.of(classPath);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHealthy(URI base, Process server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException(
                        "quarry serve exited with " + server.exitValue() + " before it was healthy");
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(base.resolve("/v1/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("quarry serve was not healthy within 120 s");
    }
}
