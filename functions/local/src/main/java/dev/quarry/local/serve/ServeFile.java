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
public record ServeFile(String host, int port, long pid, long startedMillis, String token, String build) {

    /** The note's file name in the data directory. */
    public static final String NAME = "serve.properties";

    public ServeFile {
        Objects.requireNonNull(host, "host must not be null");
        Objects.requireNonNull(token, "token must not be null");
        Objects.requireNonNull(build, "build must not be null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    /** The note for this process, listening on {@code host:port}, with a fresh random token. */
    public static ServeFile forThisProcess(String host, int port) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        ProcessHandle self = ProcessHandle.current();
        return new ServeFile(
                host, port, self.pid(), startMillis(self), HexFormat.of().formatHex(secret), currentBuild());
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
                    p.getProperty("build", "")));
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
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
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
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "quarry serve is running: quarry ask sends questions here. Removed when it stops.");
            }
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

    /** Whether a command line of this build may hand its questions to this server. */
    public boolean usable() {
        return build.equals(currentBuild()) && alive();
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
