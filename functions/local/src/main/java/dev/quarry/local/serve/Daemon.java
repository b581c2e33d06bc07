package dev.quarry.local.serve;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The background server {@code quarry ask} starts for the next questions ({@code QUARRY_ASK_SERVER=auto}, the
 * {@code quarry} launcher's default): a {@code quarry serve --daemon} on a random loopback port that answers only
 * callers holding its token, stops after {@value #DEFAULT_IDLE_MINUTES} idle minutes ({@code
 * QUARRY_ASK_SERVER_IDLE_MINUTES}), and is stopped by every other command of its data directory before that
 * command opens the index (ingest, delete, status, serve, eval, bench), so it never blocks a write and never
 * answers from an index older than the last ingest.
 */
public final class Daemon {

    /** Minutes without a question after which a background server stops. */
    public static final int DEFAULT_IDLE_MINUTES = 15;

    /** Its log, in the data directory. */
    public static final String LOG = "serve-daemon.log";

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private Daemon() {}

    /** The idle limit from {@code QUARRY_ASK_SERVER_IDLE_MINUTES}, else the default. */
    public static Duration idleLimit() {
        String minutes = System.getenv(ServeClient.SWITCH + "_IDLE_MINUTES");
        try {
            return Duration.ofMinutes(minutes == null ? DEFAULT_IDLE_MINUTES : Math.max(1, Integer.parseInt(minutes)));
        } catch (NumberFormatException e) {
            return Duration.ofMinutes(DEFAULT_IDLE_MINUTES);
        }
    }

    /**
     * Stops the background server of {@code dataDir}, if one runs, and waits until it has closed the index; a
     * server started by hand ({@code quarry serve}) is left alone. Whether one was stopped.
     */
    public static boolean stop(Path dataDir) {
        Optional<ServeFile> note = ServeFile.read(dataDir).filter(ServeFile::daemon);
        if (note.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> process =
                ProcessHandle.of(note.get().pid()).filter(p -> note.get().alive());
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy(); // SIGTERM: Quarkus shuts down, closing the index and removing the note
        try {
            process.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still closing: the command that wanted the index reports the index as busy.
        }
        note.get().remove(dataDir);
        return true;
    }

    /** Waits for a background server that is starting (its note has no port yet) to listen, or to end. */
    public static void awaitStarting(Path dataDir) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ServeFile> note = ServeFile.read(dataDir);
            if (note.isEmpty() || note.get().port() > 0 || !note.get().alive()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Starts a background server for {@code dataDir} with this JVM's binary, options and application jar, and
     * does not wait for it; nothing when this process does not run from a jar or a server is noted already.
     */
    public static void spawn(Path dataDir) {
        if (ServeFile.read(dataDir).filter(ServeFile::alive).isPresent()) {
            return;
        }
        String jar = System.getProperty("java.class.path", "");
        Optional<String> java = ProcessHandle.current().info().command();
        if (java.isEmpty() || !jar.endsWith(".jar") || jar.contains(File.pathSeparator)) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Not the launcher's short-command JIT limit (a server runs long), nor a class cache being written.
            if (!option.startsWith("-XX:TieredStopAtLevel")
                    && !option.startsWith("-XX:ArchiveClassesAtExit")
                    && !option.startsWith("-XX:AOTCacheOutput")
                    && !option.startsWith("-agentlib")
                    && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-jar", jar, "serve", "--daemon"));
        try {
            Files.createDirectories(dataDir);
            new ProcessBuilder(command)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dataDir.resolve(LOG).toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException | RuntimeException e) {
            // No background server: the next ask runs in process too.
        }
    }
}
