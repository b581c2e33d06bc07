package dev.quarry.local.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The note a running {@code quarry serve} leaves in its data directory ({@value #NAME}, readable by its owner
 * only) so that {@code quarry ask} can send the question to it instead of starting a JVM's worth of models: where it
 * listens, which process it is, a secret token that proves a caller may read the data directory, and the build of
 * the command line it runs. Plain {@link Properties}, so the command line reads it before Quarkus starts.
 *
 * <p>A note is trusted only while its process is alive with the recorded start time (a killed server leaves its
 * note behind; its pid may be reused) and was written by the same build as the reader (a server started before
 * the command line was rebuilt must not answer for it).
 */
public record ServeFile(
        String host,
        int port,
        long pid,
        long startedMillis,
        String token,
        String build,
        String config,
        boolean daemon) {

    /** The note's file name in the data directory. */
    public static final String NAME = "serve.properties";

    public ServeFile {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(token, "token must not be null");
        Objects.requireNonNull(build, "build must not be null");
        Objects.requireNonNull(config, "config must not be null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (starting) or 1..65535, was " + port);
        }
    }

    /** The same note with the port the server now listens on. */
    public ServeFile listening(int listeningPort) {
        return new ServeFile(host, listeningPort, pid, startedMillis, token, build, config, daemon);
    }

    /**
     * The note for this process, listening on {@code host:port} (0: not yet), with a fresh random token; {@code
     * daemon} when {@code quarry ask} started it in the background (then other commands may stop it).
     */
    public static ServeFile forThisProcess(String host, int port, boolean daemon) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        ProcessHandle self = ProcessHandle.current();
        return new ServeFile(
                host,
                port,
                self.pid(),
                startMillis(self),
                HexFormat.of().formatHex(secret),
                currentBuild(),
                ServeConfig.fingerprint(),
                daemon);
    }

    /** The note in {@code dataDir}, if there is one that parses; not checked for liveness or build. */
    public static Optional<ServeFile> read(Path dataDir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve(NAME))) {
            p.load(in);
            return Optional.of(new ServeFile(
                    p.getProperty("host", "127.0.0.1"),
                    Integer.parseInt(p.getProperty("port", "0")),
                    Long.parseLong(p.getProperty("pid", "-1")),
                    Long.parseLong(p.getProperty("started", "-1")),
                    p.getProperty("token", ""),
                    p.getProperty("build", ""),
                    p.getProperty("config", ""),
                    Boolean.parseBoolean(p.getProperty("daemon", "false"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) { // unreadable, half-written by hand, not numbers: no server
            return Optional.empty();
        }
    }

    /** Writes the note atomically (a reader sees the old note or the new one), readable by the owner only. */
    public void write(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, ".serve", ".tmp");
        try {
            store(tmp);
            try {
                Files.move(
                        tmp,
                        dataDir.resolve(NAME),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void store(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply.
        }
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("started", Long.toString(startedMillis));
        p.setProperty("token", token);
        p.setProperty("build", build);
        p.setProperty("config", config);
        p.setProperty("daemon", Boolean.toString(daemon));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "quarry serve is running: quarry ask sends questions here. Removed when it stops.");
        }
    }

    /**
     * Writes the note only if there is none (a stale one, of an ended process, is replaced): whether this process
     * now owns the data directory's note. Two servers started at once cannot both claim it.
     */
    public boolean claim(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        for (int attempt = 0; attempt < 2; attempt++) {
            Path tmp = Files.createTempFile(dataDir, ".serve", ".tmp");
            try {
                store(tmp);
                Files.createLink(dataDir.resolve(NAME), tmp); // fails if a note exists: atomic
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Optional<ServeFile> existing = read(dataDir);
                if (existing.isPresent() && existing.get().alive()) {
                    return false;
                }
                Files.deleteIfExists(dataDir.resolve(NAME)); // stale: its process has ended
            } catch (UnsupportedOperationException noLinks) {
                write(dataDir);
                return true;
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return false;
    }

    /** Removes the note from {@code dataDir} if it is still this one (a newer server may have replaced it). */
    public void remove(Path dataDir) {
        if (read(dataDir).filter(this::equals).isPresent()) {
            try {
                Files.deleteIfExists(dataDir.resolve(NAME));
            } catch (IOException e) {
                // Left behind: readers find its process gone and ignore it.
            }
        }
    }

    /** Whether the recorded process is alive and is the one that wrote the note (not a reused pid). */
    public boolean alive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> startMillis(p) == startedMillis)
                .isPresent();
    }

    /**
     * Whether a command line of this build and configuration may hand its questions to this server: the same
     * build, the same {@code quarry.*}/{@code quarkus.*} settings ({@link ServeConfig}), alive and listening.
     */
    public boolean usable() {
        return matches() && port > 0 && alive();
    }

    /** Whether this note's server runs this build with this process's configuration. */
    public boolean matches() {
        return build.equals(currentBuild()) && config.equals(ServeConfig.fingerprint());
    }

    /** The host to connect to: the server's own, or loopback when it listens on every interface. */
    public String connectHost() {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
    }

    /**
     * This process's build of the command line: the application jar it runs from, with its size and modification
     * time (the build rewrites it), so a server from before a rebuild does not match. Processes started from the
     * same class path without a jar (tests) match each other.
     */
    public static String currentBuild() {
        String classPath = System.getProperty("java.class.path", "");
        String first = classPath.split(java.io.File.pathSeparator, 2)[0];
        Path jar = Path.of(first);
        if (!first.endsWith(".jar") || !Files.isRegularFile(jar)) {
            return "classpath:" + Integer.toHexString(classPath.hashCode());
        }
        try {
            return jar.toRealPath() + ":" + Files.size(jar) + ":"
                    + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return "unreadable:" + first;
        }
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }
}
