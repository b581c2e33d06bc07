package dev.quarry.local.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code quarry ask} through a running {@code quarry serve} of the same data directory and build ({@link
 * ServeFile}): the command line's arguments go to {@value LocalAskPaths#ASK}, which runs the same command in the
 * server and answers with its exit status, standard output and standard error, printed here unchanged. Uses
 * only the JDK, so it runs before Quarkus starts; any doubt (no note, a dead or other-build server, a refused
 * connection, a server that cannot tell) means "not answered", and the command runs in this process instead.
 */
public final class ServeClient {

    /**
     * Environment variable: {@code off} (always in process), {@code on} (a running server answers; the default),
     * {@code auto} (also start a background server for the next questions when none runs: {@link Daemon}).
     */
    public static final String SWITCH = "QUARRY_ASK_SERVER";

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    /** Long enough for a slow LLM answer (quarry.answer.* retries), short enough not to hang forever. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    private ServeClient() {}

    /**
     * Runs {@code args} (an {@code ask} command line) in the server noted in {@code dataDir} and prints its output
     * to {@code out} and {@code err}; the exit status, or empty when no usable server answered (nothing printed).
     */
    public static OptionalInt ask(Path dataDir, String[] args, PrintStream out, PrintStream err) {
        Optional<ServeFile> noted = ServeFile.read(dataDir).filter(ServeFile::alive);
        if (noted.isPresent() && noted.get().daemon()) {
            if (!noted.get().matches()) {
                // A background server of another build or other settings: it must not answer, nor hold the index.
                Daemon.stop(dataDir);
                return OptionalInt.empty();
            }
            if (noted.get().port() == 0) {
                Daemon.awaitStarting(dataDir);
            }
        }
        Optional<ServeFile> note = ServeFile.read(dataDir).filter(ServeFile::usable);
        if (note.isEmpty()) {
            return OptionalInt.empty();
        }
        ServeFile server = note.get();
        byte[] answer;
        int exit;
        try {
            HttpURLConnection http = (HttpURLConnection)
                    URI.create("http://" + server.connectHost() + ":" + server.port() + LocalAskPaths.ASK)
                            .toURL()
                            .openConnection();
            http.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            http.setReadTimeout((int) READ_TIMEOUT.toMillis());
            http.setDoOutput(true);
            http.setRequestMethod("POST");
            http.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            http.setRequestProperty(LocalAskPaths.TOKEN_HEADER, server.token());
            http.setRequestProperty(LocalAskPaths.BUILD_HEADER, ServeFile.currentBuild());
            try (OutputStream body = http.getOutputStream()) {
                body.write(form(args).getBytes(StandardCharsets.UTF_8));
            }
            if (http.getResponseCode() != 200) {
                return OptionalInt.empty(); // another build, a full queue, a token mismatch: ask in this process
            }
            exit = Integer.parseInt(http.getHeaderField(LocalAskPaths.EXIT_HEADER));
            try (InputStream in = http.getInputStream()) {
                answer = in.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
        Optional<byte[][]> streams = LocalAskPaths.split(answer);
        if (streams.isEmpty()) {
            return OptionalInt.empty();
        }
        out.write(streams.get()[0], 0, streams.get()[0].length);
        out.flush();
        err.write(streams.get()[1], 0, streams.get()[1].length);
        err.flush();
        return OptionalInt.of(exit);
    }

    /** {@code arg=...&arg=...}: every argument, in order, URL-encoded. */
    static String form(String[] args) {
        StringBuilder form = new StringBuilder();
        for (String arg : args) {
            if (!form.isEmpty()) {
                form.append('&');
            }
            form.append("arg=").append(URLEncoder.encode(arg, StandardCharsets.UTF_8));
        }
        return form.toString();
    }
}
