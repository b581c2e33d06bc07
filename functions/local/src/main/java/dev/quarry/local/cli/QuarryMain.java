package dev.quarry.local.cli;

import dev.quarry.local.serve.Daemon;
import dev.quarry.local.serve.ServeClient;
import dev.quarry.local.serve.ServeFile;
import dev.quarry.local.serve.ServeRegistration;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code quarry} command line: one Quarkus application, one picocli command per verb. */
@QuarkusMain
public class QuarryMain implements QuarkusApplication {

    @Inject
    CdiCommandFactory factory;

    /** Set by {@link #main} when the command is an {@code ask} that runs here: {@link AskWarmup} starts early. */
    private static volatile boolean asking;

    /** Set by {@link #main} for an in-process ask with {@code QUARRY_ASK_SERVER=auto}. */
    private static volatile boolean startDaemonAfter;

    public static void main(String... args) {
        String command = args.length > 0 ? args[0] : "";
        boolean ask = command.equals("ask");
        boolean help = help(args);
        boolean background = command.equals("serve") && List.of(args).contains("--daemon");
        Path dataDir = dataDir();
        String reuse = Optional.ofNullable(System.getenv(ServeClient.SWITCH)).orElse("on");
        if (ask && !reuse.equals("off")) {
            // A running `quarry serve` of this data directory, build and settings answers in milliseconds, with
            // its models loaded and index open (ServeClient); without one (or with any doubt), ask runs here.
            OptionalInt answered = ServeClient.ask(dataDir, args, System.out, System.err);
            if (answered.isPresent()) {
                System.exit(answered.getAsInt());
            }
            startDaemonAfter = reuse.equals("auto") && !help;
        }
        if (ask || (!background && !command.isEmpty() && !command.equals("help") && !help)) {
            // Whatever opens the index here stops ask's background server first (never one started by hand): an
            // ask it did not answer (QUARRY_ASK_SERVER=off, still starting after 20 s, gone silent), and every
            // other command, so the server neither blocks a write nor answers from an index older than the write.
            Daemon.stop(dataDir);
        }
        if (background && !claim(dataDir)) {
            System.exit(0); // another server of this data directory runs already
        }
        NativeCache.useForOnnxRuntime();
        if (ask && !help) {
            asking = true;
            AskWarmup.startNativeLibraries();
        }
        // Only `quarry serve` listens on a port; every other verb runs without an HTTP server.
        boolean serving = command.equals("serve");
        if (!serving) {
            setIfAbsent("quarkus.http.host-enabled", "false");
        }
        // Quiet by default: one summary at the end, not the log lines of every component (--verbose shows them).
        // The server keeps its log: it runs unattended.
        if (!serving && !QuarryCli.verbose(args)) {
            setIfAbsent("quarkus.log.level", "ERROR");
            setIfAbsent("quarkus.log.category.\"dev.quarry\".level", "WARN");
            // The LLM client logs every retry with a stack trace; `quarry ask` says in one line why the answer is
            // missing.
            setIfAbsent("quarkus.log.category.\"dev.langchain4j\".level", "OFF");
        }
        if (serving) {
            port(args);
        }
        // `quarry serve` runs one query per core in parallel (quarry.local.max-concurrent-queries), so each
        // rerank gets one onnxruntime thread. Measured with `quarry bench query` on 2 cores, 25 candidates:
        // with 2 concurrent queries, 3.00 queries/s and p50 660 ms against 2.50 and 796 ms with onnxruntime's
        // default of a thread per core (and 1.34 against 0.38 queries/s when other work loads the machine).
        // A single query alone (`quarry ask`) is faster with the default (p50 321 ms against 632), so only
        // the server changes it, and only when not configured.
        if (serving
                && System.getProperty("quarry.rerank.intra-op-threads") == null
                && System.getenv("QUARRY_RERANK_INTRA_OP_THREADS") == null) {
            System.setProperty("quarry.rerank.intra-op-threads", "1");
        }
        Quarkus.run(QuarryMain.class, args);
    }

    /** {@code serve --port N}: the server's port is read when Quarkus starts, before the command line is parsed. */
    private static void port(String... args) {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                System.setProperty("quarkus.http.port", args[i + 1]);
            } else if (args[i].startsWith("--port=")) {
                System.setProperty("quarkus.http.port", args[i].substring("--port=".length()));
            }
        }
    }

    /**
     * {@code serve --daemon}: claims the data directory's note before anything opens the index, so two background
     * servers never start for one directory; listens on a random loopback port.
     */
    private static boolean claim(Path dataDir) {
        ServeFile note = ServeFile.forThisProcess("127.0.0.1", 0, true);
        try {
            if (!note.claim(dataDir)) {
                return false;
            }
        } catch (IOException e) {
            System.err.println("quarry serve --daemon: cannot write " + ServeFile.NAME + ": " + e.getMessage());
            return false;
        }
        ServeRegistration.claimed(note);
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", "0");
        return true;
    }

    /** Whether the embedder should load while Quarkus starts (an {@code ask} that is not answered elsewhere). */
    static boolean asking() {
        return asking;
    }

    /** {@code quarry.local.data-dir} as the application will read it: -D, then the environment, then the default. */
    private static Path dataDir() {
        String property = System.getProperty("quarry.local.data-dir");
        String environment = System.getenv("QUARRY_LOCAL_DATA_DIR");
        return Path.of(property != null ? property : environment != null ? environment : ".quarry");
    }

    private static boolean help(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")) {
                return true;
            }
        }
        return false;
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    @Override
    public int run(String... args) {
        int exit = QuarryCli.create(factory, QuarryCli.verbose(args)).execute(args);
        if (startDaemonAfter) {
            // For the next questions; it waits for this process to close the index.
            Daemon.spawn(dataDir());
        }
        return exit;
    }
}
