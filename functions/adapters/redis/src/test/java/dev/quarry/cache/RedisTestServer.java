package dev.quarry.cache;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} child process on a free loopback port, so tests may kill and restart it
 * without disturbing anyone else's Redis: loopback only, no persistence. It runs the {@code redis-server} on the
 * {@code PATH} when there is one, else the real redis-server binary that comes with the build (the
 * {@code com.github.codemonstur:embedded-redis} jar holds them for Linux, macOS and Windows), so the tests need
 * nothing installed.
 */
public final class RedisTestServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final String executable;
    private final String searchPath;
    private Process process;

    private RedisTestServer(int port, Path dir, String executable, String searchPath) {
        this.port = port;
        this.dir = dir;
        this.executable = executable;
        this.searchPath = searchPath;
    }

    public static RedisTestServer start() {
        return start(System.getenv().getOrDefault("PATH", ""));
    }

    /** A server found through {@code searchPath} (a {@code PATH} value), else the bundled binary. */
    static RedisTestServer start(String searchPath) {
        try {
            RedisTestServer server = new RedisTestServer(
                    freePort(), Files.createTempDirectory("quarry-redis"), executable(searchPath), searchPath);
            server.restart();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage(), e);
        }
    }

    /** The {@code redis-server} on {@code searchPath}, else the bundled one for this platform. */
    static String executable(String searchPath) throws IOException {
        Optional<File> installed = onPath(searchPath, "redis-server");
        if (installed.isPresent()) {
            return installed.get().getAbsolutePath();
        }
        File bundled = ExecutableProvider.newJarResourceProvider().get();
        if (!bundled.canExecute() && !bundled.setExecutable(true)) {
            throw new IOException("cannot make the bundled " + bundled + " executable");
        }
        return bundled.getAbsolutePath();
    }

    private static Optional<File> onPath(String searchPath, String name) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            File file = new File(dir, name);
            if (!dir.isBlank() && file.isFile() && file.canExecute()) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The redis-server program this server runs. */
    public String executable() {
        return executable;
    }

    /** The running process (tests check what it is). */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** Starts (again) on the same port, with an empty dataset. */
    public void restart() {
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            executable,
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile());
            builder.environment().put("PATH", searchPath);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ping(port)) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(50);
        }
        throw new IllegalStateException(
                executable + " did not answer PING on port " + port + ", see " + dir.resolve("redis.log"));
    }

    /** Kills the server (SIGKILL) and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }

    static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16];
            int n = in.read(buffer);
            return n > 0 && new String(buffer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
